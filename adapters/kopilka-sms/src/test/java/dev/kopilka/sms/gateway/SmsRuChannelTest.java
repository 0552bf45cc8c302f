package dev.kopilka.sms.gateway;

import static dev.kopilka.sms.GatewayTestSupport.sms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.sms.Balance;
import dev.kopilka.sms.GatewayTestSupport.Reports;
import dev.kopilka.sms.Gateways;
import dev.kopilka.testkit.SettableClock;
import dev.kopilka.testkit.sms.FakeSmsRu;
import dev.kopilka.testkit.sms.GatewayFake;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmsRuChannelTest {

    final FakeSmsRu fake = FakeSmsRu.start();
    final SettableClock clock = SettableClock.at("2026-12-01T22:00", "Europe/Moscow");
    final Map<String, String> keys = Gateways.base("smsru", fake.url());
    SmsRuChannel channel;

    SmsRuChannel channel() {
        if (channel == null) {
            keys.put(SmsRuChannel.API_ID, FakeSmsRu.API_ID);
            channel = Gateways.open(keys, clock, SmsRuChannel.class);
        }
        return channel;
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.close();
        }
        fake.close();
    }

    @Test
    void sendsToTheNormalisedNumberWithTheSenderAndCostsTheConfiguredPricePerSegment() {
        keys.put("kopilka.sms.sender", "SHOP");
        keys.put("kopilka.sms.price-per-segment", "3.49");
        SendResult result = channel().send(sms("Привет! ".repeat(10))); // 80 Cyrillic-containing chars: 2 parts
        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        SendResult.Accepted accepted = (SendResult.Accepted) result;
        assertThat(accepted.parts()).isEqualTo(2);
        assertThat(accepted.costKopecks()).isEqualTo(OptionalLong.of(698));
        assertThat(fake.lastSend()).containsEntry("to", "79991234567").containsEntry("from", "SHOP")
                .containsEntry("json", "1").containsEntry("api_id", FakeSmsRu.API_ID);
    }

    @Test
    void withoutAConfiguredPriceTheCostIsUnknownUntilTheStatusSaysIt() {
        Reports reports = new Reports();
        channel().deliverReportsTo(reports);
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms("Hello"));
        assertThat(accepted.costKopecks()).isEmpty();
        fake.status(accepted.providerMessageId(), 103, "2.55");
        assertThat(channel().pollStatuses()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.costKopecks()).isEqualTo(OptionalLong.of(255));
            assertThat(r.providerMessageId()).isEqualTo(accepted.providerMessageId());
        });
        assertThat(reports.received).hasSize(1);
        assertThat(channel().awaitingStatus()).isEmpty(); // final: not polled again
    }

    @Test
    void aPendingStatusIsReportedAndPolledAgain() {
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms("Hello"));
        assertThat(channel().pollStatuses()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DeliveryStatus.PENDING));
        assertThat(channel().awaitingStatus()).containsExactly(accepted.providerMessageId());
        fake.status(accepted.providerMessageId(), 104, "2.55");
        assertThat(channel().pollStatuses()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED));
    }

    @Test
    void messagesWithoutAFinalStatusAreGivenUpAfterTheConfiguredAge() {
        channel().send(sms("Hello"));
        clock.advance(Duration.ofHours(73));
        assertThat(channel().pollStatuses()).isEmpty();
        assertThat(channel().awaitingStatus()).isEmpty();
    }

    @Test
    void aCallbackIsReportedAndAnsweredWith100() {
        Reports reports = new Reports();
        channel().deliverReportsTo(reports);
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms("Hello"));
        String answer = channel().handleCallback(FakeSmsRu.callbackBody(accepted.providerMessageId(), 103, 1796119200L)
                + "&" + FakeSmsRu.callbackBody("000000-999", 102, 1796119200L).replace("data%5B%5D", "data%5B1%5D"));
        assertThat(answer).isEqualTo("100");
        assertThat(reports.received).extracting(r -> r.providerMessageId() + " " + r.status())
                .containsExactly(accepted.providerMessageId() + " DELIVERED", "000000-999 PENDING");
        assertThat(channel().handleCallback("data%5B%5D=garbage")).isEqualTo("100");
        // the callback carries no charge: one more poll fetches it
        fake.status(accepted.providerMessageId(), 103, "2.55");
        assertThat(channel().pollStatuses()).filteredOn(r -> r.providerMessageId().equals(accepted.providerMessageId()))
                .singleElement().satisfies(r -> assertThat(r.costKopecks()).isEqualTo(OptionalLong.of(255)));
    }

    @Test
    void insufficientFundsAndBadCredentialsAlertAnOperator() {
        fake.next(new GatewayFake.InsufficientFunds());
        assertThat(channel().send(sms("Hello"))).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.alert()).isTrue();
            assertThat(p.recipientUnreachable()).isFalse();
            assertThat(p.reason()).contains("201");
        });
        fake.next(new GatewayFake.BadCredentials());
        assertThat(channel().send(sms("Hello"))).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.alert()).isTrue());
    }

    @Test
    void everyDocumentedCodeMapsToItsClass() {
        SmsRuChannel c = channel();
        for (int code : new int[] {202, 207, 209, 214, 215}) {
            assertThat(c.refusal(code, null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                    p -> assertThat(p.recipientUnreachable()).as("code %d", code).isTrue());
        }
        for (int code : new int[] {200, 201, 204, 210, 211, 212, 213, 300, 301}) {
            assertThat(c.refusal(code, null)).isInstanceOfSatisfying(SendResult.Permanent.class,
                    p -> assertThat(p.alert()).as("code %d", code).isTrue());
        }
        assertThat(c.refusal(220, null)).isInstanceOf(SendResult.Retryable.class);
        assertThat(((SendResult.Retryable) c.refusal(231, null)).retryAfter()).isEqualTo(Duration.ofMinutes(1));
        // a daily limit waits for the next day in the program's zone (22:00 Moscow -> 2h01m)
        assertThat(((SendResult.Retryable) c.refusal(232, null)).retryAfter()).isEqualTo(Duration.ofMinutes(121));
        assertThat(c.refusal(999, "new")).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.reason()).contains("undocumented"));
    }

    @Test
    void aTimeoutMayHaveDeliveredAndATruncatedAnswerIsAClearRetryableError() {
        fake.timeOutNext();
        assertThat(channel().send(sms("Hello"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isTrue());
        fake.garbleNext();
        assertThat(channel().send(sms("Hello"))).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.maybeDelivered()).isTrue();
            assertThat(r.reason()).startsWith("malformed answer from smsru");
        });
    }

    @Test
    void aLateAnswerIsMeasuredAgainstTheConfiguredTimeout() {
        // within kopilka.sms.timeout a slow gateway is only slow: its answer is the send's result
        keys.put("kopilka.sms.timeout", "PT20S");
        fake.stallFor(Duration.ofMillis(300));
        fake.timeOutNext();
        assertThat(channel().send(sms("Hello"))).isInstanceOf(SendResult.Accepted.class);
        assertThat(fake.sendsReceived()).isEqualTo(1);
    }

    @Test
    void aGatewayThatIsDownNeverTookTheMessage() {
        fake.close();
        assertThat(channel().send(sms("Hello"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isFalse());
    }

    @Test
    void aBadNumberIsRefusedWithoutAskingTheGateway() {
        assertThat(channel().send(sms("12", "Hello"))).isInstanceOfSatisfying(SendResult.Permanent.class,
                p -> assertThat(p.recipientUnreachable()).isTrue());
        assertThat(fake.sendsReceived()).isZero();
    }

    @Test
    void transliterationSendsLatinText() {
        keys.put("kopilka.sms.transliterate", "true");
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms("ж".repeat(71)));
        assertThat(fake.lastText()).isEqualTo("zh".repeat(71));
        assertThat(accepted.parts()).isEqualTo(1);
    }

    @Test
    void aLowBalanceWarnsFromTheSendAnswerAndTheBalanceCall() {
        keys.put("kopilka.sms.low-balance", "500");
        List<Balance> warnings = new CopyOnWriteArrayList<>();
        channel().onLowBalance(warnings::add);
        fake.balance("499.99");
        channel().send(sms("Hello"));
        assertThat(warnings).containsExactly(new Balance("smsru", 49_999, true));
        assertThat(channel().checkBalance()).contains(new Balance("smsru", 49_999, true));
        fake.balance("500.00");
        assertThat(channel().checkBalance()).contains(new Balance("smsru", 50_000, false));
        assertThat(warnings).hasSize(2);
    }

    @Test
    void quotesTheCostWithoutSending() {
        assertThat(channel().quote("+79991234567", "Привет")).isEqualTo(OptionalLong.of(255));
        assertThat(fake.sendsReceived()).isZero();
    }
}
