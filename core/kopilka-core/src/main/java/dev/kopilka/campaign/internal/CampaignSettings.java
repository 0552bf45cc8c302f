package dev.kopilka.campaign.internal;

import dev.kopilka.campaign.Campaign;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * The validated {@code kopilka.campaigns.*} configuration.
 *
 * @param quietFrom        start of the quiet hours (program zone); null: no quiet hours
 * @param quietUntil       end of the quiet hours
 * @param capMessages      marketing participations allowed per member per {@code capPeriod}; 0: no cap
 * @param catchUpDays      how many days late a time-based trigger still fires (missed sweeps)
 */
public record CampaignSettings(List<Campaign> campaigns, LocalTime sweepTime, LocalTime quietFrom,
        LocalTime quietUntil, int capMessages, Duration capPeriod, int pageSize, Duration lease, int catchUpDays) {

    public static final String PREFIX = "kopilka.campaigns.";
    public static final LocalTime DEFAULT_SWEEP_TIME = LocalTime.of(10, 0);
    public static final String DEFAULT_QUIET_HOURS = "21:00-09:00";
    public static final int DEFAULT_CAP_MESSAGES = 3;
    public static final Duration DEFAULT_CAP_PERIOD = Duration.ofDays(7);
    public static final int DEFAULT_PAGE_SIZE = 500;
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(30);
    public static final int DEFAULT_CATCH_UP_DAYS = 3;

    public CampaignSettings {
        campaigns = List.copyOf(campaigns);
    }
}
