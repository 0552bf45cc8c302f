package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TelegramRateLimiterTest {

    private final TelegramRateLimiter limiter = new TelegramRateLimiter(3, 100, Duration.ofSeconds(1));

    private TelegramRateLimiter.Slot now(long chat, boolean paid) throws InterruptedException {
        return limiter.acquire(chat, Duration.ZERO, paid);
    }

    @Test
    void theOverallLimitCountsFreeSendsAndPaidBroadcastApart() throws Exception {
        for (long chat = 1; chat <= 3; chat++) {
            TelegramRateLimiter.Slot slot = now(chat, false);
            assertThat(slot.granted()).isTrue();
            slot.permit().done();
        }
        TelegramRateLimiter.Slot fourth = now(4, false);
        assertThat(fourth.granted()).isFalse();
        assertThat(fourth.wouldWait()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1100));
        assertThat(now(5, true).granted()).isTrue();
    }

    @Test
    void oneChatWaitsASecondAfterItsLastSendCameBack() throws Exception {
        TelegramRateLimiter.Slot first = now(7, false);
        TelegramRateLimiter.Slot whileInFlight = now(7, false);
        assertThat(whileInFlight.granted()).isFalse();
        first.permit().done();
        TelegramRateLimiter.Slot afterwards = now(7, false);
        assertThat(afterwards.granted()).isFalse();
        assertThat(afterwards.wouldWait()).isBetween(Duration.ofMillis(900), Duration.ofMillis(1100));
        assertThat(now(8, false).granted()).isTrue();
    }

    @Test
    void aFloodAnswerPausesEverySender() throws Exception {
        limiter.pause(Duration.ofSeconds(2));
        TelegramRateLimiter.Slot slot = now(9, true);
        assertThat(slot.granted()).isFalse();
        assertThat(slot.wouldWait()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(2));
        assertThat(limiter.pausedFor()).isPositive();
    }

    @Test
    void aWaitWithinTheCallersLimitIsWaited() throws Exception {
        now(10, false).permit().done();
        long start = System.nanoTime();
        TelegramRateLimiter.Slot slot = limiter.acquire(10, Duration.ofSeconds(5), false);
        assertThat(slot.granted()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
}
