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

/**
 * The outbox against its database, side by side in one run:
 * <ul>
 *   <li>O0 — a bare batched INSERT of the same number of rows (id and text) into a plain table;</li>
 *   <li>O1 — enqueueing {@code messages} campaign messages through the outbox port, in transactions of 10,000
 *       (what a campaign sweep does): multi-row inserts skipping existing dedupe keys;</li>
 *   <li>O2 — claim-and-mark throughput: dispatchers with a no-op channel claim, route, mark started and mark sent
 *       for {@code seconds} seconds, with 1 and 4 instances.</li>
 * </ul>
 *
 * <pre>java -cp benchmarks.jar dev.kopilka.benchmarks.OutboxScenario [jdbcUrl user password messages seconds]</pre>
 */
public final class OutboxScenario {

    private static final int MEMBERS = 10_000;
    private static final int ENQUEUE_TRANSACTION = 10_000;

    private OutboxScenario() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test";
        String user = args.length > 1 ? args[1] : "postgres";
        String password = args.length > 2 ? args[2] : "";
        int messages = args.length > 3 ? Integer.parseInt(args[3]) : 400_000;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        try (HikariDataSource pool = ScenarioDatabase.pool(url, user, password, 8)) {
            String name = "outbox-bench-" + System.currentTimeMillis();
            ProgramId program = ProgramId.of(name);
            JdbcStore store = JdbcStore.builder(pool).build();
            seedMembers(store, program);
            System.out.printf("%s, %,d messages to %,d members%n%n", url, messages, MEMBERS);

            double bare = bareInsert(pool, messages);
            double enqueue = enqueue(store, program, messages);
            System.out.printf("O0 bare batched insert   %,8.0f ms  (%,.0f rows/s)%n", bare, messages / bare * 1000);
            System.out.printf("O1 outbox enqueue        %,8.0f ms  (%,.0f msg/s)   O1/O0 %.2f%n%n", enqueue,
                    messages / enqueue * 1000, enqueue / bare);

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

    private static double enqueue(JdbcStore store, ProgramId program, int messages) {
        Instant now = Instant.now();
        long start = System.nanoTime();
        for (int from = 0; from < messages; from += ENQUEUE_TRANSACTION) {
            int first = from;
            List<OutboxMessage> batch = new ArrayList<>(ENQUEUE_TRANSACTION);
            for (int i = first; i < Math.min(messages, first + ENQUEUE_TRANSACTION); i++) {
                batch.add(new OutboxMessage("msg-" + i, MemberId.of("m-" + (i % MEMBERS)), "reactivation:" + i,
                        MessagePurpose.MARKETING, "reactivation", text(i), now, now, null));
            }
            store.inTransaction(program, tx -> tx.outbox().enqueue(batch));
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
