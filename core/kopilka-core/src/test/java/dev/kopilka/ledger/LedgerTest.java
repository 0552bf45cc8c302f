package dev.kopilka.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Fixture;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.ReturnLine;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.ledger.LedgerEvents.PointsExpired;
import dev.kopilka.ledger.LedgerEvents.TierChanged;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerTest {

    @Test
    void aGrantValidForTenDaysExpiresOnTheTenthDayWithoutAnyJob() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId ivan = f.register("+79991234567");
        var start = f.now();
        LedgerEntry entry = f.kopilka.ledger().grant(f.program, MemberRef.id(ivan),
                Grant.of(250, LotSource.CAMPAIGN, "reactivation:2025-05").validFor(Period.ofDays(10))).orElseThrow();

        assertThat(entry.type()).isEqualTo(EntryType.GRANT);
        Balance balance = f.balance(ivan);
        assertThat(balance.available()).isEqualTo(250);
        assertThat(balance.expiringPoints()).isEqualTo(250);
        assertThat(balance.expiringAt()).isEqualTo(start.plus(Duration.ofDays(10)));

        f.advance(Duration.ofDays(10).minusMillis(1));
        assertThat(f.balance(ivan).available()).isEqualTo(250);
        f.advance(Duration.ofMillis(1));
        assertThat(f.balance(ivan).available()).isZero();

        // the statement shows the expiry, dated when it happened, before anything was written
        LedgerEntry expired = f.statement(ivan).get(1);
        assertThat(expired.type()).isEqualTo(EntryType.EXPIRE);
        assertThat(expired.points()).isEqualTo(-250);
        assertThat(expired.at()).isEqualTo(start.plus(Duration.ofDays(10)));

        // settling writes it once and raises the event with the real expiry time
        f.events.clear();
        f.advanceDays(5);
        f.kopilka.ledger().settle(f.program, MemberRef.id(ivan)).orElseThrow();
        f.kopilka.ledger().settle(f.program, MemberRef.id(ivan)).orElseThrow();
        assertThat(f.events).filteredOn(e -> e instanceof PointsExpired).singleElement()
                .satisfies(e -> assertThat(e.occurredAt()).isEqualTo(start.plus(Duration.ofDays(10))));
        assertThat(f.statement(ivan)).filteredOn(e -> e.type() == EntryType.EXPIRE).hasSize(1);
    }

    @Test
    void redemptionTakesTheSoonestExpiringPointsFirst() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId ivan = f.register("+79991234567");
        f.grant(ivan, 300); // never expires
        f.kopilka.ledger().grant(f.program, MemberRef.id(ivan),
                Grant.of(200, LotSource.CAMPAIGN, "birthday").validFor(Period.ofDays(7))).orElseThrow();

        f.buy(ivan, 100_000, PointsToApply.exactly(250));

        List<Lot> lots = f.kopilka.ledger().lots(f.program, MemberRef.id(ivan)).orElseThrow();
        assertThat(lots).filteredOn(l -> l.source() == LotSource.MANUAL).singleElement()
                .satisfies(l -> assertThat(l.remaining()).isEqualTo(250));
        assertThat(lots).noneMatch(l -> l.reference().equals("birthday"));
    }

    @Test
    void allPointsExpireAYearAfterTheLastPurchaseAndEachPurchaseResetsTheClock() {
        Fixture f = new Fixture(Fixture.cosmetics());
        MemberId olga = f.register("+79991234567");
        f.buy(olga, 100_000); // 50 points, active tomorrow
        f.advanceDays(300);
        f.buy(olga, 100_000); // resets the inactivity clock
        f.advanceDays(300);
        assertThat(f.balance(olga).available()).isEqualTo(100);
        assertThat(f.balance(olga).expiringAt())
                .isEqualTo(f.now().atZone(f.clock.getZone()).minusDays(300).plusYears(1).toInstant());

        f.advanceDays(66); // one year and a day after the last purchase
        assertThat(f.balance(olga).available()).isZero();
        assertThat(f.statement(olga)).filteredOn(e -> e.type() == EntryType.EXPIRE)
                .extracting(LedgerEntry::points).containsExactlyInAnyOrder(-50L, -50L);

        // a purchase after the expiry does not bring the old points back
        f.buy(olga, 100_000);
        f.advanceDays(1);
        assertThat(f.balance(olga).available()).isEqualTo(50);
    }

    @Test
    void aYearFromFebruaryTwentyNinthEndsOnFebruaryTwentyEighth() {
        Map<String, String> p = Fixture.immediate();
        p.put("kopilka.grants.default-validity", "P1Y");
        Fixture f = new Fixture(p, new dev.kopilka.store.memory.InMemoryStore(), "2024-02-29T10:00:00");
        MemberId ivan = f.register("+79991234567");
        f.grant(ivan, 100);
        assertThat(f.balance(ivan).expiringAt())
                .isEqualTo(LocalDateTime.parse("2025-02-28T10:00:00").atZone(ZoneId.of(Fixture.ZONE)).toInstant());
    }

    @Test
    void calendarValiditiesFollowTheProgramsZoneAcrossADstChange() {
        Map<String, String> p = Fixture.immediate();
        p.put("kopilka.program.zone", "Europe/Berlin");
        p.put("kopilka.grants.default-validity", "P1D");
        // 2025-03-30: Berlin moves from +01:00 to +02:00, so this day is 23 hours long
        Fixture f = new Fixture(p, new dev.kopilka.store.memory.InMemoryStore(), "2025-03-29T14:00:00");
        MemberId ivan = f.register("+79991234567");
        f.grant(ivan, 100);
        assertThat(Duration.between(f.now(), f.balance(ivan).expiringAt())).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void tiersComeFromSpendNeverFromBalanceUpgradeAtOnceDowngradeAtReview() {
        Map<String, String> p = Fixture.immediate();
        p.put("kopilka.tiers.base.spend-from", "0");
        p.put("kopilka.tiers.base.rate", "5");
        p.put("kopilka.tiers.silver.spend-from", "30000");
        p.put("kopilka.tiers.silver.rate", "7");
        p.put("kopilka.tiers.gold.spend-from", "100000");
        p.put("kopilka.tiers.gold.rate", "10");
        p.put("kopilka.tiers.review-period", "P1M");
        Fixture f = new Fixture(p);
        MemberId vip = f.register("+79991234567");

        f.grant(vip, 1_000_000);
        assertThat(f.balance(vip).tier()).isEqualTo("base"); // a huge balance buys no tier

        var first = f.buy(vip, 3_000_000); // 30,000 RUB: earns at 5%, then silver
        assertThat(first.calculation().tier()).isEqualTo("base");
        assertThat(first.calculation().pointsEarned()).isEqualTo(1_500);
        assertThat(f.balance(vip).tier()).isEqualTo("silver");
        assertThat(f.events).filteredOn(e -> e instanceof TierChanged).singleElement()
                .isEqualTo(new TierChanged(f.program, f.now(), vip, "base", "silver"));
        assertThat(f.buy(vip, 100_000).calculation().pointsEarned()).isEqualTo(70);

        f.checkout().applyReturn(f.program, "ret", ReturnRequest.ofLines(first.txid(), List.of(ReturnLine.of("1", 1))))
                .orElseThrow();
        assertThat(f.balance(vip).tier()).isEqualTo("silver"); // no downgrade before the review
        f.advanceDays(31);
        assertThat(f.balance(vip).tier()).isEqualTo("base");
    }

    @Test
    void grantsAreIdempotentOnTheirKey() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId ivan = f.register("+79991234567");
        Grant grant = Grant.of(300, LotSource.CAMPAIGN, "telegram-connected").because("joined the bot", null);
        LedgerEntry first = f.kopilka.ledger().grant(f.program, MemberRef.id(ivan), grant).orElseThrow();

        assertThat(f.kopilka.ledger().grant(f.program, MemberRef.id(ivan), grant).orElseThrow()).isEqualTo(first);
        assertThat(f.balance(ivan).available()).isEqualTo(300);

        Outcome<LedgerEntry> conflict = f.kopilka.ledger().grant(f.program, MemberRef.id(ivan),
                Grant.of(500, LotSource.CAMPAIGN, "telegram-connected").because("joined the bot", null));
        assertThat(conflict.refusal()).isEqualTo(new Refusal.ConflictingRetry("grant", "telegram-connected", List.of("points")));
        assertThat(first.note()).isEqualTo("joined the bot");
    }

    @Test
    void deductionsNeverGoBelowZero() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId ivan = f.register("+79991234567");
        f.grant(ivan, 100);
        assertThat(f.kopilka.ledger().deduct(f.program, MemberRef.id(ivan), new Deduction(101, "d1", "correction", "staff-1"))
                .refusal()).isEqualTo(new Refusal.InsufficientPoints(101, 100));
        LedgerEntry entry = f.kopilka.ledger().deduct(f.program, MemberRef.id(ivan),
                new Deduction(40, "d2", "duplicate review bonus", "staff-1")).orElseThrow();
        assertThat(entry.type()).isEqualTo(EntryType.DEDUCT);
        assertThat(entry.note()).isEqualTo("duplicate review bonus (by staff-1)");
        assertThat(f.balance(ivan).available()).isEqualTo(60);
    }

    @Test
    void pendingGrantsActivateLater() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId ivan = f.register("+79991234567");
        f.kopilka.ledger().grant(f.program, MemberRef.id(ivan),
                Grant.of(299, LotSource.WELCOME, "welcome").activatingAt(f.now().plus(Duration.ofDays(1)))).orElseThrow();
        assertThat(f.balance(ivan).pending()).isEqualTo(299);
        f.advanceDays(1);
        assertThat(f.balance(ivan).available()).isEqualTo(299);
    }

    @Test
    void unknownMembersHaveNoBalance() {
        Fixture f = new Fixture(Fixture.immediate());
        assertThat(f.kopilka.ledger().balance(f.program, MemberRef.card("0000")).refusal())
                .isEqualTo(new Refusal.MemberNotFound("card 0000"));
    }

    @Test
    void theEntriesOfAMemberSumToLotsMinusDebt() {
        Fixture f = new Fixture(Fixture.immediate());
        MemberId ivan = f.register("+79991234567");
        f.grant(ivan, 500);
        var sale = f.buy(ivan, 100_000, PointsToApply.exactly(300));
        f.buy(ivan, 50_000, PointsToApply.max());
        f.checkout().applyReturn(f.program, "r", ReturnRequest.ofLines(sale.txid(), List.of(ReturnLine.of("1", 1))))
                .orElseThrow();
        long sum = f.statement(ivan).stream().mapToLong(LedgerEntry::points).sum();
        long lots = f.kopilka.ledger().lots(f.program, MemberRef.id(ivan)).orElseThrow().stream()
                .mapToLong(Lot::remaining).sum();
        assertThat(sum).isEqualTo(lots - f.balance(ivan).debt());
    }
}
