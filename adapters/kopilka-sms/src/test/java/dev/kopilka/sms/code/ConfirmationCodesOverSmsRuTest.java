package dev.kopilka.sms.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.sms.Gateways;
import dev.kopilka.sms.gateway.SmsRuChannel;
import dev.kopilka.testkit.SettableClock;
import dev.kopilka.testkit.sms.FakeSmsRu;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registration path end to end over the SMS.ru fake: the code arrives, its real cost reaches the tally. */
class ConfirmationCodesOverSmsRuTest {

    final FakeSmsRu fake = FakeSmsRu.start();
    final SettableClock clock = SettableClock.at("2026-12-01T12:00", "Europe/Moscow");
    final Map<String, String> keys = Gateways.base("smsru", fake.url());
    SmsRuChannel channel;

    @AfterEach
    void stop() {
        channel.close();
        fake.close();
    }

    @Test
    void aCodeIsSentConfirmedAndCostedApartFromOtherMessages() {
        keys.put(SmsRuChannel.API_ID, FakeSmsRu.API_ID);
        keys.put("kopilka.sms.price-per-segment", "3.00"); // the estimate until SMS.ru reports the charge
        keys.put("kopilka.sms.code.length", "4");
        channel = Gateways.open(keys, clock, SmsRuChannel.class);
        ConfirmationCodes codes = ConfirmationCodes.fromConfig(channel, KopilkaConfig.fromMap(keys), clock);
        List<DeliveryReport> messaging = new ArrayList<>();
        channel.deliverReportsTo(codes.reportsThrough(messaging::add));
        List<ConfirmationCodes.CodeCharge> charges = new ArrayList<>();
        codes.onCharge(charges::add);

        ConfirmationCodes.Sending.Sent sent = (ConfirmationCodes.Sending.Sent) codes.send(MemberId.of("m-7"),
                "8 999 123 45 67");
        String text = fake.lastText();
        assertThat(text).matches("Код \\d{4}\\. Никому его не сообщайте\\.");
        assertThat(fake.lastSend()).containsEntry("to", "79991234567");
        assertThat(codes.tally().costKopecks()).isEqualTo(300);

        fake.status(sent.accepted().providerMessageId(), 103, "2.55");
        channel.pollStatuses();
        assertThat(codes.tally()).isEqualTo(new ConfirmationCodes.Tally(1, 1, 255, 0, 1, 0));
        assertThat(messaging).isEmpty(); // the code is not an outbox message
        // What an analytics module persists: one send charge (the estimate), one correction to the real charge.
        assertThat(charges).extracting(ConfirmationCodes.CodeCharge::segments).containsExactly(1, 0);
        assertThat(charges).extracting(ConfirmationCodes.CodeCharge::changeKopecks).containsExactly(300L, -45L);
        assertThat(charges.stream().mapToLong(ConfirmationCodes.CodeCharge::changeKopecks).sum())
                .isEqualTo(codes.tally().costKopecks());
        assertThat(charges).extracting(ConfirmationCodes.CodeCharge::member).containsOnly(MemberId.of("m-7"));
        channel.pollStatuses(); // the same final report again: no further charge
        assertThat(charges).hasSize(2);

        String code = text.replaceAll("\\D", "");
        assertThat(codes.verify("+79991234567", code)).isInstanceOf(ConfirmationCodes.Check.Confirmed.class);
        assertThat(codes.tally().confirmed()).isEqualTo(1);
    }
}
