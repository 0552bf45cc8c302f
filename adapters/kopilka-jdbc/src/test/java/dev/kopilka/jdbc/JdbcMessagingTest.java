package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.testkit.FakeChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three dispatcher instances (each its own store over the same database, as three application nodes would be)
 * share one program's outbox in real time: every message is sent exactly once, and the rate configured for
 * Telegram holds in every one-second window at the (loopback) provider, which refuses anything over it.
 */
class JdbcMessagingTest {

    private static final int MESSAGES = 240;
    private static final int RATE = 40;

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void threeInstancesSendEverythingOnceWithinTheSharedRate(TestDatabases.Kind kind) throws Exception {
        TestDatabases.dataSource(kind); // skips (or fails in CI) when the database is not there
        String program = "msg-" + UUID.randomUUID();
        FakeChannel telegram = FakeChannel.telegram(Clock.systemUTC()).enforceRate(RATE);
        Map<String, String> settings = Map.of("kopilka.program.id", program,
                "kopilka.messaging.rate.telegram", String.valueOf(RATE),
                "kopilka.messaging.dispatch-interval", "PT0.1S", "kopilka.messaging.batch-size", "50");
        List<Kopilka> instances = new ArrayList<>();
        try {
            KopilkaStore seedStore = JdbcStore.builder(TestDatabases.dataSource(kind)).build();
            ProgramId id = ProgramId.of(program);
            Instant now = Instant.now();
            List<OutboxMessage> messages = new ArrayList<>();
            seedStore.inTransaction(id, tx -> {
                for (int i = 0; i < MESSAGES; i++) {
                    MemberId m = MemberId.of("member-" + i);
                    tx.members().insert(new Member(m, String.format("+7999100%04d", i), null, null, "Имя " + i, null,
                            null, now, null, EnumSet.of(Consent.TELEGRAM), false, null, 10_000L + i, 0));
                    messages.add(new OutboxMessage("message-" + i, m, "welcome:" + i, MessagePurpose.MARKETING,
                            "welcome", "Добро пожаловать, " + i + "!", now, now, null));
                }
                return tx.outbox().enqueue(messages);
            });
            // A second enqueue of the same keys (a re-run sweep) adds nothing.
            int again = seedStore.inTransaction(id, tx -> tx.outbox().enqueue(messages));
            assertThat(again).isZero();
            for (int i = 0; i < 3; i++) {
                instances.add(Kopilka.builder(KopilkaConfig.fromMap(settings))
                        .store(JdbcStore.builder(TestDatabases.dataSource(kind)).migrate(false).build())
                        .messaging(Messaging.setup().channel(telegram).instanceName("node-" + i)).build());
            }
            Messaging messaging = instances.get(0).messaging();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (messaging.backlog(id).get(OutboxState.SENT) < MESSAGES && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Map<OutboxState, Long> backlog = messaging.backlog(id);
            assertThat(backlog.get(OutboxState.SENT)).as("sent, backlog %s", backlog).isEqualTo(MESSAGES);
            Set<String> references = new HashSet<>();
            telegram.acceptedSends().forEach(s -> references.add(s.message().reference()));
            assertThat(telegram.acceptedSends()).as("no message sent twice").hasSize(MESSAGES);
            assertThat(references).hasSize(MESSAGES);
            assertThat(telegram.rateLimitHits()).as("sends refused for going over the rate").isZero();
            assertThat(telegram.maxInAnySecond()).isLessThanOrEqualTo(RATE);
        } finally {
            instances.forEach(Kopilka::close);
        }
    }
}
