package dev.kopilka.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kopilka.Kopilka;
import dev.kopilka.event.DomainEventListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.interfaces.BackOff;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The loyalty bot running: TelegramBots long polling on Kopilka-owned daemon threads, updates handled one at a
 * time in arrival order by {@link LoyaltyBot}, and a watchdog that restarts polling when no {@code getUpdates}
 * succeeded for {@code kopilka.telegram.polling.restart-when-quiet} (users report sessions that silently stop
 * receiving: TelegramBots #1508). An update whose handling throws is logged with its id and user, answered with the
 * {@code error} text, and does not stop polling. Replies wait out the shared rate limit and are sent again when
 * Telegram surely did not take them (429, 5xx, no connection); those that still fail are logged with their kind and
 * counted ({@link #failedReplies()}). {@link #close()} stops everything and leaves no thread behind (TelegramBots' own executors
 * are never shut down by the library: #1513).
 *
 * <p><b>One poller per bot token</b>: a second process polling the same token makes Telegram answer 409
 * "terminated by other getUpdates request" to one of them. Run the bot in one instance of the application;
 * the channel may send from every instance (they then share Telegram's limits without coordinating: give
 * each a share of {@code rate.per-second}).
 */
public final class TelegramBot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);
    private static final List<String> ALLOWED_UPDATES = List.of("message", "my_chat_member");
    private static final Duration BACKOFF_INITIAL = Duration.ofMillis(500);
    private static final double BACKOFF_MULTIPLIER = 1.5;
    private static final int UPDATES_PER_POLL = 100;

    private final TelegramConnection connection;
    private final LoyaltyBot bot;
    private final ExecutorService updates;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService pollingHttpThreads;
    private final OkHttpClient pollingHttp;
    private final AtomicInteger lastUpdateId = new AtomicInteger(0);
    private final AtomicLong lastGoodPollNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger restarts = new AtomicInteger();
    private final Object lifecycle = new Object();
    private ScheduledExecutorService pollThread;
    private BotSession session;
    private boolean closed;

    private TelegramBot(Builder b) {
        this.connection = b.connection;
        this.bot = new LoyaltyBot(b.kopilka, b.connection, b.clock, b.reachability);
        this.updates = Executors.newSingleThreadExecutor(daemon("kopilka-telegram-updates"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("kopilka-telegram-watchdog"));
        this.pollingHttpThreads = TelegramConnection.daemonPool("kopilka-telegram-poll-http");
        // its own dispatcher: close() cancels the long poll in flight instead of waiting out its timeout
        this.pollingHttp = connection.pollingHttp().newBuilder()
                .dispatcher(new Dispatcher(pollingHttpThreads))
                .addInterceptor(chain -> {
                    Response response = chain.proceed(chain.request());
                    if (response.isSuccessful() && chain.request().url().encodedPath().toLowerCase().endsWith("/getupdates")) {
                        lastGoodPollNanos.set(System.nanoTime());
                    }
                    return response;
                })
                .build();
    }

    /** @param kopilka the engine whose members, ledger and promo codes the bot shows */
    public static Builder builder(Kopilka kopilka, TelegramConnection connection) {
        return new Builder(kopilka, connection);
    }

    /** Explicit wiring; every collaborator but the engine and the connection has a default. */
    public static final class Builder {
        private final Kopilka kopilka;
        private final TelegramConnection connection;
        private Clock clock = Clock.systemUTC();
        private DomainEventListener reachability = event -> LOG.debug("telegram reachability: {}", event);

        private Builder(Kopilka kopilka, TelegramConnection connection) {
            this.kopilka = Objects.requireNonNull(kopilka, "kopilka");
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /** The clock for dates shown and the registration TTL; use the engine's. Default: system UTC. */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /**
         * Also receives {@code MessagingEvents.ChannelUnreachable}/{@code ChannelReachable} when a member blocks or
         * unblocks the bot or sends /stop. The bot always records them through {@code Kopilka.messaging()}
         * ({@code markUnreachable}/{@code markReachable}: the dispatcher's cascade and the segments see them);
         * this listener is for extra observers only. Default: logged at debug.
         */
        public Builder reachability(DomainEventListener listener) {
            this.reachability = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds the bot and starts polling (deleteWebhook first, as TelegramBots does). */
        public TelegramBot start() {
            TelegramBot bot = new TelegramBot(this);
            bot.startPolling();
            return bot;
        }
    }

    private void startPolling() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            try {
                openSession();
            } catch (TelegramApiException e) {
                // the watchdog keeps trying: a bot that cannot reach Telegram at boot must not stop the till
                LOG.error("telegram polling could not start (will retry): {}", e.toString());
            }
            long period = Math.max(250, connection.settings().restartWhenQuiet().toMillis() / 4);
            watchdog.scheduleWithFixedDelay(this::checkAlive, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void openSession() throws TelegramApiException {
        pollThread = Executors.newSingleThreadScheduledExecutor(daemon("kopilka-telegram-poll"));
        int timeout = (int) connection.settings().pollingTimeout().toSeconds();
        BotSession s = new BotSession(new ObjectMapper(), pollingHttp, pollThread, connection.token(),
                connection::url,
                last -> GetUpdates.builder().offset(Math.max(last, lastUpdateId.get()) + 1).limit(UPDATES_PER_POLL)
                        .timeout(timeout).allowedUpdates(ALLOWED_UPDATES).build(),
                () -> new Backoff(connection.settings().backoffMax()),
                new Consumer());
        lastGoodPollNanos.set(System.nanoTime());
        session = s;
        s.start();
        LOG.info("telegram bot @{} polling {}", connection.settings().botUsername(), connection.settings().baseUrl());
    }

    private void checkAlive() {
        try {
            synchronized (lifecycle) {
                if (closed) {
                    return;
                }
                Duration quiet = Duration.ofNanos(System.nanoTime() - lastGoodPollNanos.get());
                boolean dead = session == null || !session.isRunning() || session.getRunningPolling() == null
                        || session.getRunningPolling().isDone();
                if (!dead && quiet.compareTo(connection.settings().restartWhenQuiet()) < 0) {
                    return;
                }
                LOG.warn("telegram polling quiet for {} (session {}): restarting", quiet,
                        dead ? "stopped" : "stuck");
                restarts.incrementAndGet();
                closeSession();
                openSession();
            }
        } catch (TelegramApiException | RuntimeException e) {
            LOG.error("telegram polling restart failed (will retry): {}", e.toString());
        }
    }

    private void closeSession() {
        BotSession s = session;
        session = null;
        if (s != null) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                LOG.debug("stopping the telegram session", e);
            }
        }
        pollingHttp.dispatcher().cancelAll();
        if (pollThread != null) {
            pollThread.shutdownNow();
            pollThread = null;
        }
    }

    /** Hands updates to the single update thread; never throws (that would end the poll task silently). */
    private final class Consumer implements LongPollingUpdateConsumer {
        @Override
        public void consume(List<Update> batch) {
            for (Update update : batch) {
                try {
                    lastUpdateId.accumulateAndGet(update.getUpdateId(), Math::max);
                    updates.execute(() -> process(update));
                } catch (RuntimeException e) {
                    LOG.error("telegram update {} not processed: {}", update.getUpdateId(), e.toString());
                }
            }
        }

        @Override
        public void close() {
            // the update thread belongs to the bot and outlives a restarted session
        }
    }

    private void process(Update update) {
        try {
            bot.handle(update);
            handled.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.error("telegram update {} ({}) from user {} failed; polling goes on", update.getUpdateId(),
                    kind(update), userOf(update), e);
            try {
                bot.answerFailure(update);
            } catch (RuntimeException again) {
                LOG.warn("telegram update {}: the failure answer failed too: {}", update.getUpdateId(),
                        again.toString());
            }
        }
    }

    private static String kind(Update u) {
        if (u.hasMessage()) {
            return u.getMessage().hasContact() ? "contact" : u.getMessage().hasText() ? "text" : "message";
        }
        return u.hasMyChatMember() ? "my_chat_member" : "other";
    }

    private static Long userOf(Update u) {
        if (u.hasMessage() && u.getMessage().getFrom() != null) {
            return u.getMessage().getFrom().getId();
        }
        if (u.hasMyChatMember() && u.getMyChatMember().getFrom() != null) {
            return u.getMyChatMember().getFrom().getId();
        }
        return null;
    }

    /** Updates handled without an exception so far. */
    public long handledUpdates() {
        return handled.get();
    }

    /** Updates whose handling threw (logged and skipped). */
    public long failedUpdates() {
        return failed.get();
    }

    /** Replies that were not delivered (each logged with its reason). */
    public long failedReplies() {
        return bot.failedReplies();
    }

    /** How often the watchdog restarted polling. */
    public int restarts() {
        return restarts.get();
    }

    /** Stops polling, lets the update in hand finish (up to 5 s) and ends every thread the bot started. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            watchdog.shutdownNow();
            closeSession();
        }
        updates.shutdown();
        try {
            if (!updates.awaitTermination(5, TimeUnit.SECONDS)) {
                updates.shutdownNow();
            }
        } catch (InterruptedException e) {
            updates.shutdownNow();
            Thread.currentThread().interrupt();
        }
        pollingHttpThreads.shutdownNow();
        pollingHttp.connectionPool().evictAll();
        LOG.info("telegram bot stopped ({} updates handled, {} failed)", handled.get(), failed.get());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Exponential backoff for failed polls, capped at {@code polling.backoff-max}; reset by a good poll. */
    private static final class Backoff implements BackOff {
        private final long maxMillis;
        private long next = BACKOFF_INITIAL.toMillis();

        Backoff(Duration max) {
            this.maxMillis = max.toMillis();
        }

        @Override
        public void reset() {
            next = BACKOFF_INITIAL.toMillis();
        }

        @Override
        public long nextBackOffMillis() {
            long current = Math.min(next, maxMillis);
            next = Math.min((long) (next * BACKOFF_MULTIPLIER), maxMillis);
            return current;
        }
    }
}
