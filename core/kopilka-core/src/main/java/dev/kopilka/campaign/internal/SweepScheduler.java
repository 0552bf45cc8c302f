package dev.kopilka.campaign.internal;

import dev.kopilka.ProgramId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded scheduler: a daemon thread that checks every minute whether today's sweep is due (past the sweep
 * time in the program's zone) and not finished, and runs it. Several instances may run one each: the run claim
 * lets only one sweep a day. A failed sweep is retried at the next check.
 */
final class SweepScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SweepScheduler.class);
    static final long CHECK_EVERY_SECONDS = 60;

    private final ScheduledExecutorService executor;
    /** The executor's threads: joined on close, since a terminated executor's worker may still be exiting. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    SweepScheduler(CampaignEngine engine, ProgramId program, Clock clock, ZoneId zone, LocalTime sweepTime) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kopilka-campaign-sweep-" + program.value());
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                ZonedDateTime now = clock.instant().atZone(zone);
                LocalDate today = now.toLocalDate();
                if (!now.toLocalTime().isBefore(sweepTime) && !engine.finished(program, today)) {
                    engine.sweep(program, today);
                }
            } catch (RuntimeException e) {
                LOG.error("Campaign sweep of {} failed; retried at the next check", program.value(), e);
            }
        }, 0, CHECK_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
