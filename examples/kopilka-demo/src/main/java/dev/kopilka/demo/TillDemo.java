package dev.kopilka.demo;

import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.Checkout;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.ProductPreview;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnLine;
import dev.kopilka.checkout.ReturnReceipt;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.checkout.Ticket;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.demo.cli.Configs;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoCodeSpec;
import dev.kopilka.promo.PromoDiscount;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.testkit.SettableClock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

/**
 * A day (and a year) at the till of the cosmetics chain, on an empty embedded store: registration,
 * welcome points, product cards, paying with points under the 30% cap, the accrual delay, a two-phase
 * purchase with a personal promo code, a till retry, a conflicting retry, a partial return, and expiry
 * after a year without purchases.
 *
 * <pre>java -jar examples/kopilka-demo/target/kopilka-demo.jar till [--config loyalty.properties] [--store h2|memory]</pre>
 */
public final class TillDemo {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final PrintStream out;
    private final SettableClock clock = SettableClock.at("2025-06-02T10:00", "Europe/Moscow");
    private final Kopilka kopilka;
    private final ProgramId program;
    private final Checkout checkout;

    /** On the in-memory store. */
    TillDemo(KopilkaConfig config, PrintStream out) {
        this(config, out, new InMemoryStore());
    }

    /** @param store an empty store (the walk-through is a dry run that starts from nothing); closed by {@link #run} */
    TillDemo(KopilkaConfig config, PrintStream out, KopilkaStore store) {
        this.out = out;
        Random seed = new Random(7); // the same run every time: ids, codes and output are reproducible
        // the ledger alone: the campaigns of the example properties are what `simulate` shows
        this.kopilka = Kopilka.builder(Configs.withoutCampaigns(config)).store(store).clock(clock).random(seed)
                .ids(() -> new java.util.UUID(seed.nextLong(), seed.nextLong())).build();
        this.program = kopilka.program();
        this.checkout = kopilka.checkout();
    }

    public static void main(String[] args) {
        KopilkaConfig config;
        try {
            config = args.length > 0 ? KopilkaConfig.load(Path.of(args[0])).requireValid()
                    : KopilkaConfig.loadFromClasspath("cosmetics-chain.properties").requireValid();
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new TillDemo(config, System.out).run();
    }

    /** Narrates the walk-through, then closes the store. */
    void run() {
        try (kopilka) {
            walkThrough();
        }
    }

    private void walkThrough() {
        title("Program " + program + " — " + kopilka.config().redemptionMaxPercent() + "% cap, accrual after "
                + kopilka.config().earningDelay() + ", expiry after " + kopilka.config().inactivityExpiry()
                .map(Object::toString).orElse("never") + " without purchases");

        Member anna = kopilka.members().register(program, Registration.withPhone("8 (999) 123-45-67").name("Anna")
                .homeStore("moscow-1")).orElseThrow();
        say("Anna joins at the till: member " + anna.id() + ", phone stored as " + anna.phone());
        kopilka.ledger().grant(program, MemberRef.id(anna.id()), Grant.of(299, LotSource.WELCOME, "welcome:" + anna.id()))
                .orElseThrow();
        say("Welcome points: 299 → " + balance(anna));

        List<ProductPreview> cards = checkout.previewProducts(program, MemberRef.id(anna.id()), List.of(
                Line.of("1", "SNAIL-CREAM", 1, 1_890_00), Line.of("2", "SHEET-MASK", 1, 149_00))).orElseThrow();
        cards.forEach(c -> say("Product card: " + c.sku() + " " + rub(c.price()) + " earns " + c.pointsEarned() + " points"));

        title("Purchase 1: pay as much as allowed with points");
        PurchaseRequest first = PurchaseRequest.of(MemberRef.phone("+7 999 123 45 67"), "moscow-1", List.of(
                Line.of("1", "SNAIL-CREAM", 1, 1_890_00), Line.of("2", "SHEET-MASK", 4, 596_00),
                Line.of("3", "GIFT-CARD", 1, 1_000_00).asNoEarn().asNoRedeem())).withPoints(PointsToApply.max());
        Calculation preview = checkout.calculate(program, first).orElseThrow();
        say("Preview: receipt " + rub(preview.total()) + ", up to " + preview.maxPointsAllowed() + " points allowed, pays "
                + rub(preview.toPay()) + ", earns " + preview.pointsEarned());
        PurchaseReceipt receipt = checkout.purchase(program, "moscow-1/0001", first).orElseThrow();
        say("Paid " + receipt.calculation().pointsApplied() + " points + " + rub(receipt.calculation().toPay())
                + "; earned " + receipt.calculation().pointsEarned() + " points, active from "
                + when(receipt.earnedActivateAt()));
        say("Balance now: " + balance(anna));

        Outcome<PurchaseReceipt> retry = checkout.purchase(program, "moscow-1/0001", first);
        say("The till retries the same receipt: " + (retry.orElseThrow().equals(receipt) ? "same answer, nothing written"
                : "DIFFERENT ANSWER"));
        Outcome<PurchaseReceipt> conflict = checkout.purchase(program, "moscow-1/0001", first.withPoints(PointsToApply.none()));
        say("The same receipt id with other data: refused — " + conflict.refusal().message());

        clock.advanceDays(1);
        say("Next day: " + balance(anna));

        title("Purchase 2: a two-phase sale with Anna's 15% birthday code");
        PromoCode code = kopilka.promoCodes().create(program, PromoCodeSpec.personal(anna.id(), PromoDiscount.percent(15))
                .validFor(java.time.Period.ofDays(7)).origin("birthday")).orElseThrow();
        say("Issued personal code " + code.code() + " (" + code.discount() + ", valid until " + when(code.validUntil()) + ")");
        PurchaseRequest second = PurchaseRequest.of(MemberRef.id(anna.id()), "moscow-1", List.of(
                Line.of("1", "CUSHION", 1, 2_400_00), Line.of("2", "TONER", 3, 3_600_00)))
                .withPoints(PointsToApply.exactly(100)).withPromoCode(code.code().toLowerCase(java.util.Locale.ROOT));
        Ticket ticket = checkout.hold(program, "moscow-1/0002", second).orElseThrow();
        say("Held: promo −" + rub(ticket.calculation().promoDiscount()) + ", 100 points reserved until "
                + when(ticket.expiresAt()) + " → " + balance(anna));
        PurchaseReceipt confirmed = checkout.confirm(program, ticket.ticket()).orElseThrow();
        say("Confirmed: pays " + rub(confirmed.calculation().toPay()) + ", earns " + confirmed.calculation().pointsEarned()
                + " at tier " + confirmed.calculation().tier());

        title("Return: one of the three toners comes back");
        ReturnReceipt ret = checkout.applyReturn(program, "moscow-1/R-0001",
                ReturnRequest.ofLines("moscow-1/0002", List.of(ReturnLine.of("2", 1)))).orElseThrow();
        say("Refund " + rub(ret.calculation().refundKopecks()) + "; " + ret.calculation().pointsRestored()
                + " redeemed points go back, " + ret.calculation().pointsClawedBack() + " earned points are taken back");
        say("Balance now: " + balance(anna));

        title("A year and a day without purchases");
        clock.advance(Duration.ofDays(367));
        say("Balance: " + balance(anna));
        title("Anna's statement");
        for (LedgerEntry e : kopilka.ledger().statement(program, MemberRef.id(anna.id())).orElseThrow()) {
            out.printf("  %s  %-11s %+6d  %s%n", when(e.at()), e.type(), e.points(),
                    e.reference() == null ? "" : e.reference());
        }
    }

    private String balance(Member member) {
        Balance b = kopilka.ledger().balance(program, MemberRef.id(member.id())).orElseThrow();
        StringBuilder s = new StringBuilder().append(b.available()).append(" available");
        if (b.pending() > 0) {
            s.append(", ").append(b.pending()).append(" pending until ").append(when(b.nextPendingAt()));
        }
        if (b.reserved() > 0) {
            s.append(", ").append(b.reserved()).append(" reserved");
        }
        if (b.expiringAt() != null) {
            s.append(", ").append(b.expiringPoints()).append(" expire ").append(when(b.expiringAt()));
        }
        return s.append(" (tier ").append(b.tier()).append(')').toString();
    }

    private String when(java.time.Instant instant) {
        return instant == null ? "-" : WHEN.format(instant.atZone(kopilka.config().zone()));
    }

    private static String rub(long kopecks) {
        return String.format("%,d.%02d RUB", kopecks / 100, kopecks % 100);
    }

    private void title(String text) {
        out.println();
        out.println("== " + text);
    }

    private void say(String text) {
        out.println("  " + text);
    }

}
