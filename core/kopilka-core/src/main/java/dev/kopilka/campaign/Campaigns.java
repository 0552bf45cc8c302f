package dev.kopilka.campaign;

import dev.kopilka.ProgramId;
import java.time.LocalDate;
import java.util.List;

/**
 * The trigger campaigns of a program. Obtain it from {@code Kopilka.campaigns()}. Event-triggered campaigns
 * run by themselves inside the transaction of their event; the time-based ones run in the daily sweep, either
 * from the {@link #startScheduler scheduler} or explicitly.
 */
public interface Campaigns {

    /** The configured campaigns, validated at start. */
    List<Campaign> definitions();

    /**
     * Runs the day's sweep now: time-based triggers and due follow-ups. Cluster-safe: when another instance
     * holds the day's run, nothing happens ({@link SweepReport#ran()} false). Running a finished day again is
     * harmless: every participation and message is unique.
     */
    SweepReport sweep(ProgramId program, LocalDate day);

    /** The participations of a campaign, for ROI and audits. */
    List<Participation> participations(ProgramId program, String campaignId);

    /**
     * Starts a daemon thread that runs the program's sweep once a day at {@code kopilka.campaigns.sweep-time}
     * (program zone). Close the returned handle to stop it.
     */
    AutoCloseable startScheduler(ProgramId program);
}
