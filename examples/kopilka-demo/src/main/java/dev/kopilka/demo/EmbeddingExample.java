package dev.kopilka.demo;

import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import java.nio.file.Path;
import java.util.List;

/** The README's embedding example, compiled and run by a test so the README cannot drift from the API. */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    public static Outcome<PurchaseReceipt> run(Path properties) {
        // tag::embedding[]
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.load(properties)).build();
        ProgramId program = kopilka.program();
        kopilka.members().register(program, Registration.withPhone("8 (999) 123-45-67"));   // → +79991234567

        PurchaseRequest receipt = PurchaseRequest.of(MemberRef.phone("+79991234567"), "store-1",
                List.of(Line.of("1", "TONER-42", 1, 1_990_00)))          // amounts in kopecks
            .withPoints(PointsToApply.max());                             // pay with points, up to the cap
        Outcome<PurchaseReceipt> done = kopilka.checkout().purchase(program, "till-7-000123", receipt);
        // end::embedding[]
        return done;
    }
}
