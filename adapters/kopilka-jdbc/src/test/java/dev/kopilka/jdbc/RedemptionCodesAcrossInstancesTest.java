package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.OutboxRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A redemption confirmation code sent by one instance is accepted by another on the same database. */
class RedemptionCodesAcrossInstancesTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private static Kopilka instance(TestDatabases.Kind kind, String program) {
        return Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program,
                "kopilka.messaging.autostart", "false", "kopilka.earning.delay", "P0D",
                "kopilka.checkout.redemption-confirmation.above-points", "500")))
                .store(JdbcStore.builder(TestDatabases.dataSource(kind)).build()).build();
    }

    private static PurchaseRequest spending(MemberId member, long points) {
        return PurchaseRequest.of(MemberRef.id(member), "store-1", List.of(Line.of("1", "SKU-1", 1, 1_000_000)))
                .withPoints(PointsToApply.exactly(points));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void theCodeOneInstanceSentIsAcceptedByAnother(TestDatabases.Kind kind) {
        String name = "codes-" + UUID.randomUUID().toString().substring(0, 8);
        try (Kopilka first = instance(kind, name); Kopilka second = instance(kind, name)) {
            check(first, second);
        }
    }

    private static void check(Kopilka first, Kopilka second) {
        ProgramId program = first.program();
        MemberId anna = first.members().register(program, Registration.withPhone("+79991234567")).orElseThrow().id();
        first.ledger().grant(program, MemberRef.id(anna), Grant.of(5_000, LotSource.MANUAL, "start")).orElseThrow();

        assertThat(first.checkout().purchase(program, "r1", spending(anna, 1_000)).refusal())
                .isInstanceOfSatisfying(Refusal.ConfirmationRequired.class, r -> assertThat(r.codeSent()).isTrue());
        List<OutboxRecord> sent = first.messaging().ofMember(program, anna);
        assertThat(sent).hasSize(1);
        Matcher m = CODE.matcher(sent.get(0).message().text());
        assertThat(m.find()).isTrue();

        assertThat(second.checkout().purchase(program, "r1", spending(anna, 1_000)).refusal())
                .as("the other instance knows the code was sent").isInstanceOfSatisfying(
                        Refusal.ConfirmationRequired.class, r -> assertThat(r.codeSent()).isFalse());
        assertThat(second.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(m.group(1)))
                .orElseThrow().calculation().pointsApplied()).isEqualTo(1_000);
        assertThat(second.messaging().ofMember(program, anna)).hasSize(1);
    }
}
