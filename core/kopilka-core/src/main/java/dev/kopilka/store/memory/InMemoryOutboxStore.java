package dev.kopilka.store.memory;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.messaging.port.SendSlots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * In-memory {@link OutboxStore}: the outbox of one program, in enqueue order. The program's write lock makes
 * claims exclusive; every change registers its undo, so a rolled-back enqueue or claim leaves nothing.
 *
 * <p>Indexed like the SQL tables, so that a dispatch round costs the messages it takes, not the whole outbox:
 * the messages waiting to be sent (pending and failed) by due time, the leased ones by lease end, the count per
 * state and the messages of each member. Every record change goes through {@link #replace}, which keeps them.
 */
public final class InMemoryOutboxStore extends InMemoryTable implements OutboxStore {

    private static final Comparator<OutboxRecord> BY_DUE = Comparator.comparing(OutboxRecord::dueAt)
            .thenComparing(OutboxRecord::id);
    private static final Comparator<OutboxRecord> BY_LEASE = Comparator.comparing(OutboxRecord::leaseUntil)
            .thenComparing(OutboxRecord::id);

    private final Map<String, OutboxMessage> byDedupeKey = new LinkedHashMap<>();
    private final Map<String, OutboxRecord> byId = new LinkedHashMap<>();
    private final Map<String, String> byProviderId = new HashMap<>();
    private final Map<MemberId, Map<Channel, String>> unreachable = new HashMap<>();
    private final Map<Channel, Instant> nextFreeSlot = new EnumMap<>(Channel.class);
    /** PENDING and FAILED records by due time: what {@link #claim} takes from the head of. */
    private final NavigableSet<OutboxRecord> waiting = new TreeSet<>(BY_DUE);
    /** SENDING records by lease end: what {@link #expiredLeases} takes from the head of. */
    private final NavigableSet<OutboxRecord> leased = new TreeSet<>(BY_LEASE);
    private final Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
    /** Message ids per member, in enqueue order. */
    private final Map<MemberId, List<String>> byMember = new HashMap<>();

    public InMemoryOutboxStore(TransactionLog log) {
        super(log);
        for (OutboxState state : OutboxState.values()) {
            counts.put(state, 0L);
        }
    }

    @Override
    public int enqueue(Collection<OutboxMessage> messages) {
        requireWritable();
        int added = 0;
        for (OutboxMessage message : messages) {
            if (byId.containsKey(message.id())) {
                continue; // the same message enqueued again (a retried call) is a no-op like a repeated dedupe key
            }
            if (byDedupeKey.putIfAbsent(message.dedupeKey(), message) == null) {
                added++;
                OutboxRecord record = OutboxRecord.pending(message);
                byId.put(message.id(), record);
                index(record);
                List<String> ofMember = byMember.computeIfAbsent(message.member(), m -> new ArrayList<>());
                ofMember.add(message.id());
                undoable(() -> {
                    byDedupeKey.remove(message.dedupeKey());
                    unindex(byId.remove(message.id()));
                    ofMember.remove(ofMember.size() - 1);
                });
            }
        }
        return added;
    }

    /** Every message enqueued so far, oldest first. */
    public List<OutboxMessage> all() {
        return new ArrayList<>(byDedupeKey.values());
    }

    private void put(OutboxRecord next) {
        OutboxRecord previous = byId.get(next.id());
        replace(previous, next);
        undoable(() -> replace(next, previous));
    }

    /** The one place a stored record changes: the map and every index. */
    private void replace(OutboxRecord previous, OutboxRecord next) {
        byId.put(next.id(), next);
        unindex(previous);
        index(next);
    }

    private void index(OutboxRecord r) {
        counts.merge(r.state(), 1L, Long::sum);
        if (isWaiting(r.state())) {
            waiting.add(r);
        } else if (r.state() == OutboxState.SENDING) {
            leased.add(r);
        }
    }

    private void unindex(OutboxRecord r) {
        counts.merge(r.state(), -1L, Long::sum);
        if (isWaiting(r.state())) {
            waiting.remove(r);
        } else if (r.state() == OutboxState.SENDING) {
            leased.remove(r);
        }
    }

    private static boolean isWaiting(OutboxState state) {
        return state == OutboxState.PENDING || state == OutboxState.FAILED;
    }

    @Override
    public List<OutboxRecord> claim(String leaseToken, Instant now, Duration lease, int limit) {
        requireWritable();
        List<OutboxRecord> due = new ArrayList<>(Math.min(limit, waiting.size()));
        for (OutboxRecord r : waiting) {
            if (due.size() >= limit || r.dueAt().isAfter(now)) {
                break;
            }
            due.add(r);
        }
        List<OutboxRecord> claimed = new ArrayList<>(due.size());
        for (OutboxRecord r : due) {
            OutboxRecord c = new OutboxRecord(r.message(), OutboxState.SENDING, r.dueAt(), r.attempts() + 1, r.channel(),
                    r.providerMessageId(), r.costKopecks(), r.parts(), r.deliveryStatus(), r.lastError(), leaseToken,
                    now.plus(lease), null, now);
            put(c);
            claimed.add(c);
        }
        return claimed;
    }

    @Override
    public int markSendStarted(Collection<String> ids, String leaseToken, Instant at) {
        requireWritable();
        int marked = 0;
        for (String id : ids) {
            OutboxRecord r = held(id, leaseToken, EnumSet.of(OutboxState.SENDING));
            if (r != null) {
                put(new OutboxRecord(r.message(), r.state(), r.dueAt(), r.attempts(), r.channel(), r.providerMessageId(),
                        r.costKopecks(), r.parts(), r.deliveryStatus(), r.lastError(), leaseToken, r.leaseUntil(), at,
                        at));
                marked++;
            }
        }
        return marked;
    }

    @Override
    public List<OutboxRecord> expiredLeases(Instant now, int limit) {
        List<OutboxRecord> expired = new ArrayList<>();
        for (OutboxRecord r : leased) {
            if (expired.size() >= limit || !r.leaseUntil().isBefore(now)) {
                break;
            }
            expired.add(r);
        }
        return expired;
    }

    private OutboxRecord held(String id, String leaseToken, Set<OutboxState> states) {
        OutboxRecord r = byId.get(id);
        if (r == null || !leaseToken.equals(r.leaseToken()) || !states.contains(r.state())) {
            return null;
        }
        return r;
    }

    @Override
    public boolean markSent(String id, String leaseToken, Channel channel, String providerMessageId, Long costKopecks,
            int parts, Instant at) {
        requireWritable();
        OutboxRecord r = held(id, leaseToken, EnumSet.of(OutboxState.SENDING, OutboxState.UNKNOWN));
        if (r == null) {
            return false;
        }
        put(new OutboxRecord(r.message(), OutboxState.SENT, r.dueAt(), r.attempts(), channel, providerMessageId,
                costKopecks, parts, r.deliveryStatus(), r.lastError(), leaseToken, null, r.sendStartedAt(), at));
        if (providerMessageId != null) {
            String key = channel + ":" + providerMessageId;
            String previous = byProviderId.put(key, id);
            undoable(() -> {
                if (previous == null) {
                    byProviderId.remove(key);
                } else {
                    byProviderId.put(key, previous);
                }
            });
        }
        return true;
    }

    @Override
    public boolean markRetry(String id, String leaseToken, Channel channel, Instant retryAt, String error,
            boolean countAttempt, Instant at) {
        requireWritable();
        OutboxRecord r = held(id, leaseToken, EnumSet.of(OutboxState.SENDING));
        if (r == null) {
            return false;
        }
        put(new OutboxRecord(r.message(), countAttempt ? OutboxState.FAILED : OutboxState.PENDING, retryAt,
                countAttempt ? r.attempts() : r.attempts() - 1, channel != null ? channel : r.channel(),
                r.providerMessageId(), r.costKopecks(), r.parts(), r.deliveryStatus(), error, leaseToken, null,
                r.sendStartedAt(), at));
        return true;
    }

    @Override
    public boolean markFinal(String id, String leaseToken, OutboxState state, Channel channel, String error,
            Instant at) {
        requireWritable();
        if (!state.isTerminal() || state == OutboxState.SENT) {
            throw new IllegalArgumentException("markFinal takes DEAD, UNKNOWN, UNDELIVERABLE or EXPIRED, not " + state);
        }
        OutboxRecord r = held(id, leaseToken, EnumSet.of(OutboxState.SENDING));
        if (r == null) {
            return false;
        }
        put(new OutboxRecord(r.message(), state, r.dueAt(), r.attempts(), channel != null ? channel : r.channel(),
                r.providerMessageId(), r.costKopecks(), r.parts(), r.deliveryStatus(), error, leaseToken,
                state == OutboxState.UNKNOWN ? r.leaseUntil() : null, r.sendStartedAt(), at));
        return true;
    }

    @Override
    public boolean recordDelivery(DeliveryReport report, Instant at) {
        requireWritable();
        String id = byProviderId.get(report.channel() + ":" + report.providerMessageId());
        if (id == null) {
            return false;
        }
        OutboxRecord r = byId.get(id);
        Long cost = report.costKopecks().isPresent() ? Long.valueOf(report.costKopecks().getAsLong()) : r.costKopecks();
        DeliveryStatus status = dev.kopilka.messaging.DeliveryReports.merged(r.deliveryStatus(), report.status());
        if (status == r.deliveryStatus() && java.util.Objects.equals(cost, r.costKopecks())) {
            return true; // the same report again (callback, then the poll): nothing changes
        }
        put(new OutboxRecord(r.message(), r.state(), r.dueAt(), r.attempts(), r.channel(), r.providerMessageId(), cost,
                r.parts(), status, r.lastError(), r.leaseToken(), r.leaseUntil(), r.sendStartedAt(), at));
        return true;
    }

    @Override
    public Optional<OutboxRecord> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<OutboxRecord> findByProviderId(Channel channel, String providerMessageId) {
        return Optional.ofNullable(byProviderId.get(channel + ":" + providerMessageId)).map(byId::get);
    }

    @Override
    public Map<OutboxState, Long> countByState() {
        return new EnumMap<>(counts);
    }

    @Override
    public List<OutboxRecord> inState(OutboxState state, int limit) {
        if (isWaiting(state)) {
            return waiting.stream().filter(r -> r.state() == state).limit(limit).toList();
        }
        return byId.values().stream().filter(r -> r.state() == state).sorted(BY_DUE).limit(limit).toList();
    }

    @Override
    public List<OutboxRecord> ofMember(MemberId member) {
        // Oldest first, as the port says and the SQL stores order them (created, then id); the per-member index
        // keeps insertion order, which a settable clock can make differ from creation order.
        return byMember.getOrDefault(member, List.of()).stream().map(byId::get)
                .sorted(java.util.Comparator.comparing((OutboxRecord r) -> r.message().createdAt())
                        .thenComparing(OutboxRecord::id))
                .toList();
    }

    @Override
    public List<OutboxRecord> awaitingReport(Channel channel, Instant updatedSince, String afterIdExclusive, int limit) {
        return byId.values().stream()
                .filter(r -> r.state() == OutboxState.SENT && r.channel() == channel && r.providerMessageId() != null)
                .filter(r -> r.deliveryStatus() == null || r.deliveryStatus() == DeliveryStatus.PENDING)
                .filter(r -> !r.updatedAt().isBefore(updatedSince))
                .filter(r -> afterIdExclusive == null || r.id().compareTo(afterIdExclusive) > 0)
                .sorted(Comparator.comparing(OutboxRecord::id)).limit(limit).toList();
    }

    @Override
    public List<OutboxRecord> ofCampaign(String campaignId, String afterIdExclusive, int limit) {
        return byId.values().stream()
                .filter(r -> campaignId.equals(r.message().campaignId()))
                .filter(r -> afterIdExclusive == null || r.id().compareTo(afterIdExclusive) > 0)
                .sorted(Comparator.comparing(OutboxRecord::id)).limit(limit).toList();
    }

    @Override
    public void markUnreachable(MemberId member, Channel channel, String reason, Instant at) {
        requireWritable();
        Map<Channel, String> marks = unreachable.computeIfAbsent(member, m -> new EnumMap<>(Channel.class));
        if (!marks.containsKey(channel)) {
            marks.put(channel, reason);
            undoable(() -> marks.remove(channel));
        }
    }

    @Override
    public boolean markReachable(MemberId member, Channel channel) {
        requireWritable();
        Map<Channel, String> marks = unreachable.get(member);
        if (marks == null || !marks.containsKey(channel)) {
            return false;
        }
        String reason = marks.remove(channel);
        undoable(() -> marks.put(channel, reason));
        return true;
    }

    @Override
    public Set<Channel> unreachableChannels(MemberId member) {
        Map<Channel, String> marks = unreachable.get(member);
        return marks == null || marks.isEmpty() ? Set.of() : Set.copyOf(marks.keySet());
    }

    @Override
    public SendSlots reserveSlots(Channel channel, int wanted, Duration interval, Instant now, Instant horizon) {
        requireWritable();
        Instant previous = nextFreeSlot.get(channel);
        SendSlots slots = SendSlots.compute(previous, wanted, interval, now, horizon);
        if (slots.granted() > 0) {
            nextFreeSlot.put(channel, slots.nextFree());
            undoable(() -> {
                if (previous == null) {
                    nextFreeSlot.remove(channel);
                } else {
                    nextFreeSlot.put(channel, previous);
                }
            });
        }
        return slots;
    }

    /** Every message, for {@link InMemoryAnalyticsStore}. */
    java.util.Collection<OutboxRecord> allMessages() {
        return byId.values();
    }
}
