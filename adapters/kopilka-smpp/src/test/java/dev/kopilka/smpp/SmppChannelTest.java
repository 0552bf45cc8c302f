package dev.kopilka.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmppChannelTest {

    static final AtomicInteger REFS = new AtomicInteger();

    final LocalSmsc smsc = new LocalSmsc();
    final List<DeliveryReport> reports = new CopyOnWriteArrayList<>();
    SmppChannel channel;

    SmppChannel channel(Map<String, String> keys) {
        channel = Smpp.open(keys);
        channel.deliverReportsTo(reports::add);
        return channel;
    }

    SmppChannel channel() {
        return channel(Smpp.keys(smsc));
    }

    static OutboundMessage sms(String text) {
        return new OutboundMessage("ref-" + REFS.incrementAndGet(), MemberId.of("m"), null, "89991234567", text,
                MessagePurpose.TRANSACTIONAL);
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.close();
        }
        smsc.close();
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aDeliveryReceiptUpdatesTheStatusWithTheCost() {
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms("Ваш код: 1234"));
        assertThat(accepted.costKopecks()).isEqualTo(OptionalLong.of(250));
        LocalSmsc.Submit submit = smsc.submits().get(0);
        assertThat(submit.destination()).isEqualTo("79991234567");
        assertThat(submit.source()).isEqualTo("SHOP");
        assertThat(submit.dataCoding()).isEqualTo((byte) 0x08);
        assertThat(submit.text()).isEqualTo("Ваш код: 1234");
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.providerMessageId()).isEqualTo(accepted.providerMessageId());
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.costKopecks()).isEqualTo(OptionalLong.of(250));
        });
    }

    @Test
    void anUndeliveredReceiptFailsTheMessageAndDecimalIdsStillMatch() {
        smsc.receipts(DeliveryReceiptState.UNDELIV);
        smsc.decimalIdsInReceipts();
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms("Hello"));
        await(() -> !reports.isEmpty());
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.providerMessageId()).isEqualTo(accepted.providerMessageId());
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.detail()).contains("UNDELIV");
        });
        assertThat(smsc.submits().get(0).dataCoding()).isEqualTo((byte) 0); // Latin goes as GSM-7
    }

    @Test
    void aLongCyrillicMessageGoesAsConcatenatedUcs2PartsAndIsDeliveredWhenEveryPartIs() {
        String text = "Поздравляем с днём рождения! ".repeat(6); // 174 characters: 3 parts of 67
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms(text));
        assertThat(accepted.parts()).isEqualTo(3);
        assertThat(accepted.costKopecks()).isEqualTo(OptionalLong.of(750));
        List<LocalSmsc.Submit> parts = smsc.submits();
        assertThat(parts).hasSize(3).allSatisfy(p -> {
            assertThat(p.dataCoding()).isEqualTo((byte) 0x08);
            assertThat(p.esmClass() & 0x40).isEqualTo(0x40); // UDHI
            assertThat(p.message()[0]).isEqualTo((byte) 5);
            assertThat(p.message()[4]).isEqualTo((byte) 3); // total
        });
        assertThat(parts.get(0).message()[3]).isEqualTo(parts.get(2).message()[3]); // one reference
        assertThat(parts.stream().map(p -> (int) p.message()[5]).toList()).containsExactly(1, 2, 3);
        assertThat(parts.stream().map(LocalSmsc.Submit::text).reduce("", String::concat)).isEqualTo(text);
        await(() -> !reports.isEmpty());
        try {
            Thread.sleep(200); // room for a wrong extra report to show up
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.providerMessageId()).isEqualTo(accepted.providerMessageId());
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.costKopecks()).isEqualTo(OptionalLong.of(750));
        });
    }

    @Test
    void oneUndeliveredPartFailsALongMessageOnce() {
        smsc.receipts(DeliveryReceiptState.UNDELIV);
        SendResult.Accepted accepted = (SendResult.Accepted) channel().send(sms("ж".repeat(140)));
        assertThat(accepted.parts()).isEqualTo(3);
        await(() -> !reports.isEmpty());
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED));
    }

    @Test
    void throttlingIsRetryableAfterTheConfiguredWait() {
        smsc.next(LocalSmsc.Next.THROTTLE);
        assertThat(channel().send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class, r -> {
            assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            assertThat(r.maybeDelivered()).isFalse();
            assertThat(r.reason()).contains("0x58").contains("THROTTLED");
        });
        assertThat(channel.send(sms("Hi"))).isInstanceOf(SendResult.Accepted.class);
    }

    @Test
    void aConnectionDroppedMidSubmitMayHaveDeliveredAndTheSessionIsRebound() {
        channel();
        smsc.next(LocalSmsc.Next.DROP_CONNECTION);
        assertThat(channel.send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isTrue());
        assertThat(smsc.submits()).hasSize(1); // the SMSC did take it: a blind resend would double it
        await(() -> smsc.binds() >= 2 && channel.isBound());
        assertThat(channel.send(sms("Hi again"))).isInstanceOf(SendResult.Accepted.class);
    }

    @Test
    void theSessionIsReboundWhenTheSmscDropsIt() {
        channel();
        await(channel::isBound);
        smsc.dropConnections();
        await(() -> smsc.binds() >= 2 && channel.isBound());
        assertThat(channel.send(sms("Hi"))).isInstanceOf(SendResult.Accepted.class);
    }

    @Test
    void aRejectedBindWithBadCredentialsAlertsAnOperator() {
        Map<String, String> keys = Smpp.keys(smsc);
        keys.put("kopilka.smpp.password", "wrong");
        assertThat(channel(keys).send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Permanent.class, p -> {
            assertThat(p.alert()).isTrue();
            assertThat(p.reason()).contains("0x0E").doesNotContain("wrong");
        });
    }

    @Test
    void anUnreachableSmscIsRetryableAndNeverTookTheMessage() {
        Map<String, String> keys = Smpp.keys(smsc);
        smsc.close();
        assertThat(channel(keys).send(sms("Hi"))).isInstanceOfSatisfying(SendResult.Retryable.class,
                r -> assertThat(r.maybeDelivered()).isFalse());
    }
}
