package dev.kopilka.analytics;

import java.time.Instant;
import java.util.List;

/** Everything analytics report for one program and period. */
public record AnalyticsReport(String program, ReportPeriod period, Instant generatedAt, List<CampaignResult> campaigns,
        ChannelEconomics channels, ProgramHealth health) {

    public AnalyticsReport {
        campaigns = List.copyOf(campaigns);
    }
}
