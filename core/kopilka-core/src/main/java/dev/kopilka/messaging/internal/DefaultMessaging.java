package dev.kopilka.messaging.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.internal.Transactor;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.MessagingEvents;
import dev.kopilka.messaging.MessagingListener;
import dev.kopilka.messaging.MessagingSettings;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.messaging.port.SendSlots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher. One round ({@link #dispatchOnce}):
 * <ol>
 *   <li>messages whose lease ran out are taken over: given back untouched when their send had not started,
 *       else resent or ended {@code UNKNOWN} per {@code resend-unknown};</li>
 *   <li>a batch of due messages is claimed under a lease, and its members and their unreachable marks are read in
 *       bulk (one transaction);</li>
 *   <li>each is routed through the cascade, send slots are reserved per channel (shared through the store, so
 *       the rate holds across instances), messages without a slot or whose chat was messaged too recently are
 *       given back for later without counting an attempt;</li>
 *   <li>sends happen in slot order, each chunk marked "send started" first; a chunk's acceptances are recorded in
 *       the transaction that marks the next chunk started (the last chunk's on their own), other answers each in
 *       their own short transaction.</li>
 * </ol>
 * Sends never run inside a store transaction.
 */
public final class DefaultMessaging implements Messaging {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultMessaging.class);
    /** Sends marked "started" together: bounds the unknown window after a crash to about a quarter second of sends. */
    static final Duration SEND_CHUNK = Duration.ofMillis(250);
    static final int MAX_CHUNK = 100;
    /**
     * A send that starts later than this after its slot is not made (it goes back, no attempt counted): slots are
     * spaced for {@code rate} per {@code 1 s + }{@link MessagingSettings#RATE_SLACK}, so a send at most this late
     * still keeps every one-second window at or under the rate, even as the provider's clock sees it.
     */
    static final Duration LATE_SEND_TOLERANCE = MessagingSettings.RATE_SLACK.dividedBy(2);

    private final Transactor transactor;
    private final ProgramId program;
    private final MessagingSettings settings;
    private final Clock clock;
    private final Map<Channel, MessageChannel> channels = new EnumMap<>(Channel.class);
    private final List<MessagingListener> listeners;
    private final Waiter waiter;
    private final String instance;
    private final AtomicLong claims = new AtomicLong();
    /** Whether the polling channels were handed the messages still awaiting a report (once per start). */
    private final java.util.concurrent.atomic.AtomicBoolean reportsRewatched = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<Long, Instant> lastChatSend = new ConcurrentHashMap<>();
    private final Object loopLock = new Object();
    private Thread loop;
    private volatile boolean running;

    public DefaultMessaging(Transactor transactor, ProgramId program, MessagingSettings settings, Clock clock,
            Setup setup) {
        this.transactor = transactor;
        this.program = program;
        this.settings = settings;
        this.clock = clock;
        for (MessageChannel c : setup.channels()) {
            channels.put(c.channel(), c);
        }
        this.listeners = setup.listeners();
        this.waiter = setup.waiter().orElse(this::sleepUntil);
        this.instance = setup.instanceName().orElseGet(() -> ProcessHandle.current().pid() + "@" + hostName());
        DeliveryReports reports = deliveryReports();
        channels.values().forEach(c -> c.deliverReportsTo(reports));
        for (Channel c : settings.cascade()) {
            if (!channels.isEmpty() && !channels.containsKey(c)) {
                LOG.warn("kopilka.messaging.cascade names {} but no {} channel is wired; it is skipped", c, c);
            }
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    private void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(clock.instant(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    // ------------------------------------------------------------------------------------------ public API

    @Override
    public int enqueue(ProgramId p, Collection<OutboxMessage> messages) {
        List<OutboxMessage> copy = List.copyOf(messages);
        return transactor.write(p, w -> w.tx().outbox().enqueue(copy));
    }

    @Override
    public DeliveryReports deliveryReports() {
        return this::onReport;
    }

    private void onReport(DeliveryReport report) {
        try {
            boolean known = transactor.write(program, w -> w.tx().outbox().recordDelivery(report, clock.instant()));
            if (!known) {
                LOG.info("Delivery report for unknown {} message {} ignored", report.channel(), report.providerMessageId());
            }
        } catch (RuntimeException e) {
            LOG.warn("Delivery report {} could not be recorded", report, e);
        }
    }

    @Override
    public Map<OutboxState, Long> backlog(ProgramId p) {
        return transactor.read(p, tx -> tx.outbox().countByState());
    }

    @Override
    public Optional<OutboxRecord> message(ProgramId p, String id) {
        return transactor.read(p, tx -> tx.outbox().find(id));
    }

    @Override
    public List<OutboxRecord> inState(ProgramId p, OutboxState state, int limit) {
        return transactor.read(p, tx -> tx.outbox().inState(state, limit));
    }

    @Override
    public List<OutboxRecord> ofMember(ProgramId p, MemberId member) {
        return transactor.read(p, tx -> tx.outbox().ofMember(member));
    }

    @Override
    public boolean markReachable(ProgramId p, MemberId member, Channel channel) {
        return transactor.write(p, w -> {
            boolean was = w.tx().outbox().markReachable(member, channel);
            if (was) {
                w.raise(new MessagingEvents.ChannelReachable(p, clock.instant(), member, channel));
            }
            return was;
        });
    }

    @Override
    public boolean markUnreachable(ProgramId p, MemberId member, Channel channel, String reason) {
        java.util.Objects.requireNonNull(reason, "reason");
        return transactor.write(p, w -> {
            if (w.tx().outbox().unreachableChannels(member).contains(channel)) {
                return false;
            }
            Instant now = clock.instant();
            w.tx().outbox().markUnreachable(member, channel, reason, now);
            w.raise(new MessagingEvents.ChannelUnreachable(p, now, member, channel, reason));
            return true;
        });
    }

    // ------------------------------------------------------------------------------------------ the loop

    @Override
    public void start() {
        synchronized (loopLock) {
            if (loop != null) {
                return;
            }
            running = true;
            loop = new Thread(this::runLoop, "kopilka-dispatch-" + program.value());
            loop.setDaemon(true);
            loop.start();
            LOG.info("Dispatcher {} started for program {} (channels {}, cascade {})", instance, program.value(),
                    channels.keySet(), settings.cascade());
        }
    }

    private void runLoop() {
        while (running) {
            int done = 0;
            try {
                done = dispatchOnce();
            } catch (RuntimeException e) {
                LOG.warn("Dispatch round failed; trying again in {}", settings.dispatchInterval(), e);
            }
            if (done < settings.batchSize() && running) {
                try {
                    Thread.sleep(settings.dispatchInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (loopLock) {
            t = loop;
            loop = null;
            running = false;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(settings.lease().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("Dispatcher {} stopped for program {}", instance, program.value());
        }
        channels.values().forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the {} channel failed", c.channel(), e);
            }
        });
    }

    // ------------------------------------------------------------------------------------------ one round

    /** A message routed to a channel with its send slot. */
    private record Planned(OutboxRecord record, Member member, Set<Channel> unreachable, Route route, Instant slot) {
    }

    @Override
    public int dispatchOnce() {
        rewatchReportsOnce();
        int done = takeOverExpiredLeases();
        Instant now = clock.instant();
        String token = instance + "#" + claims.incrementAndGet();
        Map<MemberId, Member> members = new HashMap<>();
        Map<MemberId, Set<Channel>> unreachable = new HashMap<>();
        // One transaction: the claim, then its members and their unreachable marks, each read in bulk.
        List<OutboxRecord> batch = transactor.write(program, w -> {
            members.clear();
            unreachable.clear();
            List<OutboxRecord> claimed = w.tx().outbox().claim(token, now, settings.lease(), settings.batchSize());
            if (!claimed.isEmpty()) {
                Set<MemberId> ids = new java.util.LinkedHashSet<>();
                claimed.forEach(r -> ids.add(r.message().member()));
                members.putAll(w.tx().members().findByIds(ids));
                unreachable.putAll(w.tx().outbox().unreachableChannels(members.keySet()));
            }
            return claimed;
        });
        if (batch.isEmpty()) {
            return done;
        }
        Map<Channel, List<Planned>> byChannel = new EnumMap<>(Channel.class);
        List<Planned> toSend = new ArrayList<>();
        try {
            for (OutboxRecord r : batch) {
                OutboxMessage m = r.message();
                if (m.expiresAt() != null && !now.isBefore(m.expiresAt())) {
                    done += end(r, token, OutboxState.EXPIRED, null, "expired at " + m.expiresAt() + " before it was sent");
                    continue;
                }
                Member member = members.get(m.member());
                if (member == null) {
                    done += end(r, token, OutboxState.UNDELIVERABLE, null, "member " + m.member().value() + " not found");
                    continue;
                }
                Set<Channel> marks = unreachable.getOrDefault(m.member(), Set.of());
                Route route = Route.choose(settings.cascade(), channels, m, member, marks, Set.of());
                if (!route.found()) {
                    done += end(r, token, OutboxState.UNDELIVERABLE, null, route.why());
                    continue;
                }
                byChannel.computeIfAbsent(route.channel(), c -> new ArrayList<>())
                        .add(new Planned(r, member, marks, route, null));
            }
            Instant horizon = now.plus(settings.lease().dividedBy(2));
            for (Map.Entry<Channel, List<Planned>> group : byChannel.entrySet()) {
                Channel channel = group.getKey();
                List<Planned> planned = group.getValue();
                SendSlots slots = reserve(channel, planned.size(), now, horizon);
                Map<Long, Instant> chatNext = new HashMap<>();
                int slot = 0;
                for (Planned p : planned) {
                    if (slot >= slots.granted()) {
                        done += deferred(p.record(), token, slots.nextFree(), "deferred: " + channel + " rate limit");
                        continue;
                    }
                    Instant at = slots.slot(slot);
                    Long chat = channel == Channel.TELEGRAM ? p.member().telegramUserId() : null;
                    if (chat != null) {
                        Instant allowed = chatAllowedAt(chat, chatNext);
                        if (allowed.isAfter(at)) {
                            done += deferred(p.record(), token, allowed, "deferred: one message per "
                                    + settings.perChatInterval() + " to a Telegram chat");
                            continue;
                        }
                        chatNext.put(chat, at.plus(settings.perChatInterval()));
                    }
                    slot++;
                    toSend.add(new Planned(p.record(), p.member(), p.unreachable(), p.route(), at));
                }
            }
        } catch (RuntimeException e) {
            // Nothing of this batch went out yet: give back what is still held, so no lease has to run out.
            giveBack(toSend, token);
            throw e;
        }
        toSend.sort(Comparator.comparing(Planned::slot));
        return done + send(toSend, token);
    }

    /** Pages of messages awaiting a report handed back to a polling channel after a (re)start. */
    static final int REWATCH_PAGE = 500;

    /**
     * A channel that polls for delivery reports keeps its watch list in memory: after a restart the outbox tells
     * it which accepted messages still wait for a final report, so their statuses and real costs are not lost.
     * Done in the first round; a failure is logged and tried again next round.
     */
    private void rewatchReportsOnce() {
        if (reportsRewatched.get()) {
            return;
        }
        try {
            Instant now = clock.instant();
            for (MessageChannel c : channels.values()) {
                Duration window = c.reportWatch();
                if (window.isZero() || window.isNegative()) {
                    continue;
                }
                int handed = 0;
                String after = null;
                while (true) {
                    String from = after;
                    List<OutboxRecord> page = transactor.read(program,
                            tx -> tx.outbox().awaitingReport(c.channel(), now.minus(window), from, REWATCH_PAGE));
                    for (OutboxRecord r : page) {
                        c.awaitReport(r.providerMessageId(), r.updatedAt());
                    }
                    handed += page.size();
                    if (page.size() < REWATCH_PAGE) {
                        break;
                    }
                    after = page.get(page.size() - 1).id();
                }
                if (handed > 0) {
                    LOG.info("{} {} messages still await a delivery report; watching them again", handed, c.channel());
                }
            }
            reportsRewatched.set(true);
        } catch (RuntimeException e) {
            LOG.warn("Could not hand messages awaiting a delivery report back to their channels; next round retries", e);
        }
    }

    private boolean late(Instant slot) {
        return clock.instant().isAfter(slot.plus(LATE_SEND_TOLERANCE));
    }

    private Instant chatAllowedAt(long chat, Map<Long, Instant> chatNext) {
        Instant inBatch = chatNext.get(chat);
        Instant last = lastChatSend.get(chat);
        Instant afterLast = last == null ? Instant.MIN : last.plus(settings.perChatInterval());
        return inBatch == null || afterLast.isAfter(inBatch) ? afterLast : inBatch;
    }

    private SendSlots reserve(Channel channel, int wanted, Instant now, Instant horizon) {
        Duration interval = settings.sendInterval(channel);
        return transactor.write(program, w -> w.tx().outbox().reserveSlots(channel, wanted, interval, now, horizon));
    }

    private int send(List<Planned> toSend, String token) {
        int done = 0;
        int i = 0;
        Map<Channel, Catchup> catchups = new EnumMap<>(Channel.class);
        Map<Channel, Integer> left = new EnumMap<>(Channel.class);
        toSend.forEach(p -> left.merge(p.route().channel(), 1, Integer::sum));
        List<OutboxStore.Acceptance> sent = new ArrayList<>();
        while (i < toSend.size()) {
            // One chunk: the sends of about the next quarter second, marked started in one statement and their
            // acceptances recorded in one transaction (a crash in between leaves them UNKNOWN, never lost). The
            // previous chunk's acceptances go in the same transaction as this chunk's start.
            Instant chunkEnd = toSend.get(i).slot().plus(SEND_CHUNK);
            int j = i;
            while (j < toSend.size() && j - i < MAX_CHUNK && toSend.get(j).slot().isBefore(chunkEnd)) {
                j++;
            }
            List<Planned> chunk = toSend.subList(i, j);
            List<String> ids = chunk.stream().map(p -> p.record().id()).toList();
            done += flushWith(sent, token, ids);
            boolean carried = false;
            try {
                for (int k = 0; k < chunk.size(); k++) {
                    Planned p = chunk.get(k);
                    Channel channel = p.route().channel();
                    left.merge(channel, -1, Integer::sum);
                    Instant slot;
                    try {
                        slot = onTimeSlot(channel, p.slot(), catchups, left.get(channel) + 1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        // Stopping: those not sent yet never left, so they go back without an attempt.
                        done += flush(sent, token);
                        giveBack(toSend.subList(i + k, toSend.size()), token);
                        return done;
                    }
                    if (slot == null) {
                        done += deferred(p.record(), token, clock.instant(), "deferred: no send slot in time (stall)");
                        continue;
                    }
                    done += sendOne(p.record(), p.member(), p.unreachable(), p.route(), token,
                            EnumSet.noneOf(Channel.class), sent);
                }
                carried = j < toSend.size();
            } finally {
                if (!carried) {
                    done += flush(sent, token);
                }
            }
            i = j;
        }
        return done;
    }

    /**
     * Slots reserved afresh for a channel after the dispatcher fell behind its plan. Every reserved slot (planned or
     * fresh) is a distinct point of the channel's shared schedule, at least one interval from any other, so a send
     * started within {@link #LATE_SEND_TOLERANCE} of any reserved slot keeps the rate.
     */
    private static final class Catchup {
        SendSlots slots;
        int used;
    }

    /**
     * Waits for the slot; a send may start only up to {@link #LATE_SEND_TOLERANCE} after its slot. When the
     * dispatcher fell behind (a stall, or sending slower than the rate), it reserves fresh slots for the channel's
     * remaining sends ({@code left}) in one go instead of crowding late sends. Null when no slot is left before the
     * horizon.
     */
    private Instant onTimeSlot(Channel channel, Instant slot, Map<Channel, Catchup> catchups, int left)
            throws InterruptedException {
        waiter.waitUntil(slot);
        if (!late(slot)) {
            return slot;
        }
        Catchup c = catchups.computeIfAbsent(channel, k -> new Catchup());
        for (int round = 0; round < 2; round++) {
            if (c.slots == null || c.used >= c.slots.granted() || late(c.slots.slot(c.used))) {
                Instant now = clock.instant();
                c.slots = reserve(channel, Math.max(1, left), now, now.plus(settings.lease().dividedBy(2)));
                c.used = 0;
                if (c.slots.granted() == 0) {
                    return null;
                }
            }
            Instant fresh = c.slots.slot(c.used++);
            waiter.waitUntil(fresh);
            if (!late(fresh)) {
                return fresh;
            }
        }
        return null;
    }

    /** Records the chunk's acceptances in one transaction. */
    private int flush(List<OutboxStore.Acceptance> sent, String token) {
        return flushWith(sent, token, List.of());
    }

    /**
     * Records the acceptances of the chunk sent last and marks the next chunk's sends started, in one transaction:
     * either both are recorded or neither (the next chunk is then not sent at all).
     */
    private int flushWith(List<OutboxStore.Acceptance> sent, String token, List<String> starting) {
        if (sent.isEmpty() && starting.isEmpty()) {
            return 0;
        }
        List<OutboxStore.Acceptance> acceptances = List.copyOf(sent);
        sent.clear();
        List<String> lost = transactor.write(program, w -> {
            if (!starting.isEmpty()) {
                w.tx().outbox().markSendStarted(starting, token, clock.instant());
            }
            return acceptances.isEmpty() ? List.<String>of() : w.tx().outbox().markSentAll(token, acceptances);
        });
        if (!lost.isEmpty()) {
            LOG.warn("Messages {} were accepted after this dispatcher lost their lease; recorded by whoever holds them",
                    lost);
        }
        return acceptances.size();
    }

    private void giveBack(List<Planned> planned, String token) {
        Instant now = clock.instant();
        for (Planned p : planned) {
            try {
                deferred(p.record(), token, now, "given back unsent");
            } catch (RuntimeException e) {
                LOG.warn("Could not give back message {}; its lease will run out and return it", p.record().id(), e);
            }
        }
    }

    /** Sends on the route's channel and records the answer; re-routes after a permanent failure. */
    private int sendOne(OutboxRecord r, Member member, Set<Channel> unreachable, Route route, String token,
            Set<Channel> excluded, List<OutboxStore.Acceptance> sent) {
        Channel channel = route.channel();
        MessageChannel wired = channels.get(channel);
        SendResult result;
        try {
            result = wired.send(route.outbound());
        } catch (RuntimeException e) {
            // The port forbids throwing; if a channel does, the request may have gone out: treat it as ambiguous.
            LOG.error("The {} channel threw instead of answering for message {}", channel, r.id(), e);
            result = new SendResult.Retryable("channel threw " + e, null, true);
        }
        if (channel == Channel.TELEGRAM && route.outbound().telegramChatId() != null) {
            lastChatSend.put(route.outbound().telegramChatId(), clock.instant());
        }
        Instant now = clock.instant();
        if (result instanceof SendResult.Accepted a) {
            Long cost = a.costKopecks().isPresent() ? Long.valueOf(a.costKopecks().getAsLong()) : null;
            sent.add(new OutboxStore.Acceptance(r.id(), channel, a.providerMessageId(), cost, a.parts(), now));
            return 0; // counted when the chunk's acceptances are recorded
        }
        if (result instanceof SendResult.Retryable retry) {
            return retry(r, token, channel, retry, now);
        }
        SendResult.Permanent permanent = (SendResult.Permanent) result;
        if (permanent.alert()) {
            LOG.error("The {} channel needs an operator: {}", channel, permanent.reason());
            notify(l -> l.onChannelAlert(channel, permanent.reason()));
            return retry(r, token, channel, new SendResult.Retryable(permanent.reason(), null, false), now);
        }
        Set<Channel> nowUnreachable = unreachable;
        if (permanent.recipientUnreachable()) {
            MemberId m = r.message().member();
            transactor.write(program, w -> {
                w.tx().outbox().markUnreachable(m, channel, permanent.reason(), now);
                w.raise(new MessagingEvents.ChannelUnreachable(program, now, m, channel, permanent.reason()));
                return null;
            });
            nowUnreachable = new HashSet<>(unreachable);
            nowUnreachable.add(channel);
        }
        Set<Channel> tried = EnumSet.copyOf(excluded.isEmpty() ? EnumSet.of(channel) : excluded);
        tried.add(channel);
        Route next = Route.choose(settings.cascade(), channels, r.message(), member, nowUnreachable, tried);
        String why = channel + " refused: " + permanent.reason();
        if (!next.found()) {
            return permanent.recipientUnreachable()
                    ? end(r, token, OutboxState.UNDELIVERABLE, channel, why + "; " + next.why())
                    : end(r, token, OutboxState.DEAD, channel, why + "; " + next.why());
        }
        SendSlots reserved = reserve(next.channel(), 1, now, now.plus(settings.lease().dividedBy(2)));
        if (reserved.granted() == 0) {
            return deferred(r, token, reserved.nextFree(), why + "; re-routed to " + next.channel() + " later");
        }
        Instant slot;
        try {
            slot = onTimeSlot(next.channel(), reserved.slot(0), new EnumMap<>(Channel.class), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return deferred(r, token, now, why + "; re-route interrupted");
        }
        if (slot == null) {
            return deferred(r, token, clock.instant(), why + "; re-routed to " + next.channel() + " later");
        }
        LOG.debug("Message {} re-routed from {} to {}: {}", r.id(), channel, next.channel(), permanent.reason());
        return sendOne(r, member, nowUnreachable, next, token, tried, sent);
    }

    private int retry(OutboxRecord r, String token, Channel channel, SendResult.Retryable retry, Instant now) {
        if (retry.maybeDelivered() && !settings.resendsUnknown(r.message().purpose())) {
            return end(r, token, OutboxState.UNKNOWN, channel, "may have been delivered: " + retry.reason());
        }
        // A provider's own wait (429 retry_after) is not the message's fault: it does not use up an attempt.
        boolean providerWait = retry.retryAfter() != null;
        if (!providerWait && r.attempts() >= settings.maxAttempts()) {
            return end(r, token, OutboxState.DEAD, channel,
                    "failed " + r.attempts() + " times; last: " + retry.reason());
        }
        Duration wait = providerWait ? retry.retryAfter() : settings.backoff(r.attempts());
        boolean ok = transactor.write(program, w -> w.tx().outbox().markRetry(r.id(), token, channel, now.plus(wait),
                retry.reason(), !providerWait, now));
        if (!ok) {
            LOG.warn("Message {} failed on {} after this dispatcher lost its lease: {}", r.id(), channel, retry.reason());
        }
        return 1;
    }

    private int deferred(OutboxRecord r, String token, Instant at, String why) {
        transactor.write(program, w -> w.tx().outbox().markRetry(r.id(), token, null, at, why, false, clock.instant()));
        return 0;
    }

    /** Ends a message in a final state and tells the listeners once it is committed. */
    private int end(OutboxRecord r, String token, OutboxState state, Channel channel, String why) {
        Instant now = clock.instant();
        boolean ok = transactor.write(program, w -> w.tx().outbox().markFinal(r.id(), token, state, channel, why, now));
        if (!ok) {
            LOG.warn("Message {} could not be marked {} (lease lost): {}", r.id(), state, why);
            return 0;
        }
        announce(state, r.id(), why);
        return 1;
    }

    private void announce(OutboxState state, String id, String why) {
        if (state != OutboxState.DEAD && state != OutboxState.UNKNOWN && state != OutboxState.UNDELIVERABLE) {
            return;
        }
        Optional<OutboxRecord> record = transactor.read(program, tx -> tx.outbox().find(id));
        if (record.isEmpty()) {
            return;
        }
        OutboxRecord ended = record.get();
        switch (state) {
            case DEAD -> {
                LOG.warn("Message {} is dead: {}", id, why);
                notify(l -> l.onDead(ended));
            }
            case UNKNOWN -> {
                LOG.warn("Message {} is unknown (may have been delivered, not resent): {}", id, why);
                notify(l -> l.onUnknown(ended));
            }
            default -> {
                LOG.info("Message {} is undeliverable: {}", id, why);
                notify(l -> l.onUndeliverable(ended));
            }
        }
    }

    private void notify(Consumer<MessagingListener> call) {
        for (MessagingListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A messaging listener threw; ignored", e);
            }
        }
    }

    /**
     * Messages whose claimer died or stalled: never started → back to pending with the attempt given back;
     * started → resent or {@code UNKNOWN} per {@code resend-unknown}.
     */
    private int takeOverExpiredLeases() {
        Instant now = clock.instant();
        List<OutboxRecord> expired = transactor.read(program, tx -> tx.outbox().expiredLeases(now, settings.batchSize()));
        int done = 0;
        for (OutboxRecord r : expired) {
            if (r.sendStartedAt() == null) {
                transactor.write(program, w -> w.tx().outbox().markRetry(r.id(), r.leaseToken(), null, now,
                        "lease of " + r.leaseToken() + " ran out before the send started", false, now));
            } else if (settings.resendsUnknown(r.message().purpose()) && r.attempts() < settings.maxAttempts()) {
                transactor.write(program, w -> w.tx().outbox().markRetry(r.id(), r.leaseToken(), r.channel(), now,
                        "lease of " + r.leaseToken() + " ran out during the send; resent", true, now));
                LOG.warn("Message {} resent after the lease of {} ran out during its send (a duplicate is possible)",
                        r.id(), r.leaseToken());
            } else {
                done += end(r, r.leaseToken(), OutboxState.UNKNOWN, r.channel(),
                        "lease of " + r.leaseToken() + " ran out during the send at " + r.sendStartedAt());
            }
        }
        return done;
    }
}
