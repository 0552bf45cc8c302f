package dev.kopilka.sms.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryReports;
import dev.kopilka.messaging.DeliveryStatus;
import java.time.Instant;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import dev.kopilka.testkit.SettableClock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfirmationCodesTest {

    /** A channel that records messages and answers as told. */
    static final class RecordingChannel implements MessageChannel {
        final List<OutboundMessage> sent = new ArrayList<>();
        SendResult next;

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public boolean canReach(OutboundMessage message) {
            return message.phone() != null;
        }

        @Override
        public SendResult send(OutboundMessage message) {
            sent.add(message);
            SendResult r = next == null ? new SendResult.Accepted("gw-" + sent.size(), OptionalLong.of(349), 1) : next;
            next = null;
            return r;
        }

        String lastCode() {
            Matcher m = Pattern.compile("\\d{4,10}").matcher(sent.get(sent.size() - 1).text());
            assertThat(m.find()).isTrue();
            return m.group();
        }
    }

    final SettableClock clock = SettableClock.at("2026-12-01T12:00", "Europe/Moscow");
    final RecordingChannel channel = new RecordingChannel();
    final ConfirmationCodes codes = new ConfirmationCodes(channel, clock, ZoneId.of("Europe/Moscow"), 7,
            CodeRules.defaults());
    final MemberId member = MemberId.of("m-1");

    @Test
    void aCodeIsSentAsATransactionalMessageAndConfirmsOnce() {
        ConfirmationCodes.Sending sending = codes.send(member, "8 999 123-45-67");
        assertThat(sending).isInstanceOf(ConfirmationCodes.Sending.Sent.class);
        OutboundMessage m = channel.sent.get(0);
        assertThat(m.purpose()).isEqualTo(MessagePurpose.TRANSACTIONAL);
        assertThat(m.phone()).isEqualTo("+79991234567");
        assertThat(m.reference()).startsWith(ConfirmationCodes.REFERENCE_PREFIX);
        String code = channel.lastCode();
        assertThat(code).hasSize(6);
        assertThat(m.text()).isEqualTo("Код " + code + ". Никому его не сообщайте.");
        assertThat(codes.verify("+79991234567", code)).isEqualTo(new ConfirmationCodes.Check.Confirmed("+79991234567"));
        assertThat(codes.verify("+79991234567", code)).isInstanceOf(ConfirmationCodes.Check.NoValidCode.class);
        assertThat(codes.tally()).isEqualTo(new ConfirmationCodes.Tally(1, 1, 349, 0, 0, 1));
    }

    @Test
    void wrongAttemptsBurnTheCode() {
        codes.send(member, "+79991234567");
        String code = channel.lastCode();
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int left = 4; left >= 1; left--) {
            assertThat(codes.verify("+79991234567", wrong)).isEqualTo(new ConfirmationCodes.Check.Wrong(left));
        }
        assertThat(codes.verify("+79991234567", wrong)).isInstanceOf(ConfirmationCodes.Check.NoValidCode.class);
        assertThat(codes.verify("+79991234567", code)).isInstanceOf(ConfirmationCodes.Check.NoValidCode.class);
    }

    @Test
    void aCodeExpires() {
        codes.send(member, "+79991234567");
        String code = channel.lastCode();
        clock.advance(Duration.ofMinutes(5));
        assertThat(codes.verify("+79991234567", code)).isInstanceOf(ConfirmationCodes.Check.NoValidCode.class);
    }

    @Test
    void resendsWaitAndAreCappedPerDay() {
        codes.send(member, "+79991234567");
        clock.advance(Duration.ofSeconds(20));
        assertThat(codes.send(member, "+79991234567")).isEqualTo(new ConfirmationCodes.Sending.TooSoon(
                Duration.ofSeconds(40)));
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(codes.send(member, "+79991234567")).isInstanceOf(ConfirmationCodes.Sending.Sent.class);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(codes.send(member, "+79991234567")).isEqualTo(new ConfirmationCodes.Sending.DailyLimitReached(5));
        clock.advance(Duration.ofHours(12)); // past midnight in Moscow
        assertThat(codes.send(member, "+79991234567")).isInstanceOf(ConfirmationCodes.Sending.Sent.class);
        assertThat(codes.tally().codesSent()).isEqualTo(6);
    }

    @Test
    void aCodeTheGatewayRefusedIsNotCountedAndAnOlderCodeStopsWorkingOnlyWhenANewOneIsSent() {
        codes.send(member, "+79991234567");
        String first = channel.lastCode();
        clock.advance(Duration.ofMinutes(1));
        channel.next = new SendResult.Retryable("gateway down", null, false);
        assertThat(codes.send(member, "+79991234567")).isInstanceOf(ConfirmationCodes.Sending.NotSent.class);
        assertThat(codes.tally().codesSent()).isEqualTo(1);
        assertThat(codes.verify("+79991234567", first)).isInstanceOf(ConfirmationCodes.Check.Confirmed.class);
        assertThat(codes.send(member, "12")).isInstanceOf(ConfirmationCodes.Sending.NotSent.class);
    }

    @Test
    void lateCostsOfCodesCorrectTheTallyAndOtherReportsGoOnToMessaging() {
        List<DeliveryReport> toMessaging = new ArrayList<>();
        DeliveryReports reports = codes.reportsThrough(toMessaging::add);
        channel.next = new SendResult.Accepted("gw-smsru-1", OptionalLong.empty(), 1);
        codes.send(member, "+79991234567");
        assertThat(codes.tally().sentWithUnknownCost()).isEqualTo(1);
        Instant now = clock.instant();
        reports.report(new DeliveryReport(Channel.SMS, "gw-smsru-1", DeliveryStatus.DELIVERED, OptionalLong.of(255),
                now, "sms.ru 103"));
        reports.report(new DeliveryReport(Channel.SMS, "campaign-msg", DeliveryStatus.DELIVERED, OptionalLong.of(300),
                now, "sms.ru 103"));
        assertThat(codes.tally()).isEqualTo(new ConfirmationCodes.Tally(1, 1, 255, 0, 1, 0));
        assertThat(toMessaging).extracting(DeliveryReport::providerMessageId).containsExactly("campaign-msg");
    }

    @Test
    void rulesAreReadFromConfigurationWithEveryProblem() {
        assertThatThrownBy(() -> ConfirmationCodes.fromConfig(channel, KopilkaConfig.fromMap(Map.of(
                "kopilka.sms.code.length", "3", "kopilka.sms.code.text", "no placeholder")), clock))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.key()).containsExactlyInAnyOrder("kopilka.sms.code.length",
                                "kopilka.sms.code.text"));
        ConfirmationCodes four = ConfirmationCodes.fromConfig(channel, KopilkaConfig.fromMap(Map.of(
                "kopilka.sms.code.length", "4", "kopilka.sms.code.text", "Shop: {code}")), clock);
        four.send(member, "+79991234567");
        assertThat(channel.sent.get(0).text()).matches("Shop: \\d{4}");
    }
}
