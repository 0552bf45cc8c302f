package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SendAnswer;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelegramChannelTest {

    private final FakeTelegramBotApi fake = FakeTelegramBotApi.start();
    private TelegramChannel channel = TelegramChannel.create(TestSettings.settings(fake));

    @AfterEach
    void close() {
        channel.close();
        fake.close();
    }

    private static OutboundMessage message(long chat, String text, MessagePurpose purpose) {
        return new OutboundMessage("ref-" + chat + "-" + text.hashCode(), MemberId.of("m-" + chat), chat, null, text,
                purpose);
    }

    @Test
    void isTheTelegramChannel() {
        assertThat(channel.channel()).isEqualTo(Channel.TELEGRAM);
    }

    @Test
    void userDataIsEscapedSoTheMemberReadsItAsWritten() {
        SendResult result = channel.send(message(42, "Скидка <50%> & подарок </b>", MessagePurpose.MARKETING));
        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        SentMessage sent = fake.sent().get(0);
        assertThat(sent.text()).isEqualTo("Скидка <50%> & подарок </b>");
        assertThat(sent.parseMode()).isEqualToIgnoringCase("html");
        assertThat(sent.paidBroadcast()).isFalse();
    }

    @Test
    void aDeactivatedUserOrAMissingChatIsUnreachable() {
        fake.scriptSend(SendAnswer.deactivated(), SendAnswer.chatNotFound());
        SendResult deactivated = channel.send(message(42, "a", MessagePurpose.MARKETING));
        SendResult notFound = channel.send(message(43, "b", MessagePurpose.MARKETING));
        assertThat(deactivated).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.recipientUnreachable()).isTrue());
        assertThat(notFound).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.recipientUnreachable()).isTrue());
    }

    @Test
    void aMarkupRefusalIsOurFaultNotTheMembers() {
        fake.scriptSend(SendAnswer.cannotParseEntities());
        SendResult result = channel.send(message(42, "a", MessagePurpose.MARKETING));
        assertThat(result).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.recipientUnreachable()).isFalse();
            assertThat(p.alert()).isTrue();
        });
    }

    @Test
    void aReadTimeoutMayHaveBeenDelivered() {
        fake.slowAnswer(Duration.ofSeconds(2)).timeOutNext();
        SendResult result = channel.send(message(42, "a", MessagePurpose.MARKETING));
        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isTrue());
    }

    @Test
    void aServerErrorIsRetryableAndNotDelivered() {
        fake.failNextTemporarily();
        SendResult result = channel.send(message(42, "a", MessagePurpose.MARKETING));
        assertThat(result).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isFalse());
    }

    @Test
    void aFloodAnswerPausesEveryChatForItsWait() {
        fake.rateLimitNext(Duration.ofSeconds(1));
        assertThat(channel.send(message(1, "a", MessagePurpose.MARKETING))).isInstanceOf(SendResult.Retryable.class);
        long start = System.nanoTime();
        assertThat(channel.send(message(2, "b", MessagePurpose.MARKETING))).isInstanceOf(SendResult.Accepted.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aLongTextGoesInPartsUnderTheLimitInOrder() {
        String paragraph = "Бонусы & подарки <скоро>. ".repeat(100);
        String text = paragraph + "\n\n" + paragraph + "\n\n" + paragraph + "\n\n" + paragraph;
        assertThat(text.length()).isGreaterThan(TelegramText.MESSAGE_LIMIT * 2);
        SendResult result = channel.send(message(42, text, MessagePurpose.MARKETING));
        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        int parts = ((SendResult.Accepted) result).parts();
        assertThat(parts).isGreaterThanOrEqualTo(3);
        List<SentMessage> sent = fake.sentTo(42);
        assertThat(sent).hasSize(parts).allSatisfy(m -> assertThat(m.text().length()).isLessThanOrEqualTo(4096));
        // nothing lost or reordered: the parts read back as the text, up to the whitespace at the cuts
        assertThat(String.join("", sent.stream().map(SentMessage::text).toList()).replaceAll("\\s", ""))
                .isEqualTo(text.replaceAll("\\s", ""));
        // one chat, one message a second
        assertThat(Duration.between(sent.get(0).at(), sent.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(fake.rateLimited()).isEmpty();
    }

    @Test
    void paidBroadcastIsAskedForMarketingOnlyWhenConfigured() {
        channel.close();
        channel = TelegramChannel.create(TestSettings.settings(fake, "kopilka.telegram.paid-broadcast", "true"));
        channel.send(message(1, "offer", MessagePurpose.MARKETING));
        channel.send(message(2, "code 1234", MessagePurpose.TRANSACTIONAL));
        assertThat(fake.sentTo(1).get(0).paidBroadcast()).isTrue();
        assertThat(fake.sentTo(2).get(0).paidBroadcast()).isFalse();
    }

    @Test
    void aMessageWithoutAChatIsUnreachableWithoutCallingTelegram() {
        OutboundMessage noChat = new OutboundMessage("r", MemberId.of("m"), null, "+79990000000", "x",
                MessagePurpose.MARKETING);
        assertThat(channel.send(noChat)).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.recipientUnreachable()).isTrue());
        assertThat(fake.sendsReceived()).isZero();
    }
}
