package dev.kopilka.analytics;

import dev.kopilka.ProgramId;

/**
 * Campaign ROI against control groups, channel economics and program health, computed in the store
 * ({@code Kopilka.analytics()}). Export with {@link AnalyticsExport}. Definitions: docs/analytics.md.
 */
public interface Analytics {

    /** Every campaign with participations in the period, the channels and the program's health. */
    AnalyticsReport report(ProgramId program, ReportPeriod period);

    /** One campaign's participations in the period. */
    CampaignResult campaign(ProgramId program, String campaignId, ReportPeriod period);

    ChannelEconomics channels(ProgramId program, ReportPeriod period);

    ProgramHealth health(ProgramId program, ReportPeriod period);
}
