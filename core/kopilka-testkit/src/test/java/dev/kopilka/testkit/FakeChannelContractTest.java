package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.LogChannel;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The loopback fake passes the channel contract (so tests built on it test the dispatcher, not the fake). */
class FakeChannelContractTest extends MessageChannelContract {

    private final SettableClock clock = new SettableClock(Instant.parse("2025-05-12T07:00:00Z"), ZoneOffset.UTC);
    private final FakeChannel fake = FakeChannel.telegram(clock);

    @Override
    protected MessageChannel channel() {
        return fake;
    }

    @Override
    protected ChannelFake fake() {
        return fake;
    }

    @Test
    void anEnforcedRateRefusesTheSendOverItLikeA429() {
        fake.enforceRate(2);
        assertThat(fake.send(message())).isInstanceOf(SendResult.Accepted.class);
        assertThat(fake.send(message())).isInstanceOf(SendResult.Accepted.class);
        SendResult third = fake.send(message());
        assertThat(third).isInstanceOf(SendResult.Retryable.class);
        assertThat(((SendResult.Retryable) third).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fake.rateLimitHits()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(fake.send(message())).isInstanceOf(SendResult.Accepted.class);
    }

    @Test
    void theBusiestSecondIsCountedOverSlidingWindows() {
        fake.send(message());
        clock.advance(Duration.ofMillis(600));
        fake.send(message());
        fake.send(message());
        clock.advance(Duration.ofMillis(500));
        fake.send(message()); // 1.1 s after the first: the first has left the window, the 0.6 s pair has not
        assertThat(fake.maxInAnySecond()).isEqualTo(3);
    }

    /** The log channel: what applies of the contract (it has no provider to script, and reaches everyone). */
    @Nested
    class LogChannelContract {
        private final LogChannel log = new LogChannel();

        @Test
        void acceptsEveryMessageFreeWithItsOwnId() {
            SendResult first = log.send(message());
            SendResult second = log.send(message());
            assertThat(first).isInstanceOf(SendResult.Accepted.class);
            SendResult.Accepted a = (SendResult.Accepted) first;
            assertThat(a.costKopecks().getAsLong()).isZero();
            assertThat(a.providerMessageId()).isNotEqualTo(((SendResult.Accepted) second).providerMessageId());
        }

        @Test
        void reachesMembersWithoutAnyAddress() {
            assertThat(log.canReach(new OutboundMessage("m-1", MemberId.of("m-1"), null, null, "text",
                    MessagePurpose.TRANSACTIONAL))).isTrue();
        }
    }
}
