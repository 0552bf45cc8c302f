package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MessageChannel} must pass against a fake of its provider: each answer class maps to
 * the right {@link SendResult}, and no answer — a timeout, a garbled body — escapes as an exception or is taken
 * for success. Extend it in the adapter's tests:
 *
 * <pre>{@code
 * class SmsRuChannelContractTest extends MessageChannelContract {
 *     FakeSmsRu fake = FakeSmsRu.start();
 *     protected MessageChannel channel() { return SmsRuChannel.pointedAt(fake.url(), ...); }
 *     protected ChannelFake fake() { return fake; }
 * }
 * }</pre>
 */
public abstract class MessageChannelContract {

    private static final AtomicInteger REFERENCES = new AtomicInteger();

    /** The channel under test, talking to {@link #fake()}; the same instance for the whole test. */
    protected abstract MessageChannel channel();

    protected abstract ChannelFake fake();

    /** A message with both addresses (chat id and phone) and Cyrillic text. */
    protected OutboundMessage message() {
        return new OutboundMessage("msg-" + REFERENCES.incrementAndGet(), MemberId.of("member-1"), 100_200_300L,
                "+79991234567", "Привет! У вас 250 бонусов до 10 декабря <b>&", MessagePurpose.MARKETING);
    }

    /** Scripts the provider's next answer(s); a fake answers "accepted" when nothing is scripted. */
    public interface ChannelFake {

        /** The next send is accepted. */
        void acceptNext();

        /** The next send is refused for flooding (429 or the gateway's equivalent) with this wait. */
        void rateLimitNext(Duration retryAfter);

        /** The next send fails temporarily (5xx, the gateway's "try later"). */
        void failNextTemporarily();

        /** The next send is refused because the recipient cannot be reached (blocked the bot, bad number). */
        void rejectRecipientNext();

        /** The next send gets no answer until well past the channel's timeout. */
        void timeOutNext();

        /** The next send gets a malformed or truncated answer. */
        void garbleNext();

        /** Send requests that reached the fake so far. */
        int sendsReceived();

        /** The text of the last message the fake received, as the recipient would read it. */
        String lastText();

        /**
         * Whether the provider's throttling answer carries the wait (Telegram's {@code retry_after}, a
         * {@code Retry-After} header). Gateways that only say "too frequent" (SMS.ru 231, SMSC 9) return false:
         * the channel then supplies its own positive wait instead of the scripted one.
         */
        default boolean carriesRetryAfter() {
            return true;
        }
    }

    @Test
    void anAcceptedSendIsAcceptedWithTheProvidersId() {
        fake().acceptNext();
        SendResult result = channel().send(message());
        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(((SendResult.Accepted) result).providerMessageId()).isNotBlank();
        assertThat(fake().lastText()).contains("Привет! У вас 250 бонусов до 10 декабря").contains("<b>&");
    }

    @Test
    void aRateLimitIsRetryableAfterTheProvidersWait() {
        fake().rateLimitNext(Duration.ofSeconds(7));
        SendResult result = channel().send(message());
        assertThat(result).isInstanceOf(SendResult.Retryable.class);
        Duration wait = ((SendResult.Retryable) result).retryAfter();
        if (fake().carriesRetryAfter()) {
            assertThat(wait).isEqualTo(Duration.ofSeconds(7));
        } else {
            assertThat(wait).isNotNull().isPositive();
        }
    }

    @Test
    void aTemporaryFailureIsRetryable() {
        fake().failNextTemporarily();
        assertThat(channel().send(message())).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void anUnreachableRecipientIsPermanentAndMarksTheMember() {
        fake().rejectRecipientNext();
        SendResult result = channel().send(message());
        assertThat(result).isInstanceOf(SendResult.Permanent.class);
        assertThat(((SendResult.Permanent) result).recipientUnreachable()).isTrue();
    }

    @Test
    void aTimeoutIsRetryableAndMayHaveBeenDelivered() {
        fake().timeOutNext();
        SendResult result = channel().send(message());
        assertThat(result).isInstanceOf(SendResult.Retryable.class);
    }

    @Test
    void aGarbledAnswerIsNeverTakenForSuccess() {
        fake().garbleNext();
        SendResult result = channel().send(message());
        assertThat(result).isNotInstanceOf(SendResult.Accepted.class);
    }

    @Test
    void theChannelWorksAgainAfterAFailure() {
        fake().failNextTemporarily();
        channel().send(message());
        fake().acceptNext();
        assertThat(channel().send(message())).isInstanceOf(SendResult.Accepted.class);
        assertThat(fake().sendsReceived()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMessageWithoutTheChannelsAddressCannotBeReached() {
        OutboundMessage noAddress = new OutboundMessage("msg-" + REFERENCES.incrementAndGet(), MemberId.of("m-2"),
                null, null, "text", MessagePurpose.TRANSACTIONAL);
        assertThat(channel().canReach(noAddress)).isFalse();
        assertThat(channel().canReach(message())).isTrue();
    }
}
