package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnLine;
import dev.kopilka.checkout.ReturnReceipt;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.checkout.Ticket;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoCodeSpec;
import dev.kopilka.promo.PromoDiscount;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole engine on each database: a till's day round-trips through SQL. */
class KopilkaOnJdbcTest {

    private static Kopilka kopilka(TestDatabases.Kind kind) {
        String program = "it-" + UUID.randomUUID();
        return Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program,
                "kopilka.earning.delay", "P0D", "kopilka.redemption.max-percent", "30")))
                .store(JdbcStore.builder(TestDatabases.dataSource(kind)).build())
                .build();
    }

    private static MemberId register(Kopilka k, String phone) {
        return k.members().register(k.program(), Registration.withPhone(phone)).orElseThrow().id();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aTillDayRoundTripsThroughTheDatabase(TestDatabases.Kind kind) {
        Kopilka k = kopilka(kind);
        ProgramId p = k.program();
        MemberId anna = register(k, "8 (999) 123-45-67");
        k.ledger().grant(p, MemberRef.id(anna), Grant.of(500, LotSource.WELCOME, "welcome")).orElseThrow();
        PromoCode code = k.promoCodes().create(p, PromoCodeSpec.personal(anna, PromoDiscount.percent(12))).orElseThrow();

        PurchaseRequest request = PurchaseRequest.of(MemberRef.phone("+79991234567"), "s1",
                List.of(Line.of("1", "A", 3, 90_000), Line.of("2", "GIFT", 1, 10_000).asNoEarn().asNoRedeem()))
                .withPoints(PointsToApply.exactly(100)).withPromoCode(code.code());
        PurchaseReceipt first = k.checkout().purchase(p, "r1", request).orElseThrow();
        assertThat(k.checkout().purchase(p, "r1", request).orElseThrow()).isEqualTo(first);
        assertThat(k.checkout().purchase(p, "r1", request.withPoints(PointsToApply.none())).refusal())
                .isInstanceOf(Refusal.ConflictingRetry.class);

        Ticket ticket = k.checkout().hold(p, "r2", PurchaseRequest.of(MemberRef.id(anna), "s1",
                List.of(Line.of("1", "B", 1, 50_000))).withPoints(PointsToApply.exactly(50))).orElseThrow();
        assertThat(k.checkout().hold(p, "r2", PurchaseRequest.of(MemberRef.id(anna), "s1",
                List.of(Line.of("1", "B", 1, 50_000))).withPoints(PointsToApply.exactly(50))).orElseThrow()).isEqualTo(ticket);
        PurchaseReceipt confirmed = k.checkout().confirm(p, ticket.ticket()).orElseThrow();
        assertThat(k.checkout().confirm(p, ticket.ticket()).orElseThrow()).isEqualTo(confirmed);

        ReturnReceipt ret = k.checkout().applyReturn(p, "ret1",
                ReturnRequest.ofLines("r1", List.of(ReturnLine.of("1", 3)))).orElseThrow();
        assertThat(k.checkout().applyReturn(p, "ret1", ReturnRequest.ofLines("r1", List.of(ReturnLine.of("1", 3))))
                .orElseThrow()).isEqualTo(ret);
        assertThat(ret.calculation().pointsRestored()).isEqualTo(100);
        assertThat(ret.calculation().pointsClawedBack()).isEqualTo(first.calculation().pointsEarned());

        long available = k.ledger().balance(p, MemberRef.id(anna)).orElseThrow().available();
        assertThat(available).isEqualTo(500 - 50 + confirmed.calculation().pointsEarned());
        List<LedgerEntry> statement = k.ledger().statement(p, MemberRef.id(anna)).orElseThrow();
        List<Lot> lots = k.ledger().lots(p, MemberRef.id(anna)).orElseThrow();
        assertThat(statement.stream().mapToLong(LedgerEntry::points).sum())
                .isEqualTo(lots.stream().mapToLong(Lot::remaining).sum());
        assertThat(k.promoCodes().uses(p, code.code())).hasSize(1);
    }
}
