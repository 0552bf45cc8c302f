package dev.kopilka.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The outbox against its database, side by side in one run:
 * <ul>
 *   <li>O0 — a bare batched INSERT of the same number of rows (id and text) into a plain table;</li>
 *   <li>O0c (PostgreSQL) — a bare {@code COPY} of as many full outbox rows into a table shaped like the outbox,
 *       its indexes included: the floor for O1;</li>
 *   <li>O1m — enqueueing {@code messages} campaign messages through the outbox port in transactions of 10,000, in
 *       calls of 999 (the store's multi-row inserts skipping existing dedupe keys);</li>
 *   <li>O1 — the same in one call per transaction (what a sweep's bulk enqueue does; on PostgreSQL the store
 *       copies the batch straight into the outbox, through a temporary table and one insert only when a key is
 *       already stored);</li>
 *   <li>O2 — claim-and-mark throughput: dispatchers with a no-op channel claim, route, mark started and mark sent
 *       for {@code seconds} seconds, with 1 and 4 instances.</li>
 * </ul>
 *
 * <pre>java -cp benchmarks.jar dev.kopilka.benchmarks.OutboxScenario [jdbcUrl user password messages seconds]</pre>
 */
public final class OutboxScenario {

    private static final int MEMBERS = 10_000;
    private static final int ENQUEUE_TRANSACTION = 10_000;
    /** Calls below the JDBC store's COPY threshold: the multi-row insert path, for comparison in the same run. */
    private static final int MULTI_ROW_CALL = 999;

    private OutboxScenario() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String password = args.length > 2 ? args[2] : "";
        int messages = args.length > 3 ? Integer.parseInt(args[3]) : 400_000;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        boolean postgres = ScenarioDatabase.isPostgres(url);
        try (HikariDataSource pool = ScenarioDatabase.pool(url, user, password, 8)) {
            String name = "outbox-bench-" + System.currentTimeMillis();
            ProgramId program = ProgramId.of(name);
            JdbcStore store = JdbcStore.builder(pool).build();
            seedMembers(store, program);
            ScenarioDatabase.analyze(pool, url, "kopilka_members");
            System.out.printf("%s, %,d messages to %,d members%n%n", url, messages, MEMBERS);

            double bare = bareInsert(pool, messages);
            double copy = postgres ? bareCopy(pool, messages) : Double.NaN;
            double multiRow = enqueue(store, program, messages, "row-", MULTI_ROW_CALL);
            double enqueue = enqueue(store, program, messages, "msg-", ENQUEUE_TRANSACTION);
            System.out.printf("O0  bare batched insert   %,8.0f ms  (%,.0f rows/s)%n", bare, messages / bare * 1000);
            if (postgres) {
                System.out.printf("O0c bare COPY, outbox rows %,8.0f ms  (%,.0f rows/s)%n", copy, messages / copy * 1000);
            }
            System.out.printf("O1m enqueue, calls of %d  %,8.0f ms  (%,.0f msg/s)   O1m/O0 %.2f   O1m/O0c %.2f%n",
                    MULTI_ROW_CALL, multiRow, messages / multiRow * 1000, multiRow / bare, multiRow / copy);
            System.out.printf("O1  enqueue, calls of %,d %,8.0f ms  (%,.0f msg/s)   O1/O0 %.2f   O1/O0c %.2f%n%n",
                    ENQUEUE_TRANSACTION, enqueue, messages / enqueue * 1000, enqueue / bare, enqueue / copy);

            ScenarioDatabase.analyze(pool, url, "kopilka_outbox");
            for (int instances : new int[] {1, 4}) {
                long sent = dispatch(pool, name, instances, seconds);
                System.out.printf("O2 claim-and-mark, %d instance(s): %,d sent in %d s = %,.0f msg/s%n", instances,
                        sent, seconds, sent / (double) seconds);
            }
            System.out.println("\nbacklog: " + store.readOnly(program, tx -> tx.outbox().countByState()));
        }
    }

    private static void seedMembers(JdbcStore store, ProgramId program) {
        Instant now = Instant.now();
        store.inTransaction(program, tx -> {
            for (int i = 0; i < MEMBERS; i++) {
                tx.members().insert(new Member(MemberId.of("m-" + i), String.format("+7999%07d", i), null, null, null,
                        null, null, now, null, EnumSet.of(Consent.SMS_MARKETING), false, null, null, 0));
            }
            return null;
        });
    }

    private static double bareInsert(HikariDataSource pool, int rows) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_bare_outbox");
            s.execute("CREATE TABLE bench_bare_outbox (id VARCHAR(64) PRIMARY KEY, body VARCHAR(500) NOT NULL)");
            c.commit();
        }
        long start = System.nanoTime();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO bench_bare_outbox (id, body) VALUES (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setString(1, "bare-" + i);
                ps.setString(2, text(i));
                ps.addBatch();
                if (i % 128 == 127) {
                    ps.executeBatch();
                }
                if (i % ENQUEUE_TRANSACTION == ENQUEUE_TRANSACTION - 1) {
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static String text(int i) {
        return "Анна, вам начислено 250 бонусов до 22 мая! Код " + i;
    }

    /**
     * O0c: the same number of outbox rows, every column, through a bare {@code COPY} into a table shaped like the
     * outbox with its indexes, committed every 10,000 rows (B5's baseline (c)).
     */
    private static double bareCopy(HikariDataSource pool, int rows) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_copy_outbox");
            s.execute("CREATE TABLE bench_copy_outbox (LIKE kopilka_outbox INCLUDING ALL)");
            c.commit();
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        long start = System.nanoTime();
        try (Connection c = pool.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int from = 0; from < rows; from += ENQUEUE_TRANSACTION) {
                StringBuilder text = new StringBuilder();
                for (int i = from; i < Math.min(rows, from + ENQUEUE_TRANSACTION); i++) {
                    text.append("bench\tcopy-").append(i).append("\tm-").append(i % MEMBERS)
                            .append("\treactivation:").append(i).append("\tMARKETING\treactivation\t").append(text(i))
                            .append('\t').append(now).append('\t').append(now).append("\t\\N\tPENDING\t").append(now)
                            .append("\t0\t\\N\t\\N\t\\N\t0\t\\N\t\\N\t\\N\t\\N\t\\N\t").append(now).append('\n');
                }
                copy.copyIn("COPY bench_copy_outbox FROM STDIN", new StringReader(text.toString()));
                c.commit();
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Enqueues in transactions of 10,000, in calls of {@code call} messages (below 1,000: the multi-row insert). */
    private static double enqueue(JdbcStore store, ProgramId program, int messages, String idPrefix, int call) {
        Instant now = Instant.now();
        long start = System.nanoTime();
        for (int from = 0; from < messages; from += ENQUEUE_TRANSACTION) {
            int first = from;
            List<OutboxMessage> batch = new ArrayList<>(ENQUEUE_TRANSACTION);
            for (int i = first; i < Math.min(messages, first + ENQUEUE_TRANSACTION); i++) {
                batch.add(new OutboxMessage(idPrefix + i, MemberId.of("m-" + (i % MEMBERS)),
                        "reactivation:" + idPrefix + i, MessagePurpose.MARKETING, "reactivation", text(i), now, now, null));
            }
            store.inTransaction(program, tx -> {
                for (int k = 0; k < batch.size(); k += call) {
                    tx.outbox().enqueue(batch.subList(k, Math.min(batch.size(), k + call)));
                }
                return null;
            });
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static long dispatch(HikariDataSource pool, String program, int instances, int seconds) throws Exception {
        AtomicLong sent = new AtomicLong();
        MessageChannel noop = new MessageChannel() {
            @Override
            public Channel channel() {
                return Channel.SMS;
            }

            @Override
            public boolean canReach(OutboundMessage message) {
                return true;
            }

            @Override
            public SendResult send(OutboundMessage message) {
                return SendResult.Accepted.free("noop-" + sent.incrementAndGet());
            }
        };
        List<Kopilka> nodes = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            nodes.add(Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program,
                    "kopilka.messaging.cascade", "sms", "kopilka.messaging.rate.sms", "100000",
                    "kopilka.messaging.batch-size", "500", "kopilka.messaging.autostart", "false")))
                    .store(JdbcStore.builder(pool).migrate(false).build())
                    .messaging(Messaging.setup().channel(noop).instanceName("bench-" + i)).build());
        }
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        long before = sent.get();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<?>> running = new ArrayList<>();
        for (Kopilka node : nodes) {
            running.add(threads.submit(() -> {
                while (System.nanoTime() < end) {
                    node.messaging().dispatchOnce();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        threads.shutdown();
        long done = sent.get() - before;
        nodes.forEach(Kopilka::close);
        return done;
    }
}
