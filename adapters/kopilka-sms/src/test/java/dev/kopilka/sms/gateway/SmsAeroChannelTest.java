package dev.kopilka.sms.gateway;

import static dev.kopilka.sms.GatewayTestSupport.sms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.sms.FakeSmsAero;
import dev.kopilka.testkit.sms.GatewayFake;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmsAeroChannelTest {

    final FakeSmsAero fake = FakeSmsAero.start();
    final SmsAeroChannel channel;

    SmsAeroChannelTest() {
        Map<String, String> keys = Gateways.base("smsaero", fake.url());
        keys.put(SmsAeroChannel.EMAIL, FakeSmsAero.EMAIL);
        keys.put(SmsAeroChannel.API_KEY, FakeSmsAero.API_KEY);
        keys.put("kopilka.sms.sender", "SHOP");
        channel = Gateways.open(keys, Clock.systemUTC(), SmsAeroChannel.class);
    }

    @AfterEach
    void stop() {
        channel.close();
        fake.close();
    }

    @Test
    void theCostComesWithTheSendAnswer() {
        SendResult.Accepted accepted = (SendResult.Accepted) channel.send(sms("Hello"));
        assertThat(accepted.costKopecks()).isEqualTo(OptionalLong.of(549));
        assertThat(fake.lastSend()).containsEntry("number", "79991234567").containsEntry("sign", "SHOP");
        fake.status(accepted.providerMessageId(), 1);
        assertThat(channel.pollStatuses()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED));
    }

    @Test
    void noCreditsAlertsAndBadCredentialsAlert() {
        fake.next(new GatewayFake.InsufficientFunds());
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
        fake.next(new GatewayFake.BadCredentials());
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
    }

    @Test
    void throttlingHonoursRetryAfterAndATimeoutMayHaveDelivered() {
        fake.rateLimitNext(Duration.ofSeconds(30));
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        fake.timeOutNext();
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isTrue());
        fake.garbleNext();
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.reason()).startsWith("malformed answer from smsaero"));
    }

    @Test
    void anUnreachableMirrorIsSkippedButOneThatMayHaveTakenTheMessageIsNot() {
        Map<String, String> keys = Gateways.base("smsaero", fake.url());
        keys.put("kopilka.sms.base-url", "http://127.0.0.1:1/v2/," + fake.url());
        keys.put(SmsAeroChannel.EMAIL, FakeSmsAero.EMAIL);
        keys.put(SmsAeroChannel.API_KEY, FakeSmsAero.API_KEY);
        try (SmsAeroChannel mirrored = Gateways.open(keys, Clock.systemUTC(), SmsAeroChannel.class)) {
            assertThat(mirrored.send(sms("Hi"))).isInstanceOf(SendResult.Accepted.class);
            assertThat(fake.sendsReceived()).isEqualTo(1);
            fake.timeOutNext();
            keys.put("kopilka.sms.base-url", fake.url() + "," + fake.url());
            try (SmsAeroChannel twice = Gateways.open(keys, Clock.systemUTC(), SmsAeroChannel.class)) {
                assertThat(twice.send(sms("Hi"))).isInstanceOf(SendResult.Retryable.class);
                assertThat(fake.sendsReceived()).isEqualTo(2); // not re-sent to the second mirror
            }
        }
    }

    @Test
    void balance() {
        assertThat(channel.checkBalance()).hasValueSatisfying(b -> assertThat(b.kopecks()).isEqualTo(33_703));
    }
}
