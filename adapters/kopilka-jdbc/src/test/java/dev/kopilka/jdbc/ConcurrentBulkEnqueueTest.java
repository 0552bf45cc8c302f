package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.store.port.StoreTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two transactions enqueue overlapping bulk batches at once (two instances' sweeps, or a sweep and its re-run): the
 * second waits for the first's uncommitted keys and then adds exactly the messages the first did not commit. On
 * PostgreSQL the bulk path copies straight into the outbox and falls back to its staged {@code ON CONFLICT DO NOTHING}
 * move when the copy meets a key committed meanwhile; this is that fallback under concurrency.
 */
class ConcurrentBulkEnqueueTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static List<OutboxMessage> batch(String tag, int from, int to) {
        List<OutboxMessage> messages = new ArrayList<>();
        for (int i = from; i < to; i++) {
            messages.add(new OutboxMessage(tag + "-" + i, MemberId.of("m-" + i % 50), "bulk:" + i,
                    MessagePurpose.MARKETING, "campaign", "Текст " + i, NOW, NOW, null));
        }
        return messages;
    }

    @ParameterizedTest(name = "{0}, first transaction commits: {1}")
    @CsvSource({"POSTGRESQL, true", "POSTGRESQL, false", "MARIADB, true", "MARIADB, false"})
    void theSecondOfTwoOverlappingBulkEnqueuesAddsOnlyWhatTheFirstDidNotCommit(TestDatabases.Kind kind,
            boolean firstCommits) throws Exception {
        JdbcStore store = JdbcStore.builder(TestDatabases.dataSource(kind)).build();
        ProgramId program = ProgramId.of("bulk-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch firstCopied = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<Integer> first = pool.submit(() -> {
                try {
                    return store.inTransaction(program, tx -> {
                        int added = tx.outbox().enqueue(batch("a", 0, 1_500));
                        firstCopied.countDown();
                        await(release);
                        if (!firstCommits) {
                            throw new IllegalStateException("the cause of the first batch failed");
                        }
                        return added;
                    });
                } catch (IllegalStateException rolledBack) {
                    return 0;
                }
            });
            assertThat(firstCopied.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Integer> second = pool.submit(() -> store.inTransaction(program,
                    tx -> tx.outbox().enqueue(batch("b", 1_000, 2_500))));
            Thread.sleep(300);
            assertThat(second.isDone()).as("the second waits for the first's uncommitted keys").isFalse();
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(firstCommits ? 1_500 : 0);
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(firstCommits ? 1_000 : 1_500);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(store.readOnly(program, (StoreTransaction tx) -> tx.outbox().countByState()).get(OutboxState.PENDING))
                .isEqualTo(firstCommits ? 2_500 : 1_500);
        String kept = firstCommits ? "a-1000" : "b-1000";
        String skipped = firstCommits ? "b-1000" : "a-1000";
        assertThat(store.readOnly(program, (StoreTransaction tx) -> tx.outbox().find(kept).isPresent())).isTrue();
        assertThat(store.readOnly(program, (StoreTransaction tx) -> tx.outbox().find(skipped).isPresent())).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
