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
import java.util.Optional;
import java.util.Set;

/**
 * In-memory {@link OutboxStore}: the outbox of one program, in enqueue order. The program's write lock makes
 * claims exclusive; every change registers its undo, so a rolled-back enqueue or claim leaves nothing.
 */
public final class InMemoryOutboxStore extends InMemoryTable implements OutboxStore {

    private static final Comparator<OutboxRecord> BY_DUE = Comparator.comparing(OutboxRecord::dueAt)
            .thenComparing(OutboxRecord::id);

    private final Map<String, OutboxMessage> byDedupeKey = new LinkedHashMap<>();
    private final Map<String, OutboxRecord> byId = new LinkedHashMap<>();
    private final Map<String, String> byProviderId = new HashMap<>();
    private final Map<MemberId, Map<Channel, String>> unreachable = new HashMap<>();
    private final Map<Channel, Instant> nextFreeSlot = new EnumMap<>(Channel.class);

    public InMemoryOutboxStore(TransactionLog log) {
        super(log);
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
                byId.put(message.id(), OutboxRecord.pending(message));
                undoable(() -> {
                    byDedupeKey.remove(message.dedupeKey());
                    byId.remove(message.id());
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
        OutboxRecord previous = byId.put(next.id(), next);
        undoable(() -> byId.put(previous.id(), previous));
    }

    @Override
    public List<OutboxRecord> claim(String leaseToken, Instant now, Duration lease, int limit) {
        requireWritable();
        List<OutboxRecord> due = byId.values().stream()
                .filter(r -> (r.state() == OutboxState.PENDING || r.state() == OutboxState.FAILED)
                        && !r.dueAt().isAfter(now))
                .sorted(BY_DUE).limit(limit).toList();
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
        return byId.values().stream()
                .filter(r -> r.state() == OutboxState.SENDING && r.leaseUntil().isBefore(now))
                .sorted(Comparator.comparing(OutboxRecord::leaseUntil).thenComparing(OutboxRecord::id))
                .limit(limit).toList();
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
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
        byId.values().forEach(r -> counts.merge(r.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public List<OutboxRecord> inState(OutboxState state, int limit) {
        return byId.values().stream().filter(r -> r.state() == state).sorted(BY_DUE).limit(limit).toList();
    }

    @Override
    public List<OutboxRecord> ofMember(MemberId member) {
        // Oldest first, as the port says and the SQL stores order them (created, then id).
        return byId.values().stream().filter(r -> r.message().member().equals(member))
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
