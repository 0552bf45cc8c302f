package dev.kopilka.testkit.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.Consent;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.FakeChannel;
import dev.kopilka.testkit.SettableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redeeming above the configured amount needs the one-time code sent to the member through the outbox. */
class RedemptionConfirmationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final SettableClock clock = SettableClock.at("2026-03-02T12:00", "Europe/Moscow");
    private final FakeChannel telegram = FakeChannel.telegram(clock);
    private final FakeChannel sms = FakeChannel.sms(clock, 350);
    private final InMemoryStore store = new InMemoryStore();
    private Kopilka kopilka;
    private ProgramId program;
    private MemberId anna;

    @BeforeEach
    void start() {
        kopilka = kopilka("500");
        program = kopilka.program();
        anna = kopilka.members().register(program, Registration.withPhone("+79991234567").name("Анна")
                .consents(Consent.TELEGRAM)).orElseThrow().id();
        kopilka.members().linkTelegram(program, MemberRef.id(anna), 4242L).orElseThrow();
        kopilka.ledger().grant(program, MemberRef.id(anna), Grant.of(5_000, LotSource.MANUAL, "start"))
                .orElseThrow();
    }

    @AfterEach
    void stop() {
        kopilka.close();
    }

    private Kopilka kopilka(String above) {
        Map<String, String> p = new HashMap<>();
        p.put("kopilka.messaging.autostart", "false");
        p.put("kopilka.earning.delay", "P0D");
        p.put("kopilka.checkout.redemption-confirmation.above-points", above);
        return Kopilka.builder(KopilkaConfig.fromMap(p)).store(store).clock(clock)
                .messaging(Messaging.setup().channel(telegram).channel(sms)).build();
    }

    private static PurchaseRequest spending(MemberId member, long points) {
        return PurchaseRequest.of(MemberRef.id(member), "store-1", List.of(Line.of("1", "SKU-1", 1, 1_000_000)))
                .withPoints(PointsToApply.exactly(points));
    }

    private long balance() {
        return kopilka.ledger().balance(program, MemberRef.id(anna)).orElseThrow().available();
    }

    /** Dispatches and reads the code from the last message the member got on {@code channel}. */
    private String codeSentBy(FakeChannel channel) {
        int before = channel.sends().size();
        kopilka.messaging().dispatchOnce();
        if (channel.sends().size() == before) {
            clock.advance(Duration.ofSeconds(1)); // Telegram's one message per second to a chat
            kopilka.messaging().dispatchOnce();
        }
        assertThat(channel.sends()).hasSize(before + 1);
        List<FakeChannel.Send> sends = channel.sends();
        assertThat(sends).isNotEmpty();
        Matcher m = CODE.matcher(sends.get(sends.size() - 1).message().text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aBigRedemptionIsRefusedUntilTheCodeSentOnTelegramIsGiven() {
        Outcome<PurchaseReceipt> first = kopilka.checkout().purchase(program, "r1", spending(anna, 1_000));
        assertThat(first.refusal()).isInstanceOfSatisfying(Refusal.ConfirmationRequired.class, r -> {
            assertThat(r.codeSent()).isTrue();
            assertThat(r.points()).isEqualTo(1_000);
            assertThat(r.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        });
        assertThat(balance()).as("a refused request spends nothing").isEqualTo(5_000);
        List<OutboxRecord> outbox = kopilka.messaging().ofMember(program, anna);
        assertThat(outbox).singleElement().satisfies(r -> {
            assertThat(r.message().purpose()).isEqualTo(MessagePurpose.TRANSACTIONAL);
            assertThat(r.message().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        });
        String code = codeSentBy(telegram);
        assertThat(sms.sends()).isEmpty();
        assertThat(kopilka.messaging().ofMember(program, anna).get(0).channel()).isEqualTo(Channel.TELEGRAM);

        // asking again without the code does not send another one
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000)).refusal())
                .isInstanceOfSatisfying(Refusal.ConfirmationRequired.class, r -> assertThat(r.codeSent()).isFalse());
        assertThat(kopilka.messaging().ofMember(program, anna)).hasSize(1);

        PurchaseReceipt receipt = kopilka.checkout().purchase(program, "r1",
                spending(anna, 1_000).withConfirmationCode(code)).orElseThrow();
        assertThat(receipt.calculation().pointsApplied()).isEqualTo(1_000);
        assertThat(balance()).as("5,000 - 1,000 spent + 450 earned on 9,000 RUB paid").isEqualTo(4_450);

        // idempotency: the retry of the completed receipt replays it, with or without the code, and the code is used
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000)).orElseThrow())
                .isEqualTo(receipt);
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(code))
                .orElseThrow()).isEqualTo(receipt);
        assertThat(kopilka.checkout().purchase(program, "r2", spending(anna, 1_000).withConfirmationCode(code))
                .refusal()).as("a code belongs to its receipt").isInstanceOf(Refusal.ConfirmationExpired.class);
        assertThat(balance()).isEqualTo(4_450);
    }

    @Test
    void aPendingCodeIsKeptByTheStoreSoAnotherInstanceOrARestartAcceptsIt() {
        kopilka.checkout().purchase(program, "r1", spending(anna, 1_000));
        String code = codeSentBy(telegram);
        kopilka.close(); // the instance that sent the code goes away; the till's retry reaches another one
        kopilka = kopilka("500");

        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000)).refusal())
                .as("no second code").isInstanceOfSatisfying(Refusal.ConfirmationRequired.class,
                        r -> assertThat(r.codeSent()).isFalse());
        PurchaseReceipt receipt = kopilka.checkout().purchase(program, "r1",
                spending(anna, 1_000).withConfirmationCode(code)).orElseThrow();
        assertThat(receipt.calculation().pointsApplied()).isEqualTo(1_000);
        java.util.Optional<dev.kopilka.checkout.port.RedemptionCodeStore.PendingCode> left =
                store.readOnly(program, tx -> tx.redemptionCodes().find("r1"));
        assertThat(left).as("used: gone").isEmpty();
    }

    @Test
    void smallRedemptionsAndReceiptsWithoutPointsNeedNoCode() {
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 500)).orElseThrow().calculation().pointsApplied())
                .isEqualTo(500);
        kopilka.checkout().purchase(program, "r2", PurchaseRequest.of(MemberRef.id(anna), "store-1",
                List.of(Line.of("1", "SKU-1", 1, 1_000_000)))).orElseThrow();
        assertThat(kopilka.messaging().ofMember(program, anna)).isEmpty();
    }

    @Test
    void wrongCodesCountDownAndVoidTheCode() {
        kopilka.checkout().purchase(program, "r1", spending(anna, 1_000));
        String code = codeSentBy(telegram);
        String wrong = code.equals("000000") ? "111111" : "000000";

        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(wrong))
                .refusal()).isEqualTo(new Refusal.WrongConfirmationCode("r1", 2));
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(wrong))
                .refusal()).isEqualTo(new Refusal.WrongConfirmationCode("r1", 1));
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(wrong))
                .refusal()).isEqualTo(new Refusal.WrongConfirmationCode("r1", 0));
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(code))
                .refusal()).as("void after the last attempt").isInstanceOf(Refusal.ConfirmationExpired.class);
        assertThat(balance()).isEqualTo(5_000);

        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000)).refusal())
                .isInstanceOfSatisfying(Refusal.ConfirmationRequired.class, r -> assertThat(r.codeSent()).isTrue());
        String second = codeSentBy(telegram);
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(second))
                .orElseThrow().calculation().pointsApplied()).isEqualTo(1_000);
    }

    @Test
    void anExpiredCodeIsRefusedAndANewOneIsSentOnRequest() {
        kopilka.checkout().purchase(program, "r1", spending(anna, 1_000));
        String code = codeSentBy(telegram);
        clock.advance(Duration.ofMinutes(5));

        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000).withConfirmationCode(code))
                .refusal()).isEqualTo(new Refusal.ConfirmationExpired("r1"));
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 1_000)).refusal())
                .isInstanceOfSatisfying(Refusal.ConfirmationRequired.class, r -> assertThat(r.codeSent()).isTrue());
        assertThat(kopilka.messaging().ofMember(program, anna)).hasSize(2);
    }

    @Test
    void changedPointsNeedANewCode() {
        kopilka.checkout().purchase(program, "r1", spending(anna, 1_000));
        String code = codeSentBy(telegram);
        assertThat(kopilka.checkout().purchase(program, "r1", spending(anna, 2_000).withConfirmationCode(code))
                .refusal()).isInstanceOf(Refusal.ConfirmationExpired.class);
    }

    @Test
    void withoutTelegramTheCodeGoesBySmsEvenWithoutMarketingConsent() {
        MemberId boris = kopilka.members().register(program, Registration.withPhone("+79990000001").name("Борис"))
                .orElseThrow().id();
        kopilka.ledger().grant(program, MemberRef.id(boris), Grant.of(3_000, LotSource.MANUAL, "b")).orElseThrow();
        assertThat(kopilka.checkout().purchase(program, "b1", spending(boris, 1_000)).refusal())
                .isInstanceOf(Refusal.ConfirmationRequired.class);
        String code = codeSentBy(sms);
        assertThat(telegram.sends()).isEmpty();
        assertThat(kopilka.checkout().purchase(program, "b1", spending(boris, 1_000).withConfirmationCode(code))
                .orElseThrow().calculation().pointsApplied()).isEqualTo(1_000);
    }

    @Test
    void offByDefaultAndTheCodeFieldIsValidated() {
        Kopilka plain = kopilka("0");
        try {
            assertThat(plain.checkout().purchase(program, "p1", spending(anna, 3_000)).orElseThrow()
                    .calculation().pointsApplied()).isEqualTo(3_000);
        } finally {
            plain.close();
        }
        assertThat(KopilkaConfig.fromMap(Map.of()).redemptionConfirmationAbovePoints()).isZero();
        assertThatThrownBy(() -> spending(anna, 1).withConfirmationCode("12ab"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("confirmationCode");
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.checkout.redemption-confirmation.max-attempts", "0"))
                .validate()).extracting(p -> p.key())
                .containsExactly("kopilka.checkout.redemption-confirmation.max-attempts");
    }
}
