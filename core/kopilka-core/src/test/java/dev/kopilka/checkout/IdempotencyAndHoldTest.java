package dev.kopilka.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Fixture;
import dev.kopilka.Outcome;
import dev.kopilka.Refusal;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotencyAndHoldTest {

    private final Fixture f = new Fixture(withTtl(Fixture.immediate()));
    private final MemberId anna = f.register("+79991234567");

    private static Map<String, String> withTtl(Map<String, String> p) {
        p.put("kopilka.checkout.hold-ttl", "PT15M");
        return p;
    }

    @Test
    void aRetriedPurchaseReturnsTheStoredReceiptAndWritesNothing() {
        f.grant(anna, 500);
        PurchaseRequest request = request(100_000, PointsToApply.exactly(200));
        PurchaseReceipt first = f.checkout().purchase(f.program, "till-7-0042", request).orElseThrow();
        int entries = f.statement(anna).size();
        int events = f.events.size();

        f.advance(Duration.ofDays(400)); // idempotency is forever, not 24 hours
        PurchaseReceipt again = f.checkout().purchase(f.program, "till-7-0042", request).orElseThrow();

        assertThat(again).isEqualTo(first);
        assertThat(f.statement(anna).stream().filter(e -> e.type() != EntryType.EXPIRE)).hasSize(entries);
        assertThat(f.events).hasSize(events);
    }

    @Test
    void theSameTxidWithADifferentReceiptIsAConflictNamingTheFields() {
        f.checkout().purchase(f.program, "t1", request(100_000, PointsToApply.none())).orElseThrow();

        Outcome<PurchaseReceipt> retry = f.checkout().purchase(f.program, "t1", request(100_500, PointsToApply.none()));

        assertThat(retry.refusal()).isEqualTo(
                new Refusal.ConflictingRetry("receipt", "t1", List.of("lines[0].amount")));
        assertThat(retry.refusal().maxmaCode()).isEqualTo(17);
        assertThat(f.balance(anna).available()).isEqualTo(50);
    }

    @Test
    void aHoldWithTheSameTxidAsAPurchaseIsAConflict() {
        f.checkout().purchase(f.program, "t1", request(100_000, PointsToApply.none())).orElseThrow();
        Outcome<Ticket> hold = f.checkout().hold(f.program, "t1", request(100_000, PointsToApply.none()));
        assertThat(hold.refusal()).isEqualTo(new Refusal.ConflictingRetry("receipt", "t1", List.of("operation")));
    }

    @Test
    void holdReservesConfirmRedeemsAndEarnsOnce() {
        f.grant(anna, 500);
        Ticket ticket = f.checkout().hold(f.program, "t1", request(100_000, PointsToApply.exactly(300))).orElseThrow();

        assertThat(f.balance(anna).available()).isEqualTo(200);
        assertThat(f.balance(anna).reserved()).isEqualTo(300);
        assertThat(ticket.expiresAt()).isEqualTo(f.now().plus(Duration.ofMinutes(15)));

        PurchaseReceipt receipt = f.checkout().confirm(f.program, ticket.ticket()).orElseThrow();
        assertThat(receipt.calculation().pointsEarned()).isEqualTo(35);
        assertThat(f.balance(anna).reserved()).isZero();
        assertThat(f.balance(anna).available()).isEqualTo(200 + 35);

        // confirming again (a till retry) changes nothing and returns the same receipt
        assertThat(f.checkout().confirm(f.program, ticket.ticket()).orElseThrow()).isEqualTo(receipt);
        assertThat(f.balance(anna).available()).isEqualTo(235);
        // the same hold call again returns the same ticket
        assertThat(f.checkout().hold(f.program, "t1", request(100_000, PointsToApply.exactly(300))).orElseThrow())
                .isEqualTo(ticket);
        assertThat(f.checkout().discard(f.program, ticket.ticket()).refusal())
                .isEqualTo(new Refusal.TicketClosed(ticket.ticket(), "confirmed"));
    }

    @Test
    void discardGivesThePointsBackAndIsIdempotent() {
        f.grant(anna, 500);
        Ticket ticket = f.checkout().hold(f.program, "t1", request(100_000, PointsToApply.exactly(300))).orElseThrow();

        Discarded discarded = f.checkout().discard(f.program, ticket.ticket()).orElseThrow();

        assertThat(discarded.pointsReleased()).isEqualTo(300);
        assertThat(f.balance(anna).available()).isEqualTo(500);
        assertThat(f.balance(anna).reserved()).isZero();
        assertThat(f.checkout().discard(f.program, ticket.ticket()).orElseThrow()).isEqualTo(discarded);
        assertThat(f.checkout().confirm(f.program, ticket.ticket()).refusal())
                .isEqualTo(new Refusal.TicketClosed(ticket.ticket(), "discarded"));
        assertThat(f.balance(anna).pending() + f.balance(anna).available()).isEqualTo(500); // nothing earned
    }

    @Test
    void anUnconfirmedHoldExpiresAfterItsTtlWithoutAnyJob() {
        f.grant(anna, 500);
        Ticket ticket = f.checkout().hold(f.program, "t1", request(100_000, PointsToApply.exactly(300))).orElseThrow();

        f.advance(Duration.ofMinutes(15));

        assertThat(f.balance(anna).available()).isEqualTo(500);
        assertThat(f.balance(anna).reserved()).isZero();
        assertThat(f.checkout().confirm(f.program, ticket.ticket()).refusal())
                .isEqualTo(new Refusal.TicketExpired(ticket.ticket(), ticket.expiresAt()));
        // discarding an expired hold closes it without releasing twice
        f.checkout().discard(f.program, ticket.ticket()).orElseThrow();
        assertThat(f.balance(anna).available()).isEqualTo(500);
        assertThat(f.statement(anna).stream().filter(e -> e.type() == EntryType.RELEASE)).hasSize(1);
    }

    @Test
    void unknownTicketsAreRefused() {
        assertThat(f.checkout().confirm(f.program, "nope").refusal()).isEqualTo(new Refusal.TicketNotFound("nope"));
        assertThat(f.checkout().discard(f.program, "nope").refusal()).isEqualTo(new Refusal.TicketNotFound("nope"));
    }

    @Test
    void anonymousReceiptsAreCountedOnce() {
        AnonymousReceipt receipt = new AnonymousReceipt("anon-1", "store-1", 5_000, f.now());
        assertThat(f.checkout().reportAnonymousReceipt(f.program, receipt).orElseThrow()).isEqualTo(receipt);
        assertThat(f.checkout().reportAnonymousReceipt(f.program, receipt).orElseThrow()).isEqualTo(receipt);
        Outcome<AnonymousReceipt> conflict = f.checkout().reportAnonymousReceipt(f.program,
                new AnonymousReceipt("anon-1", "store-1", 6_000, f.now()));
        assertThat(((Refusal.ConflictingRetry) conflict.refusal()).differingFields()).containsExactly("amount");
    }

    @Test
    void productCardsShowWhatEachProductEarns() {
        List<ProductPreview> previews = f.checkout().previewProducts(f.program, MemberRef.id(anna),
                List.of(Line.of("1", "TONER", 1, 1_990_00), Line.of("2", "GIFT", 1, 1_000_00).asNoEarn())).orElseThrow();
        assertThat(previews).containsExactly(new ProductPreview("TONER", 1_990_00, 99),
                new ProductPreview("GIFT", 1_000_00, 0));
    }

    private PurchaseRequest request(long kopecks, PointsToApply points) {
        return PurchaseRequest.of(MemberRef.id(anna), "store-1", List.of(Line.of("1", "SKU-1", 1, kopecks)))
                .withPoints(points);
    }
}
