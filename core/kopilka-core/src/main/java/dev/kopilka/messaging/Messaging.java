package dev.kopilka.messaging;

import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.port.MessageChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The front door of messaging: the outbox's dispatcher for the program of {@code kopilka.program.id}, and what
 * operators ask about it. Get it from {@code Kopilka.messaging()} after wiring channels with
 * {@code Kopilka.builder(config).messaging(Messaging.setup().channel(telegram).channel(sms))}.
 *
 * <p>With {@code kopilka.messaging.autostart=true} (the default) and at least one channel, a daemon thread
 * dispatches every {@code kopilka.messaging.dispatch-interval}; closing Kopilka stops it and closes the wired
 * channels. Any number of
 * instances may dispatch one program's outbox at once: claims never overlap and rate limits are shared through
 * the store. See {@code docs/messaging.md}.
 */
public interface Messaging extends AutoCloseable {

    /** Enqueues messages outside any other change (a transactional notice from the integrator). Returns how many were new. */
    int enqueue(ProgramId program, Collection<OutboxMessage> messages);

    /**
     * One round: takes over messages whose lease ran out, claims a batch of due messages and sends them.
     * Returns how many messages it finished with (sent, retried, ended). The background loop calls it; tests call
     * it directly.
     */
    int dispatchOnce();

    /** Starts the background loop (idempotent). */
    void start();

    /** Stops the background loop, letting the current round finish. */
    @Override
    void close();

    /** Where channels hand delivery reports; wired into every channel already. */
    DeliveryReports deliveryReports();

    /** Messages per state: the backlog for health checks. */
    Map<OutboxState, Long> backlog(ProgramId program);

    Optional<OutboxRecord> message(ProgramId program, String id);

    List<OutboxRecord> inState(ProgramId program, OutboxState state, int limit);

    List<OutboxRecord> ofMember(ProgramId program, MemberId member);

    /** Marks the member reachable again on a channel (re-linked the bot, /start); raises {@code ChannelReachable}. */
    boolean markReachable(ProgramId program, MemberId member, Channel channel);

    /**
     * Marks the member unreachable on a channel (blocked the bot, sent /stop): the cascade skips the channel for
     * them and segments see them as unreachable there; raises {@code ChannelUnreachable} when the mark is new.
     * Returns whether it is new.
     */
    boolean markUnreachable(ProgramId program, MemberId member, Channel channel, String reason);

    static Setup setup() {
        return new Setup();
    }

    /** Waits until a send slot comes: real sleeping by default, a settable clock's advance in simulations. */
    @FunctionalInterface
    interface Waiter {
        void waitUntil(Instant instant) throws InterruptedException;
    }

    /** What messaging is wired with, beyond configuration: channels, a listener, how to wait. */
    final class Setup {
        private final List<MessageChannel> channels = new ArrayList<>();
        private final List<MessagingListener> listeners = new ArrayList<>();
        private Waiter waiter;
        private String instanceName;

        private Setup() {
        }

        public Setup channel(MessageChannel channel) {
            Objects.requireNonNull(channel, "channel");
            for (MessageChannel c : channels) {
                if (c.channel() == channel.channel()) {
                    throw new IllegalArgumentException("two channels for " + channel.channel());
                }
            }
            channels.add(channel);
            return this;
        }

        public Setup listener(MessagingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Default: sleeps on the wall clock until the instant of the configured clock. */
        public Setup waiter(Waiter newWaiter) {
            this.waiter = Objects.requireNonNull(newWaiter, "waiter");
            return this;
        }

        /** Names this instance in lease tokens and logs (default: host name and process id). */
        public Setup instanceName(String name) {
            this.instanceName = Objects.requireNonNull(name, "name");
            return this;
        }

        public List<MessageChannel> channels() {
            return List.copyOf(channels);
        }

        public List<MessagingListener> listeners() {
            return List.copyOf(listeners);
        }

        public Optional<Waiter> waiter() {
            return Optional.ofNullable(waiter);
        }

        public Optional<String> instanceName() {
            return Optional.ofNullable(instanceName);
        }
    }
}
