package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A till JVM killed with SIGKILL at random points, many times: every acknowledged receipt survives, the ledger's
 * invariants hold after each kill, and replaying every receipt returns the stored answer without new entries.
 */
class CrashTest {

    private static final int KILLS = 5;
    private static final int RECEIPTS_PER_RUN = 300;

    static String txid(int i) {
        return "crash-" + i;
    }

    static PurchaseRequest receipt(int i) {
        return CrashingTill.receipt(i);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void killedTillsLoseNothingAndReplaysWriteNothing(TestDatabases.Kind kind) throws Exception {
        TestDatabases.dataSource(kind); // skips (or fails in CI) when the database is not there
        String program = "crash-" + UUID.randomUUID();
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program,
                "kopilka.earning.delay", "P0D"))).store(JdbcStore.builder(TestDatabases.dataSource(kind)).build()).build();
        var member = kopilka.members().register(kopilka.program(), Registration.withPhone("+79990000001")).orElseThrow();
        kopilka.ledger().grant(kopilka.program(), MemberRef.id(member.id()), Grant.of(100_000, LotSource.MANUAL, "seed"))
                .orElseThrow();

        Random random = new Random(kind.ordinal() * 31L + 7);
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        int next = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process till = start(kind, program, next, next + RECEIPTS_PER_RUN);
            java.util.concurrent.CountDownLatch selling = new java.util.concurrent.CountDownLatch(1);
            Thread reader = readAcks(till, acknowledged, selling);
            // kill while it sells, however slow the machine is to start a JVM
            assertThat(selling.await(60, TimeUnit.SECONDS)).as("the till started selling").isTrue();
            Thread.sleep(100 + random.nextInt(900));
            till.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback from the client side
            till.waitFor(30, TimeUnit.SECONDS);
            reader.join(5_000);
            assertInvariants(kopilka, member.id());
            next += RECEIPTS_PER_RUN;
        }
        assertThat(acknowledged).as("the till got far enough to be killed mid-work").isNotEmpty();

        // every acknowledged receipt is there; every receipt replays (the unacknowledged ones complete now)
        java.time.Instant replayStarted = java.time.Instant.now();
        List<PurchaseReceipt> firstPass = new ArrayList<>();
        for (int i = 0; i < next; i++) {
            firstPass.add(kopilka.checkout().purchase(kopilka.program(), txid(i), receipt(i)).orElseThrow());
        }
        int entries = kopilka.ledger().statement(kopilka.program(), MemberRef.id(member.id())).orElseThrow().size();
        for (int i = 0; i < next; i++) {
            assertThat(kopilka.checkout().purchase(kopilka.program(), txid(i), receipt(i)).orElseThrow())
                    .isEqualTo(firstPass.get(i));
        }
        assertThat(kopilka.ledger().statement(kopilka.program(), MemberRef.id(member.id())).orElseThrow()).hasSize(entries);
        for (int i : acknowledged) {
            // answered from what the killed till stored, not computed again now
            assertThat(firstPass.get(i).completedAt()).as("acknowledged receipt %d", i).isBefore(replayStarted);
        }
        System.out.println(kind + ": " + acknowledged.size() + " receipts acknowledged across " + KILLS + " kills");
        assertInvariants(kopilka, member.id());
    }

    /**
     * The invariants, read in three transactions. Right after a kill the server may still be running the dead till's
     * last message — on PostgreSQL a purchase's writes and its COMMIT go in one — and that purchase can commit
     * between the reads: they are retried for a few seconds until they agree (a real break does not go away).
     */
    private static void assertInvariants(Kopilka kopilka, dev.kopilka.member.MemberId member)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                assertInvariantsOnce(kopilka, member);
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void assertInvariantsOnce(Kopilka kopilka, dev.kopilka.member.MemberId member) {
        Balance balance = kopilka.ledger().balance(kopilka.program(), MemberRef.id(member)).orElseThrow();
        List<Lot> lots = kopilka.ledger().lots(kopilka.program(), MemberRef.id(member)).orElseThrow();
        List<LedgerEntry> statement = kopilka.ledger().statement(kopilka.program(), MemberRef.id(member)).orElseThrow();
        assertThat(lots).allSatisfy(l -> assertThat(l.remaining()).isBetween(1L, l.points()));
        assertThat(statement.stream().mapToLong(LedgerEntry::points).sum())
                .isEqualTo(lots.stream().mapToLong(Lot::remaining).sum() - balance.debt());
        assertThat(balance.available()).isNotNegative();
    }

    private static Process start(TestDatabases.Kind kind, String program, int from, int to) throws Exception {
        String[] db = TestDatabases.connection(kind);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashingTill.class.getName(), db[0], db[1], db[2], program, String.valueOf(from), String.valueOf(to))
                .redirectErrorStream(true).start();
    }

    private static Thread readAcks(Process till, Set<Integer> acknowledged, java.util.concurrent.CountDownLatch selling) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(till.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        acknowledged.add(Integer.parseInt(line.substring(4).trim()));
                        selling.countDown();
                    }
                }
            } catch (Exception e) {
                // the process died mid-line: exactly what this test does
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
