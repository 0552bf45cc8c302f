package dev.kopilka.sms.gateway;

import static dev.kopilka.sms.GatewayTestSupport.sms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.sms.GatewayTestSupport.Reports;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.sms.FakeTwilio;
import dev.kopilka.testkit.sms.GatewayFake;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioChannelTest {

    static final String CALLBACK = "https://shop.example/kopilka/twilio/status";

    final FakeTwilio fake = FakeTwilio.start();
    final TwilioChannel channel;

    TwilioChannelTest() {
        Map<String, String> keys = Gateways.base("twilio", fake.url());
        keys.put(TwilioChannel.ACCOUNT_SID, FakeTwilio.ACCOUNT_SID);
        keys.put(TwilioChannel.AUTH_TOKEN, FakeTwilio.AUTH_TOKEN);
        keys.put(TwilioChannel.FROM, "+15017122661");
        keys.put(TwilioChannel.STATUS_CALLBACK_URL, CALLBACK);
        keys.put(TwilioChannel.RUB_PER_UNIT, "92.50");
        keys.put("kopilka.sms.price-per-segment", "0.70");
        channel = Gateways.open(keys, Clock.systemUTC(), TwilioChannel.class);
    }

    @AfterEach
    void stop() {
        channel.close();
        fake.close();
    }

    @Test
    void priceIsUnknownAtCreationThenPolledAndConverted() {
        SendResult.Accepted accepted = (SendResult.Accepted) channel.send(sms("Hello"));
        assertThat(accepted.providerMessageId()).startsWith("SM");
        assertThat(accepted.costKopecks()).isEqualTo(OptionalLong.of(70)); // the configured estimate
        assertThat(fake.lastSend()).containsEntry("To", "+79991234567").containsEntry("From", "+15017122661")
                .containsEntry("StatusCallback", CALLBACK);
        fake.status(accepted.providerMessageId(), "delivered", "-0.00750", null);
        assertThat(channel.pollStatuses()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.costKopecks()).isEqualTo(OptionalLong.of(69)); // 0.0075 USD x 92.50 = 0.69375 RUB
        });
    }

    @Test
    void aSignedCallbackIsReportedAndAForgedOneRefused() {
        Reports reports = new Reports();
        channel.deliverReportsTo(reports);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("MessageSid", "SM00000000000000000000000000000abc");
        params.put("MessageStatus", "undelivered");
        params.put("ErrorCode", "30003");
        params.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        String signature = FakeTwilio.signature(FakeTwilio.AUTH_TOKEN, CALLBACK, params);
        assertThat(channel.handleStatusCallback(CALLBACK, params, signature)).isTrue();
        assertThat(reports.received).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.detail()).contains("30003");
        });
        params.put("MessageStatus", "delivered"); // tampered after signing
        assertThat(channel.handleStatusCallback(CALLBACK, params, signature)).isFalse();
        assertThat(channel.handleStatusCallback(CALLBACK, params, null)).isFalse();
        assertThat(reports.received).hasSize(1);
    }

    @Test
    void errorCodesMapToTheirClasses() {
        fake.next(new GatewayFake.BadCredentials());
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
        assertThat(channel.refusal(400, 21610, "unsubscribed", null)).isInstanceOfSatisfying(
                SendResult.Permanent.class, p -> assertThat(p.recipientUnreachable()).isTrue());
        assertThat(channel.refusal(400, 21408, "geo", null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
        fake.timeOutNext();
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isTrue());
    }

    @Test
    void truncatedAnswersAndThrottlingAreRetryable() {
        fake.garbleNext();
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.maybeDelivered()).isTrue();
            assertThat(r.reason()).startsWith("malformed answer from twilio");
        });
        fake.rateLimitNext(java.time.Duration.ofSeconds(3));
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.retryAfter()).isEqualTo(TwilioChannel.THROTTLE_WAIT);
            assertThat(r.reason()).contains("20429");
        });
        fake.rejectRecipientNext();
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.reason()).contains("21211"));
    }

    @Test
    void balanceIsConvertedToRoubles() {
        assertThat(channel.checkBalance()).hasValueSatisfying(b -> assertThat(b.kopecks()).isEqualTo(114_145));
    }
}
