package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.ProgramId;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.store.port.KopilkaStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three dispatcher JVMs share one outbox while they are killed with SIGKILL at random and replaced. Afterwards:
 * nothing is lost (every message ended SENT or UNKNOWN, none is left waiting or held), every SENT message reached
 * the provider, no marketing message reached it twice, and a transactional message reached it twice only when its
 * record says it was resent after a lease ran out during its send (the reported unknown window).
 */
class DispatcherCrashTest {

    static final String LEASE = "PT5S";
    private static final int MESSAGES = 1200;
    private static final int KILLS = 6;

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void killedDispatchersLoseNothingAndDuplicateOnlyInTheUnknownWindow(TestDatabases.Kind kind) throws Exception {
        TestDatabases.dataSource(kind); // skips (or fails in CI) when the database is not there
        String program = "dcrash-" + UUID.randomUUID();
        ProgramId id = ProgramId.of(program);
        KopilkaStore store = JdbcStore.builder(TestDatabases.dataSource(kind)).build();
        seed(store, id);

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        List<Process> nodes = new ArrayList<>();
        Random random = new Random(kind.ordinal() * 17L + 3);
        AtomicInteger names = new AtomicInteger();
        int kills = 0;
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(start(kind, program, "node-" + names.incrementAndGet(), received));
            }
            for (int kill = 0; kill < KILLS && !done(store, id); kill++) {
                Thread.sleep(700 + random.nextInt(1500));
                Process victim = nodes.remove(random.nextInt(nodes.size()));
                victim.destroyForcibly(); // SIGKILL: mid-claim, mid-send, mid-commit, wherever it is
                victim.waitFor(30, TimeUnit.SECONDS);
                kills++;
                nodes.add(start(kind, program, "node-" + names.incrementAndGet(), received));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!done(store, id) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        } finally {
            nodes.forEach(Process::destroyForcibly);
            for (Process p : nodes) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        Thread.sleep(500); // the readers drain what the last nodes wrote

        Map<OutboxState, Long> counts = store.readOnly(id, tx -> tx.outbox().countByState());
        assertThat(counts.get(OutboxState.SENT) + counts.get(OutboxState.UNKNOWN)).as("every message ended: %s", counts)
                .isEqualTo(MESSAGES);
        List<OutboxRecord> all = new ArrayList<>();
        for (OutboxState state : List.of(OutboxState.SENT, OutboxState.UNKNOWN)) {
            all.addAll(store.readOnly(id, tx -> tx.outbox().inState(state, MESSAGES)));
        }
        int duplicates = 0;
        int unknownReached = 0;
        for (OutboxRecord r : all) {
            int times = received.getOrDefault(r.id(), new AtomicInteger()).get();
            if (r.state() == OutboxState.UNKNOWN && times > 0) {
                unknownReached++;
            }
            if (r.state() == OutboxState.SENT) {
                assertThat(times).as("SENT %s reached the provider", r.id()).isPositive();
            }
            if (r.message().purpose() == MessagePurpose.MARKETING) {
                assertThat(times).as("marketing %s is never sent twice", r.id()).isLessThanOrEqualTo(1);
            } else {
                assertThat(r.state()).as("transactional %s is resent, never left unknown", r.id())
                        .isEqualTo(OutboxState.SENT);
                if (times > 1) {
                    duplicates += times - 1;
                    assertThat(r.lastError()).as("duplicate of %s is explained by its record", r.id())
                            .contains("ran out during the send; resent");
                }
            }
        }
        assertThat(kills).as("nodes killed while messages were still waiting").isPositive();
        System.out.println(kind + ": " + kills + " kills, " + counts + ", transactional duplicates " + duplicates
                + ", marketing unknown " + counts.get(OutboxState.UNKNOWN) + " (of which reached the provider: "
                + unknownReached + ")");
    }

    private static void seed(KopilkaStore store, ProgramId id) {
        Instant now = Instant.now();
        store.inTransaction(id, tx -> {
            List<OutboxMessage> messages = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                MemberId m = MemberId.of("member-" + i);
                tx.members().insert(new Member(m, String.format("+7999200%04d", i), null, null, null, null, null, now,
                        null, EnumSet.of(Consent.TELEGRAM), false, null, 20_000L + i, 0));
                messages.add(new OutboxMessage(String.format("m-%05d", i), m, "k-" + i,
                        i % 4 == 0 ? MessagePurpose.TRANSACTIONAL : MessagePurpose.MARKETING, "crash", "text " + i,
                        now, now, null));
            }
            return tx.outbox().enqueue(messages);
        });
    }

    private static boolean done(KopilkaStore store, ProgramId id) {
        Map<OutboxState, Long> counts = store.readOnly(id, tx -> tx.outbox().countByState());
        return counts.get(OutboxState.PENDING) + counts.get(OutboxState.FAILED) + counts.get(OutboxState.SENDING) == 0;
    }

    private static Process start(TestDatabases.Kind kind, String program, String name,
            Map<String, AtomicInteger> received) throws Exception {
        String[] db = TestDatabases.connection(kind);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx200m", "-cp", System.getProperty("java.class.path"),
                CrashingDispatcher.class.getName(), db[0], db[1], db[2], program, name)
                .redirectError(ProcessBuilder.Redirect.appendTo(new File("target/crashing-dispatcher.log"))).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("SEND ")) {
                        received.computeIfAbsent(line.substring(5).trim(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            } catch (Exception e) {
                // the node died mid-line: what this test does
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }
}
