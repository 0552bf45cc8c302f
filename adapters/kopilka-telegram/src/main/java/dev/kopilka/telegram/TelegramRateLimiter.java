package dev.kopilka.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Telegram's flood limits, shared by everything that sends with one bot token (the outbox channel and the
 * bot's replies): at most {@code perSecond} sends in any second overall and one send per chat per
 * {@code perChatInterval}, and a global pause after a 429 for its {@code retry_after} (Telegram throttles the
 * whole bot, not one chat). TelegramBots has no limiter of its own.
 *
 * <p>Telegram counts a request when it arrives, which is somewhere between our sending it and our getting
 * the answer. A send therefore occupies its slot from {@link #acquire} until {@link Permit#done()} and is
 * then dated at its completion — the latest it can have arrived — so uneven network delays (a cold
 * connection, a slow answer) can never squeeze one send too many into Telegram's second. Thread-safe;
 * waiting threads sleep, they do not spin.
 */
public final class TelegramRateLimiter {

    /** Added to every window: our clock and the moment Telegram's frontend reads the request differ a little. */
    public static final Duration JITTER_GUARD = Duration.ofMillis(25);
    private static final long GUARD_NANOS = JITTER_GUARD.toNanos();
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1) + GUARD_NANOS;
    /** How often a thread blocked only by in-flight sends looks again. */
    private static final long IN_FLIGHT_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int CHAT_PRUNE_THRESHOLD = 10_000;

    private final int perSecond;
    private final int paidPerSecond;
    private final long perChatNanos;
    private final List<Permit> recent = new ArrayList<>();
    private final List<Permit> recentPaid = new ArrayList<>();
    private final Map<Long, Permit> lastByChat = new HashMap<>();
    private long pausedUntil;
    private boolean paused;

    public TelegramRateLimiter(int perSecond, Duration perChatInterval) {
        this(perSecond, perSecond, perChatInterval);
    }

    /**
     * @param paidPerSecond the overall limit of sends with {@code allow_paid_broadcast}, counted apart from
     *                      the free ones (which Telegram still holds to {@code perSecond})
     */
    public TelegramRateLimiter(int perSecond, int paidPerSecond, Duration perChatInterval) {
        if (perSecond < 1 || paidPerSecond < 1) {
            throw new IllegalArgumentException("limits must be at least 1 per second: " + perSecond + ", "
                    + paidPerSecond);
        }
        this.perSecond = perSecond;
        this.paidPerSecond = paidPerSecond;
        this.perChatNanos = perChatInterval.toNanos() + GUARD_NANOS;
    }

    public int perSecond() {
        return perSecond;
    }

    /** One send's slot: call {@link #done()} when the answer (or failure) came back. */
    public final class Permit {
        private long at;
        private boolean inFlight = true;

        private Permit(long at) {
            this.at = at;
        }

        public void done() {
            synchronized (TelegramRateLimiter.this) {
                if (inFlight) {
                    inFlight = false;
                    at = System.nanoTime();
                }
            }
        }
    }

    /** The outcome of {@link #acquire}: a permit, or the wait that would have exceeded the caller's limit. */
    public record Slot(Permit permit, Duration wouldWait) {
        public boolean granted() {
            return permit != null;
        }
    }

    /**
     * Waits for a slot to send to {@code chatId} and takes it, or gives up when the wait would exceed
     * {@code maxWait} (nothing taken then: the caller reports a retryable send instead of blocking its thread).
     *
     * @throws InterruptedException when the waiting thread is interrupted (nothing taken)
     */
    public Slot acquire(long chatId, Duration maxWait) throws InterruptedException {
        return acquire(chatId, maxWait, false);
    }

    /** As {@link #acquire(long, Duration)}; {@code paid} sends carry {@code allow_paid_broadcast}. */
    public Slot acquire(long chatId, Duration maxWait, boolean paid) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                wait = waitNanos(chatId, now, paid);
                if (wait <= 0) {
                    Permit permit = new Permit(now);
                    (paid ? recentPaid : recent).add(permit);
                    lastByChat.put(chatId, permit);
                    return new Slot(permit, Duration.ZERO);
                }
                if (now + wait - deadline > 0) {
                    return new Slot(null, Duration.ofNanos(wait));
                }
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(250)));
        }
    }

    /** Telegram answered 429: nobody sends with this token for {@code retryAfter}. */
    public synchronized void pause(Duration retryAfter) {
        long until = System.nanoTime() + retryAfter.toNanos();
        if (!paused || until - pausedUntil > 0) {
            pausedUntil = until;
            paused = true;
        }
    }

    /** How long sends are still paused after a 429, zero if not. */
    public synchronized Duration pausedFor() {
        long left = paused ? pausedUntil - System.nanoTime() : 0;
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    private long waitNanos(long chatId, long now, boolean paid) {
        long wait = 0;
        if (paused && pausedUntil - now > 0) {
            wait = pausedUntil - now;
        }
        List<Permit> window = paid ? recentPaid : recent;
        window.removeIf(p -> !p.inFlight && now - p.at >= WINDOW_NANOS);
        if (window.size() >= (paid ? paidPerSecond : perSecond)) {
            // the send that leaves the window first must leave before another may go
            long soonest = Long.MAX_VALUE;
            for (Permit p : window) {
                long leaves = p.inFlight ? IN_FLIGHT_RECHECK_NANOS : p.at + WINDOW_NANOS - now;
                soonest = Math.min(soonest, leaves);
            }
            wait = Math.max(wait, Math.max(soonest, 1));
        }
        Permit last = lastByChat.get(chatId);
        if (last != null) {
            long chatWait = last.inFlight ? IN_FLIGHT_RECHECK_NANOS : last.at + perChatNanos - now;
            wait = Math.max(wait, chatWait);
        }
        if (lastByChat.size() > CHAT_PRUNE_THRESHOLD) {
            for (Iterator<Permit> it = lastByChat.values().iterator(); it.hasNext();) {
                Permit p = it.next();
                if (!p.inFlight && now - p.at > perChatNanos) {
                    it.remove();
                }
            }
        }
        return wait;
    }
}
