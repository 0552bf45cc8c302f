package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.messaging.port.SendSlots;
import dev.kopilka.store.port.KopilkaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link OutboxStore}, run by {@link KopilkaStoreContract} on every store (its {@code Outbox}
 * group): idempotent enqueue, claims under leases that two claimers never share, state changes fenced by the
 * lease token, lease expiry, delivery reports, reachability marks, shared send slots, and rollback.
 */
public abstract class OutboxStoreContract {

    protected static final Instant T0 = Instant.parse("2025-05-12T07:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    protected abstract KopilkaStore store();

    protected abstract ProgramId program();

    private <T> T write(Function<OutboxStore, T> work) {
        return store().inTransaction(program(), tx -> work.apply(tx.outbox()));
    }

    private <T> T read(Function<OutboxStore, T> work) {
        return store().readOnly(program(), tx -> work.apply(tx.outbox()));
    }

    protected static OutboxMessage message(String id, String member, String dedupeKey, Instant notBefore) {
        return new OutboxMessage(id, MemberId.of(member), dedupeKey, MessagePurpose.MARKETING, "campaign-1",
                "Привет, " + member + "! <b>250</b> бонусов & код", T0, notBefore, null);
    }

    private OutboxRecord record(String id) {
        return read((OutboxStore o) -> o.find(id)).orElseThrow();
    }

    @Test
    void anEnqueuedMessageKeepsEveryFieldAndIsPending() {
        OutboxMessage m = new OutboxMessage("m-1", MemberId.of("member-1"), "welcome:member-1",
                MessagePurpose.TRANSACTIONAL, null, "Текст <i>с</i> разметкой & символами", T0, T0.plusSeconds(60),
                T0.plus(Duration.ofDays(2)));
        assertThat(write((OutboxStore o) -> o.enqueue(List.of(m)))).isEqualTo(1);
        OutboxRecord r = record("m-1");
        assertThat(r.message()).isEqualTo(m);
        assertThat(r.state()).isEqualTo(OutboxState.PENDING);
        assertThat(r.dueAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(r.attempts()).isZero();
        assertThat(r.channel()).isNull();
        assertThat(r.costKopecks()).isNull();
    }

    @Test
    void aDedupeKeyIsEnqueuedOnceWithinABatchAndAcrossTransactions() {
        int first = write((OutboxStore o) -> o.enqueue(List.of(message("a", "m1", "k1", T0), message("b", "m1", "k1", T0),
                message("c", "m2", "k2", T0))));
        int second = write((OutboxStore o) -> o.enqueue(List.of(message("d", "m1", "k1", T0), message("e", "m3", "k3", T0))));
        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(1);
        assertThat(read((OutboxStore o) -> o.find("b"))).isEmpty();
        assertThat(read((OutboxStore o) -> o.find("d"))).isEmpty();
        assertThat(read((OutboxStore o) -> o.countByState()).get(OutboxState.PENDING)).isEqualTo(3);
    }

    @Test
    void aLargeBatchIsEnqueuedWholeAcrossTheStoresInsertChunksSkippingStoredKeys() {
        // Larger than any adapter's multi-row insert, so chunk boundaries are crossed with stored keys among them.
        List<OutboxMessage> stored = new java.util.ArrayList<>();
        for (int i = 0; i < 2_600; i += 9) {
            stored.add(message("big-old-" + i, "m" + i % 50, "big-" + i, T0));
        }
        assertThat(write((OutboxStore o) -> o.enqueue(stored))).isEqualTo(stored.size());
        List<OutboxMessage> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2_600; i++) {
            many.add(message("big-" + i, "m" + i % 50, "big-" + i, T0.plusSeconds(i)));
        }
        assertThat(write((OutboxStore o) -> o.enqueue(many))).isEqualTo(2_600 - stored.size());
        assertThat(read((OutboxStore o) -> o.countByState()).get(OutboxState.PENDING)).isEqualTo(2_600);
        assertThat(read((OutboxStore o) -> o.find("big-9"))).isEmpty();
        OutboxRecord last = record("big-2599");
        assertThat(last.message()).isEqualTo(many.get(2_599));
        assertThat(last.state()).isEqualTo(OutboxState.PENDING);
        assertThat(last.dueAt()).isEqualTo(T0.plusSeconds(2_599));
        assertThat(last.attempts()).isZero();
        assertThat(last.channel()).isNull();
    }

    @Test
    void largeBatchesKeepEveryCharacterAndNullAndTwoOfThemFitInOneTransaction() {
        // Large enough for any adapter's bulk path (PostgreSQL copies from 1,000 rows on), with the characters a
        // text format must escape, nulls, and a second bulk enqueue in the same transaction overlapping the first.
        String awkward = "tab\there\nnew line\r\\N not null \\ backslash \"quoted\" 'single' ,comma; ёж ✓ \uD83D\uDE00";
        String key = "\\N \\. back\\slash 'q' ёж";
        List<OutboxMessage> first = new ArrayList<>();
        List<OutboxMessage> second = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            first.add(new OutboxMessage("bulk-a-" + i, MemberId.of("m\\" + i % 7), "bulk:" + i + ":" + key,
                    i % 2 == 0 ? MessagePurpose.MARKETING : MessagePurpose.TRANSACTIONAL, i % 3 == 0 ? null : "c\\" + i,
                    awkward + i, T0.plusNanos(i), T0.plusSeconds(i), i % 5 == 0 ? T0.plus(Duration.ofDays(1)) : null));
        }
        for (int i = 1_000; i < 2_500; i++) {
            second.add(new OutboxMessage("bulk-b-" + i, MemberId.of("m" + i), "bulk:" + i + ":" + key,
                    MessagePurpose.MARKETING, "c", "second " + i, T0, T0, null));
        }
        int[] added = write((OutboxStore o) -> new int[] {o.enqueue(first), o.enqueue(second)});
        assertThat(added).containsExactly(1_500, 1_000);
        for (int i : new int[] {0, 1, 2, 5, 1_499}) {
            assertThat(record("bulk-a-" + i).message()).isEqualTo(first.get(i));
        }
        assertThat(read((OutboxStore o) -> o.find("bulk-b-1000"))).isEmpty();
        assertThat(record("bulk-b-2499").message()).isEqualTo(second.get(second.size() - 1));
        assertThat(read((OutboxStore o) -> o.countByState()).get(OutboxState.PENDING)).isEqualTo(2_500);
        // And once more in a later transaction: nothing staged earlier is left over to be inserted again.
        assertThat(write((OutboxStore o) -> o.enqueue(second))).isZero();
        assertThat(read((OutboxStore o) -> o.countByState()).get(OutboxState.PENDING)).isEqualTo(2_500);
    }

    @Test
    void aBulkEnqueueMeetingStoredKeysLateAddsTheRestAndKeepsTheTransactionsEarlierWork() {
        // A bulk store may try the batch optimistically and fall back on a conflict: neither the conflict near the
        // batch's end nor the fallback may undo what the transaction wrote before it, or lose a new row.
        write((OutboxStore o) -> o.enqueue(List.of(message("late-stored", "m1", "late-1990", T0))));
        List<OutboxMessage> bulk = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Row 1,990 repeats a stored key; row 1,995 repeats the id of the message enqueued first in this
            // transaction, under another key.
            bulk.add(message(i == 1_995 ? "late-mine" : "late-" + i, "m" + i % 9, "late-" + i, T0.plusSeconds(i)));
        }
        OutboxMessage mine = new OutboxMessage("late-mine", MemberId.of("m-mine"), "late-mine",
                MessagePurpose.TRANSACTIONAL, null, "mine", T0, T0, null);
        int[] added = write((OutboxStore o) -> new int[] {o.enqueue(List.of(mine)), o.enqueue(bulk),
                o.enqueue(List.of(message("late-after", "m2", "late-after", T0)))});
        assertThat(added).containsExactly(1, 1_998, 1);
        assertThat(record("late-mine").message()).isEqualTo(mine);
        assertThat(record("late-stored").message().dedupeKey()).isEqualTo("late-1990");
        assertThat(read((OutboxStore o) -> o.find("late-1990"))).isEmpty();
        assertThat(record("late-1999").message()).isEqualTo(bulk.get(1_999));
        assertThat(record("late-0").message()).isEqualTo(bulk.get(0));
        assertThat(read((OutboxStore o) -> o.countByState()).get(OutboxState.PENDING)).isEqualTo(2_001);
    }

    @Test
    void aRolledBackEnqueueLeavesNothing() {
        assertThatThrownBy(() -> store().inTransaction(program(), tx -> {
            tx.outbox().enqueue(List.of(message("r-1", "m1", "rk-1", T0)));
            throw new IllegalStateException("the purchase failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(read((OutboxStore o) -> o.find("r-1"))).isEmpty();
        assertThat(write((OutboxStore o) -> o.claim("t", T0, LEASE, 10))).isEmpty();
    }

    @Test
    void anotherProgramSeesNoneOfTheOutbox() {
        write((OutboxStore o) -> o.enqueue(List.of(message("p-1", "m1", "pk-1", T0))));
        ProgramId other = ProgramId.of(program().value() + "-other");
        assertThat(store().readOnly(other, (dev.kopilka.store.port.StoreTransaction tx) -> tx.outbox().find("p-1"))).isEmpty();
        assertThat(store().inTransaction(other, (dev.kopilka.store.port.StoreTransaction tx) -> tx.outbox().claim("t", T0, LEASE, 10))).isEmpty();
    }

    @Test
    void aClaimTakesDueMessagesEarliestFirstUnderALease() {
        write((OutboxStore o) -> o.enqueue(List.of(message("late", "m1", "k-late", T0.plusSeconds(20)),
                message("early", "m2", "k-early", T0.minusSeconds(10)), message("now", "m3", "k-now", T0),
                message("future", "m4", "k-future", T0.plusSeconds(3600)))));
        List<OutboxRecord> claimed = write((OutboxStore o) -> o.claim("lease-1", T0.plusSeconds(20), LEASE, 10));
        assertThat(claimed).extracting(OutboxRecord::id).containsExactly("early", "now", "late");
        OutboxRecord r = claimed.get(0);
        assertThat(r.state()).isEqualTo(OutboxState.SENDING);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.leaseToken()).isEqualTo("lease-1");
        assertThat(r.leaseUntil()).isEqualTo(T0.plusSeconds(20).plus(LEASE));
        assertThat(r.sendStartedAt()).isNull();
        assertThat(record("early").state()).isEqualTo(OutboxState.SENDING);
        assertThat(write((OutboxStore o) -> o.claim("lease-2", T0.plusSeconds(20), LEASE, 10))).isEmpty();
    }

    @Test
    void aClaimStopsAtItsLimit() {
        List<OutboxMessage> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(message("lim-" + i, "m" + i, "lim-" + i, T0));
        }
        write((OutboxStore o) -> o.enqueue(many));
        assertThat(write((OutboxStore o) -> o.claim("a", T0, LEASE, 10))).hasSize(10);
        assertThat(write((OutboxStore o) -> o.claim("b", T0, LEASE, 10))).hasSize(10);
        assertThat(write((OutboxStore o) -> o.claim("c", T0, LEASE, 10))).hasSize(5);
    }

    @Test
    void twoClaimersAtOnceNeverGetTheSameMessage() throws Exception {
        int total = 300;
        List<OutboxMessage> many = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            many.add(message(String.format("race-%04d", i), "m" + i, "race-" + i, T0));
        }
        write((OutboxStore o) -> o.enqueue(many));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> claimers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                String token = "claimer-" + c;
                claimers.add(pool.submit((Callable<List<String>>) () -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    while (true) {
                        List<OutboxRecord> got = write((OutboxStore o) -> o.claim(token, T0, LEASE, 7));
                        if (got.isEmpty()) {
                            return mine;
                        }
                        got.forEach(r -> mine.add(r.id()));
                    }
                }));
            }
            start.countDown();
            Set<String> seen = new HashSet<>();
            int claimed = 0;
            for (Future<List<String>> f : claimers) {
                List<String> mine = f.get(60, TimeUnit.SECONDS);
                claimed += mine.size();
                seen.addAll(mine);
            }
            assertThat(claimed).as("claims in all").isEqualTo(total);
            assertThat(seen).as("distinct messages claimed").hasSize(total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheHoldingClaimChangesAMessage() {
        write((OutboxStore o) -> o.enqueue(List.of(message("f-1", "m1", "f-1", T0))));
        write((OutboxStore o) -> o.claim("holder", T0, LEASE, 10));
        assertThat(write((OutboxStore o) -> o.markSent("f-1", "intruder", Channel.SMS, "p-1", 350L, 1, T0))).isFalse();
        assertThat(write((OutboxStore o) -> o.markRetry("f-1", "intruder", Channel.SMS, T0, "x", true, T0))).isFalse();
        assertThat(write((OutboxStore o) -> o.markFinal("f-1", "intruder", OutboxState.DEAD, Channel.SMS, "x", T0))).isFalse();
        assertThat(record("f-1").state()).isEqualTo(OutboxState.SENDING);
        assertThat(write((OutboxStore o) -> o.markSent("f-1", "holder", Channel.SMS, "p-1", 350L, 2, T0.plusSeconds(1)))).isTrue();
        OutboxRecord sent = record("f-1");
        assertThat(sent.state()).isEqualTo(OutboxState.SENT);
        assertThat(sent.channel()).isEqualTo(Channel.SMS);
        assertThat(sent.providerMessageId()).isEqualTo("p-1");
        assertThat(sent.costKopecks()).isEqualTo(350L);
        assertThat(sent.parts()).isEqualTo(2);
        assertThat(write((OutboxStore o) -> o.markSent("f-1", "holder", Channel.SMS, "p-2", 350L, 2, T0))).as("sent once").isFalse();
    }

    @Test
    void aRetryIsDueAgainAtItsTimeAndAGivenBackAttemptIsNotCounted() {
        write((OutboxStore o) -> o.enqueue(List.of(message("t-1", "m1", "t-1", T0), message("t-2", "m2", "t-2", T0))));
        write((OutboxStore o) -> o.claim("c1", T0, LEASE, 10));
        assertThat(write((OutboxStore o) -> o.markRetry("t-1", "c1", Channel.TELEGRAM, T0.plusSeconds(60), "502", true, T0))).isTrue();
        assertThat(write((OutboxStore o) -> o.markRetry("t-2", "c1", null, T0.plusSeconds(5), "deferred", false, T0))).isTrue();
        OutboxRecord failed = record("t-1");
        assertThat(failed.state()).isEqualTo(OutboxState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("502");
        assertThat(failed.channel()).isEqualTo(Channel.TELEGRAM);
        OutboxRecord deferred = record("t-2");
        assertThat(deferred.state()).isEqualTo(OutboxState.PENDING);
        assertThat(deferred.attempts()).isZero();
        assertThat(write((OutboxStore o) -> o.claim("c2", T0.plusSeconds(30), LEASE, 10))).extracting(OutboxRecord::id)
                .containsExactly("t-2");
        List<OutboxRecord> again = write((OutboxStore o) -> o.claim("c3", T0.plusSeconds(60), LEASE, 10));
        assertThat(again).extracting(OutboxRecord::id).containsExactly("t-1");
        assertThat(again.get(0).attempts()).isEqualTo(2);
    }

    @Test
    void finalStatesEndTheMessageAndSentIsNotOne() {
        write((OutboxStore o) -> o.enqueue(List.of(message("d-1", "m1", "d-1", T0), message("d-2", "m2", "d-2", T0),
                message("d-3", "m3", "d-3", T0), message("d-4", "m4", "d-4", T0))));
        write((OutboxStore o) -> o.claim("c", T0, LEASE, 10));
        write((OutboxStore o) -> o.markFinal("d-1", "c", OutboxState.DEAD, Channel.SMS, "failed 10 times", T0));
        write((OutboxStore o) -> o.markFinal("d-2", "c", OutboxState.UNDELIVERABLE, null, "no consent", T0));
        write((OutboxStore o) -> o.markFinal("d-3", "c", OutboxState.EXPIRED, null, "expired", T0));
        assertThatThrownBy(() -> write((OutboxStore o) -> o.markFinal("d-4", "c", OutboxState.SENT, null, "x", T0)))
                .isInstanceOf(IllegalArgumentException.class);
        Map<OutboxState, Long> counts = read(OutboxStore::countByState);
        assertThat(counts).containsOnlyKeys(OutboxState.values());
        assertThat(counts.get(OutboxState.DEAD)).isEqualTo(1);
        assertThat(counts.get(OutboxState.UNDELIVERABLE)).isEqualTo(1);
        assertThat(counts.get(OutboxState.EXPIRED)).isEqualTo(1);
        assertThat(counts.get(OutboxState.SENDING)).isEqualTo(1);
        assertThat(counts.get(OutboxState.SENT)).isZero();
        assertThat(record("d-1").lastError()).isEqualTo("failed 10 times");
        assertThat(read((OutboxStore o) -> o.inState(OutboxState.DEAD, 10))).extracting(OutboxRecord::id).containsExactly("d-1");
        assertThat(write((OutboxStore o) -> o.claim("again", T0.plusSeconds(3600), LEASE, 10))).isEmpty();
    }

    @Test
    void anExpiredLeaseIsFoundAndItsSendStartIsKnown() {
        write((OutboxStore o) -> o.enqueue(List.of(message("l-1", "m1", "l-1", T0), message("l-2", "m2", "l-2", T0))));
        write((OutboxStore o) -> o.claim("crashed", T0, LEASE, 10));
        assertThat(write((OutboxStore o) -> o.markSendStarted(List.of("l-1"), "crashed", T0.plusSeconds(1)))).isEqualTo(1);
        assertThat(read((OutboxStore o) -> o.expiredLeases(T0.plusSeconds(29), 10))).isEmpty();
        List<OutboxRecord> expired = read((OutboxStore o) -> o.expiredLeases(T0.plusSeconds(31), 10));
        assertThat(expired).extracting(OutboxRecord::id).containsExactlyInAnyOrder("l-1", "l-2");
        OutboxRecord started = expired.stream().filter(r -> r.id().equals("l-1")).findFirst().orElseThrow();
        assertThat(started.sendStartedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(expired.stream().filter(r -> r.id().equals("l-2")).findFirst().orElseThrow().sendStartedAt()).isNull();
        // The taker-over ends one UNKNOWN; the crashed claim's late answer may still record the truth.
        assertThat(write((OutboxStore o) -> o.markFinal("l-1", "crashed", OutboxState.UNKNOWN, Channel.TELEGRAM, "lease ran out",
                T0.plusSeconds(31)))).isTrue();
        assertThat(write((OutboxStore o) -> o.markSent("l-1", "crashed", Channel.TELEGRAM, "tg-9", 0L, 1, T0.plusSeconds(32))))
                .isTrue();
        assertThat(record("l-1").state()).isEqualTo(OutboxState.SENT);
    }

    @Test
    void aDeliveryReportUpdatesStatusAndCostByProviderId() {
        write((OutboxStore o) -> o.enqueue(List.of(message("r-1", "m1", "r-1", T0))));
        write((OutboxStore o) -> o.claim("c", T0, LEASE, 10));
        write((OutboxStore o) -> o.markSent("r-1", "c", Channel.SMS, "gw-77", null, 2, T0));
        assertThat(record("r-1").costKopecks()).isNull();
        assertThat(read((OutboxStore o) -> o.findByProviderId(Channel.SMS, "gw-77"))).map(OutboxRecord::id).contains("r-1");
        assertThat(read((OutboxStore o) -> o.findByProviderId(Channel.TELEGRAM, "gw-77"))).isEmpty();
        DeliveryReport report = new DeliveryReport(Channel.SMS, "gw-77", DeliveryStatus.DELIVERED,
                OptionalLong.of(790), T0.plusSeconds(5), "DELIVRD");
        assertThat(write((OutboxStore o) -> o.recordDelivery(report, T0.plusSeconds(6)))).isTrue();
        OutboxRecord r = record("r-1");
        assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(r.costKopecks()).isEqualTo(790L);
        assertThat(r.state()).isEqualTo(OutboxState.SENT);
        DeliveryReport noCost = new DeliveryReport(Channel.SMS, "gw-77", DeliveryStatus.FAILED, OptionalLong.empty(),
                T0.plusSeconds(7), null);
        write((OutboxStore o) -> o.recordDelivery(noCost, T0.plusSeconds(7)));
        assertThat(record("r-1").costKopecks()).as("a report without a cost keeps the known one").isEqualTo(790L);
        assertThat(write((OutboxStore o) -> o.recordDelivery(new DeliveryReport(Channel.SMS, "unknown", DeliveryStatus.DELIVERED,
                OptionalLong.empty(), T0, null), T0))).isFalse();
    }

    @Test
    void aRepeatedReportChangesNothingAndPendingNeverUndoesAFinalStatus() {
        write((OutboxStore o) -> o.enqueue(List.of(message("r-2", "m1", "r-2", T0))));
        write((OutboxStore o) -> o.claim("c", T0, LEASE, 10));
        write((OutboxStore o) -> o.markSent("r-2", "c", Channel.SMS, "gw-78", 300L, 1, T0));
        DeliveryReport delivered = new DeliveryReport(Channel.SMS, "gw-78", DeliveryStatus.DELIVERED,
                OptionalLong.of(255), T0.plusSeconds(5), "103");
        assertThat(write((OutboxStore o) -> o.recordDelivery(delivered, T0.plusSeconds(6)))).isTrue();
        OutboxRecord first = record("r-2");
        assertThat(first.costKopecks()).as("the reported charge replaces the estimate").isEqualTo(255L);
        assertThat(write((OutboxStore o) -> o.recordDelivery(delivered, T0.plusSeconds(9)))).isTrue();
        assertThat(record("r-2")).as("the same report twice changes nothing").isEqualTo(first);
        DeliveryReport latePending = new DeliveryReport(Channel.SMS, "gw-78", DeliveryStatus.PENDING,
                OptionalLong.empty(), T0.plusSeconds(10), "102");
        assertThat(write((OutboxStore o) -> o.recordDelivery(latePending, T0.plusSeconds(10)))).isTrue();
        assertThat(record("r-2").deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void messagesAwaitingAReportAreListedPerChannelUntilAFinalReport() {
        write((OutboxStore o) -> o.enqueue(List.of(message("w-1", "m1", "w-1", T0), message("w-2", "m1", "w-2", T0),
                message("w-3", "m1", "w-3", T0), message("w-4", "m1", "w-4", T0))));
        write((OutboxStore o) -> o.claim("c", T0, LEASE, 10));
        write((OutboxStore o) -> o.markSent("w-1", "c", Channel.SMS, "s-1", 300L, 1, T0));
        write((OutboxStore o) -> o.markSent("w-2", "c", Channel.SMS, "s-2", 300L, 1, T0.plusSeconds(60)));
        write((OutboxStore o) -> o.markSent("w-3", "c", Channel.TELEGRAM, "t-3", 0L, 1, T0.plusSeconds(60)));
        write((OutboxStore o) -> o.markSent("w-4", "c", Channel.SMS, "s-4", 300L, 1, T0.plusSeconds(60)));
        write((OutboxStore o) -> o.recordDelivery(new DeliveryReport(Channel.SMS, "s-4", DeliveryStatus.DELIVERED,
                OptionalLong.empty(), T0.plusSeconds(70), null), T0.plusSeconds(70)));
        write((OutboxStore o) -> o.recordDelivery(new DeliveryReport(Channel.SMS, "s-2", DeliveryStatus.PENDING,
                OptionalLong.empty(), T0.plusSeconds(70), null), T0.plusSeconds(70)));
        assertThat(read((OutboxStore o) -> o.awaitingReport(Channel.SMS, T0, null, 10))).extracting(OutboxRecord::id)
                .containsExactly("w-1", "w-2");
        assertThat(read((OutboxStore o) -> o.awaitingReport(Channel.SMS, T0, "w-1", 10))).extracting(OutboxRecord::id)
                .containsExactly("w-2");
        assertThat(read((OutboxStore o) -> o.awaitingReport(Channel.SMS, T0, null, 1))).extracting(OutboxRecord::id)
                .containsExactly("w-1");
        assertThat(read((OutboxStore o) -> o.awaitingReport(Channel.SMS, T0.plusSeconds(30), null, 10)))
                .as("older than the window").extracting(OutboxRecord::id).containsExactly("w-2");
    }

    @Test
    void messagesAreFoundByMemberAndPagedByCampaign() {
        write((OutboxStore o) -> o.enqueue(List.of(message("c-1", "m1", "c-1", T0), message("c-2", "m2", "c-2", T0),
                message("c-3", "m1", "c-3", T0))));
        assertThat(read((OutboxStore o) -> o.ofMember(MemberId.of("m1")))).extracting(OutboxRecord::id)
                .containsExactlyInAnyOrder("c-1", "c-3");
        assertThat(read((OutboxStore o) -> o.ofCampaign("campaign-1", null, 2))).extracting(OutboxRecord::id)
                .containsExactly("c-1", "c-2");
        assertThat(read((OutboxStore o) -> o.ofCampaign("campaign-1", "c-2", 2))).extracting(OutboxRecord::id).containsExactly("c-3");
        assertThat(read((OutboxStore o) -> o.ofCampaign("other", null, 2))).isEmpty();
    }

    @Test
    void aMembersMessagesAreFoundInEveryStateOldestFirst() {
        // One message of the member in each state (a store may find waiting, sending and ended ones differently).
        OutboxState[] states = OutboxState.values();
        List<OutboxMessage> mine = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            mine.add(new OutboxMessage("s-" + i, MemberId.of("m-all"), "s-" + i, MessagePurpose.MARKETING, "campaign-1",
                    "text", T0.plusSeconds(states.length - i), T0, null));
        }
        write((OutboxStore o) -> o.enqueue(mine));
        write((OutboxStore o) -> o.enqueue(List.of(message("other-member", "m-else", "other-member", T0))));
        List<OutboxRecord> claimed = write((OutboxStore o) -> o.claim("t1", T0, LEASE, 100));
        assertThat(claimed).hasSize(states.length + 1);
        for (int i = 0; i < states.length; i++) {
            String id = "s-" + i;
            OutboxState target = states[i];
            write((OutboxStore o) -> switch (target) {
                case PENDING -> o.markRetry(id, "t1", null, T0, "given back", false, T0);
                case FAILED -> o.markRetry(id, "t1", Channel.SMS, T0.plusSeconds(60), "try later", true, T0);
                case SENDING -> true;
                case SENT -> o.markSent(id, "t1", Channel.SMS, "p-" + id, 350L, 1, T0);
                default -> o.markFinal(id, "t1", target, Channel.SMS, "ended", T0);
            });
        }
        List<OutboxRecord> found = read((OutboxStore o) -> o.ofMember(MemberId.of("m-all")));
        assertThat(found).extracting(OutboxRecord::state).containsExactlyInAnyOrder(states);
        List<String> oldestFirst = new ArrayList<>();
        for (int i = states.length - 1; i >= 0; i--) {
            oldestFirst.add("s-" + i);
        }
        assertThat(found).extracting(OutboxRecord::id).containsExactlyElementsOf(oldestFirst);
    }

    @Test
    void unreachableMarksAreKeptPerChannelAndCanBeLifted() {
        MemberId m = MemberId.of("m-unreach");
        write((OutboxStore o) -> {
            o.markUnreachable(m, Channel.TELEGRAM, "blocked the bot", T0);
            o.markUnreachable(m, Channel.TELEGRAM, "again", T0.plusSeconds(1));
            return null;
        });
        assertThat(read((OutboxStore o) -> o.unreachableChannels(m))).containsExactly(Channel.TELEGRAM);
        assertThat(read((OutboxStore o) -> o.unreachableChannels(MemberId.of("other")))).isEmpty();
        assertThat(write((OutboxStore o) -> o.markReachable(m, Channel.TELEGRAM))).isTrue();
        assertThat(write((OutboxStore o) -> o.markReachable(m, Channel.TELEGRAM))).isFalse();
        assertThat(read((OutboxStore o) -> o.unreachableChannels(m))).isEmpty();
    }

    @Test
    void sendSlotsAreSharedSpacedAndBoundedByTheHorizon() {
        Duration interval = Duration.ofMillis(100);
        SendSlots first = write((OutboxStore o) -> o.reserveSlots(Channel.TELEGRAM, 5, interval, T0, T0.plusSeconds(10)));
        assertThat(first.first()).isEqualTo(T0);
        assertThat(first.granted()).isEqualTo(5);
        SendSlots second = write((OutboxStore o) -> o.reserveSlots(Channel.TELEGRAM, 100, interval, T0, T0.plusSeconds(1)));
        assertThat(second.first()).as("after the first reservation").isEqualTo(T0.plusMillis(500));
        assertThat(second.granted()).as("slots 500..1000 ms").isEqualTo(6);
        SendSlots none = write((OutboxStore o) -> o.reserveSlots(Channel.TELEGRAM, 3, interval, T0, T0.plusSeconds(1)));
        assertThat(none.granted()).isZero();
        SendSlots sms = write((OutboxStore o) -> o.reserveSlots(Channel.SMS, 3, interval, T0, T0.plusSeconds(1)));
        assertThat(sms.first()).as("each channel has its own slots").isEqualTo(T0);
        SendSlots later = write((OutboxStore o) -> o.reserveSlots(Channel.TELEGRAM, 2, interval, T0.plusSeconds(5), T0.plusSeconds(6)));
        assertThat(later.first()).as("an idle channel starts at now").isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aRolledBackClaimLeavesTheMessagesDue() {
        write((OutboxStore o) -> o.enqueue(List.of(message("rb-1", "m1", "rb-1", T0))));
        assertThatThrownBy(() -> store().inTransaction(program(), tx -> {
            tx.outbox().claim("doomed", T0, LEASE, 10);
            throw new IllegalStateException("crash before commit");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(record("rb-1").state()).isEqualTo(OutboxState.PENDING);
        assertThat(write((OutboxStore o) -> o.claim("next", T0, LEASE, 10))).hasSize(1);
    }

    @Test
    void manyAcceptancesAreRecordedAtOnceAndOnlyWhereTheClaimHolds() {
        write((OutboxStore o) -> o.enqueue(List.of(message("b-1", "m1", "b-1", T0), message("b-2", "m2", "b-2", T0),
                message("b-3", "m3", "b-3", T0))));
        write((OutboxStore o) -> o.claim("c", T0, LEASE, 2));
        write((OutboxStore o) -> o.claim("other", T0, LEASE, 1));
        List<String> notHeld = write((OutboxStore o) -> o.markSentAll("c", List.of(
                new OutboxStore.Acceptance("b-1", Channel.SMS, "g-1", 350L, 1, T0.plusSeconds(1)),
                new OutboxStore.Acceptance("b-2", Channel.TELEGRAM, "t-2", 0L, 1, T0.plusSeconds(1)),
                new OutboxStore.Acceptance("b-3", Channel.SMS, "g-3", 350L, 1, T0.plusSeconds(1)))));
        assertThat(notHeld).containsExactly("b-3");
        assertThat(record("b-1").state()).isEqualTo(OutboxState.SENT);
        assertThat(record("b-2").providerMessageId()).isEqualTo("t-2");
        assertThat(record("b-3").state()).isEqualTo(OutboxState.SENDING);
    }

    @Test
    void unreachableMarksAreReadForManyMembersAtOnce() {
        write((OutboxStore o) -> {
            o.markUnreachable(MemberId.of("u-1"), Channel.TELEGRAM, "blocked", T0);
            o.markUnreachable(MemberId.of("u-1"), Channel.SMS, "no such number", T0);
            o.markUnreachable(MemberId.of("u-2"), Channel.TELEGRAM, "blocked", T0);
            return null;
        });
        Map<MemberId, Set<Channel>> marks = read((OutboxStore o) -> o.unreachableChannels(
                List.of(MemberId.of("u-1"), MemberId.of("u-2"), MemberId.of("u-3"))));
        assertThat(marks.get(MemberId.of("u-1"))).containsExactlyInAnyOrder(Channel.TELEGRAM, Channel.SMS);
        assertThat(marks.get(MemberId.of("u-2"))).containsExactly(Channel.TELEGRAM);
        assertThat(marks.getOrDefault(MemberId.of("u-3"), Set.of())).isEmpty();
    }
}
