package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SendAnswer;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A campaign's burst: 1,000 messages from eight dispatcher threads into a fake that enforces Telegram's limits
 * (answering 429 on excess) and injects two flood answers mid-way. Nothing may exceed 30 in any second,
 * nothing may be lost or sent twice, and after each 429 nothing is sent before its retry_after passed.
 */
class TelegramBurstTest {

    private static final int MESSAGES = 1000;

    @Test
    void aThousandMessagesRespectTheLimitsAndNoneIsLost() throws Exception {
        try (FakeTelegramBotApi fake = FakeTelegramBotApi.start();
                TelegramChannel channel = TelegramChannel.create(TestSettings.settings(fake, "kopilka.telegram.send-timeout", "PT10S"))) {
            ConcurrentLinkedQueue<OutboundMessage> queue = new ConcurrentLinkedQueue<>();
            for (int i = 1; i <= MESSAGES; i++) {
                // a tenth of the members get two messages: the per-chat rule matters too
                long chat = i % 10 == 0 ? i - 1 : i;
                queue.add(new OutboundMessage("burst-" + i, MemberId.of("m-" + chat), chat, null, "message " + i,
                        MessagePurpose.MARKETING));
            }
            AtomicInteger floods = new AtomicInteger();
            List<Instant> floodAnswers = new ArrayList<>();
            ExecutorService dispatchers = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(dispatchers.submit(() -> {
                    OutboundMessage m;
                    while ((m = queue.poll()) != null) {
                        int delivered = fake.sent().size();
                        if ((delivered > 300 && floods.compareAndSet(0, 1))
                                || (delivered > 700 && floods.compareAndSet(1, 2))) {
                            fake.scriptSend(SendAnswer.tooManyRequests(2));
                        }
                        SendResult r = channel.send(m);
                        if (r instanceof SendResult.Retryable retry) {
                            assertThat(retry.maybeDelivered()).as(retry.reason()).isFalse();
                            // what the outbox dispatcher does: wait as told, send again
                            if (retry.retryAfter() != null && retry.retryAfter().toSeconds() == 2) {
                                synchronized (floodAnswers) {
                                    floodAnswers.add(Instant.now());
                                }
                            }
                            queue.add(m);
                        } else {
                            assertThat(r).as(m.reference()).isInstanceOf(SendResult.Accepted.class);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            dispatchers.shutdown();

            List<SentMessage> sent = fake.sent();
            assertThat(sent).hasSize(MESSAGES);
            assertThat(sent.stream().map(SentMessage::text).distinct().count()).isEqualTo(MESSAGES);
            assertThat(fake.maxAcceptedInAnySecond()).isLessThanOrEqualTo(30);
            assertThat(floodAnswers).hasSize(2);
            // the fake's own 429s are the scripted two: the limiter never let Telegram's limits be exceeded
            assertThat(fake.rateLimited()).hasSize(2);
            // sends already in flight when the 429 came back may land just after it; nothing new starts until
            // retry_after (2 s) has passed
            for (Instant flood : fake.rateLimited()) {
                assertThat(sent).noneMatch(m -> m.at().isAfter(flood.plus(Duration.ofMillis(150)))
                        && m.at().isBefore(flood.plus(Duration.ofMillis(1900))));
            }
        }
    }
}
