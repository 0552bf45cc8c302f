package dev.kopilka.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.demo.cli.PricedSmsChannel;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import org.junit.jupiter.api.Test;

/** The simulations' SMS stand-in bills what a gateway would: the segments kopilka-sms counts, times the price. */
class PricedSmsChannelTest {

    private final PricedSmsChannel sms = new PricedSmsChannel(290);

    private SendResult.Accepted send(String text) {
        return (SendResult.Accepted) sms.send(new OutboundMessage("m-1", MemberId.of("member-1"), null, "+79991234567",
                text, MessagePurpose.MARKETING));
    }

    @Test
    void cyrillicIsUcs2SeventyAloneAndSixtySevenPerPart() {
        assertThat(send("Я".repeat(70)).parts()).isEqualTo(1);
        SendResult.Accepted two = send("Я".repeat(71));
        assertThat(two.parts()).isEqualTo(2);
        assertThat(two.costKopecks()).hasValue(580);
        assertThat(send("Я".repeat(135)).parts()).isEqualTo(3);
    }

    @Test
    void gsmExtensionCharactersTakeTwoSeptets() {
        assertThat(send("a".repeat(160)).parts()).isEqualTo(1);
        // 159 letters and a euro sign: 161 septets, two parts (a rough count by characters says one)
        SendResult.Accepted euro = send("a".repeat(159) + "€");
        assertThat(euro.parts()).isEqualTo(2);
        assertThat(euro.costKopecks()).hasValue(580);
    }
}
