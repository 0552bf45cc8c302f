package dev.kopilka.demo;

import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.Calculation;
import dev.kopilka.checkout.Checkout;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnLine;
import dev.kopilka.checkout.ReturnReceipt;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Balance;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The code of docs/getting-started.md: each {@code tag::} region below appears in the page word for word
 * (checked by {@code GettingStartedTest}), and the test runs it.
 */
public final class GettingStarted {

    private GettingStarted() {
    }

    /** Registers a member, sells, previews, returns; what a till integration does in its first hour. */
    public static Balance run(Path properties, PrintStream out) {
        // tag::start[]
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.load(properties)).build();  // validates every key
        ProgramId program = kopilka.program();
        Checkout checkout = kopilka.checkout();
        // end::start[]
        try (kopilka) {
            // tag::register[]
            kopilka.members().register(program, Registration.withPhone("+7 999 555-01-02").name("Ivan")
                    .homeStore("store-1"));
            MemberRef ivan = MemberRef.phone("+79995550102");                     // any phone format finds him
            // end::register[]

            // tag::sale[]
            PurchaseRequest receipt = PurchaseRequest.of(ivan, "store-1", List.of(
                    Line.of("1", "DRILL-18V", 1, 7_990_00),                          // kopecks
                    Line.of("2", "GIFT-CARD", 1, 1_000_00).asNoEarn().asNoRedeem()))
                .withPoints(PointsToApply.max());                                   // as many as the cap allows
            Calculation preview = checkout.calculate(program, receipt).orElseThrow(); // writes nothing
            out.println("to pay " + preview.toPay() + " kopecks, earns " + preview.pointsEarned() + " points");

            Outcome<PurchaseReceipt> sale = checkout.purchase(program, "store-1/till-2/000731", receipt);
            if (sale instanceof Outcome.Accepted<PurchaseReceipt> done) {
                out.println("earned " + done.value().calculation().pointsEarned());
            } else {
                out.println("refused: " + sale.refusal().message());               // show it to the cashier
            }
            // end::sale[]

            // tag::return[]
            Outcome<ReturnReceipt> back = checkout.applyReturn(program, "store-1/till-2/R-000017",
                    ReturnRequest.ofLines("store-1/till-2/000731", List.of(ReturnLine.of("1", 1))));
            out.println("earned points taken back: " + back.orElseThrow().calculation().pointsClawedBack());
            // end::return[]

            // tag::balance[]
            Balance balance = kopilka.ledger().balance(program, ivan).orElseThrow();
            out.println(balance.available() + " available, " + balance.pending() + " pending");
            // end::balance[]
            return balance;
        }
    }
}
