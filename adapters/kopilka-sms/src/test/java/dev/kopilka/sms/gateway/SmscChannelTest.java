package dev.kopilka.sms.gateway;

import static dev.kopilka.sms.GatewayTestSupport.sms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.sms.FakeSmsc;
import dev.kopilka.testkit.sms.GatewayFake;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmscChannelTest {

    final FakeSmsc fake = FakeSmsc.start();
    final SmscChannel channel;

    SmscChannelTest() {
        Map<String, String> keys = Gateways.base("smsc", fake.url());
        keys.put(SmscChannel.LOGIN, FakeSmsc.LOGIN);
        keys.put(SmscChannel.PASSWORD, FakeSmsc.PASSWORD);
        keys.put("kopilka.sms.price-per-segment", "9.99"); // the gateway's own cost wins
        channel = Gateways.open(keys, Clock.systemUTC(), SmscChannel.class);
    }

    @AfterEach
    void stop() {
        channel.close();
        fake.close();
    }

    @Test
    void theCostAndPartsComeFromTheSendAnswer() {
        SendResult.Accepted accepted = (SendResult.Accepted) channel.send(sms("ж".repeat(71)));
        assertThat(accepted.parts()).isEqualTo(2);
        assertThat(accepted.costKopecks()).isEqualTo(OptionalLong.of(580));
        assertThat(accepted.providerMessageId()).endsWith("-79991234567");
        assertThat(fake.lastSend()).containsEntry("charset", "utf-8").containsEntry("fmt", "3")
                .containsEntry("cost", "3").containsEntry("phones", "79991234567");
    }

    @Test
    void ourReferenceGoesAsTheSameClientIdOnEveryRetry() {
        OutboundMessage m = new OutboundMessage("outbox-42", MemberId.of("m"), null, "+79991234567", "Hi",
                MessagePurpose.TRANSACTIONAL);
        fake.timeOutNext();
        channel.send(m);
        String first = fake.lastSend().get("id");
        channel.send(m);
        assertThat(fake.lastSend().get("id")).isEqualTo(first).matches("[1-9][0-9]*");
        assertThat(Long.parseLong(first)).isBetween(1L, (long) Integer.MAX_VALUE);
    }

    @Test
    void aDuplicateRefusalMayMeanTheFirstSendWentThrough() {
        fake.rateLimitNext(Duration.ofSeconds(7));
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.maybeDelivered()).isTrue();
            assertThat(r.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        });
    }

    @Test
    void everyDocumentedCodeMapsToItsClass() {
        assertThat(channel.refusal(2, null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
        assertThat(channel.refusal(3, null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
        assertThat(channel.refusal(7, null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.recipientUnreachable()).isTrue());
        assertThat(channel.refusal(8, null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.recipientUnreachable()).isTrue());
        assertThat(channel.refusal(4, null)).isInstanceOf(SendResult.Retryable.class);
        assertThat(channel.refusal(6, null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
        fake.next(new GatewayFake.InsufficientFunds());
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.reason()).contains("insufficient funds"));
    }

    @Test
    void statusIsPolledWithIdAndPhone() {
        SendResult.Accepted accepted = (SendResult.Accepted) channel.send(sms("Hi"));
        String id = accepted.providerMessageId().split("-")[0];
        fake.status(id, "79991234567", 1);
        assertThat(channel.pollStatuses()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.costKopecks()).isEqualTo(OptionalLong.of(290));
        });
    }

    @Test
    void truncatedOrForeignAnswersAreClearRetryableErrors() {
        fake.garbleNext();
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.maybeDelivered()).isTrue();
            assertThat(r.reason()).startsWith("malformed answer from smsc (HTTP 200");
        });
        fake.next(new GatewayFake.Raw(200, "text/html", "<html>Captive portal: please log in</html>"));
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.reason()).contains("Captive portal"));
        fake.next(new GatewayFake.Raw(200, "application/json", "{\"cnt\":1}"));
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.reason()).contains("no id or cnt"));
        fake.timeOutNext();
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isTrue());
    }

    @Test
    void aServiceOutagePageIsRetryable() {
        fake.failNextTemporarily();
        assertThat(channel.send(sms("Hi"))).isInstanceOf(SendResult.Retryable.class);
        assertThat(channel.checkBalance()).hasValueSatisfying(b -> assertThat(b.kopecks()).isEqualTo(123_450));
    }
}
