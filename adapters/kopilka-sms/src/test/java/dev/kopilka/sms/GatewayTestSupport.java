package dev.kopilka.sms;

import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Messages and a report recorder for gateway tests. */
public final class GatewayTestSupport {

    private static final AtomicInteger REFS = new AtomicInteger();

    private GatewayTestSupport() {
    }

    public static OutboundMessage sms(String phone, String text) {
        return new OutboundMessage("ref-" + REFS.incrementAndGet(), MemberId.of("m-1"), null, phone, text,
                MessagePurpose.MARKETING);
    }

    public static OutboundMessage sms(String text) {
        return sms("8 (999) 123-45-67", text);
    }

    /** Collects delivery reports. */
    public static final class Reports implements dev.kopilka.messaging.DeliveryReports {
        public final List<DeliveryReport> received = new CopyOnWriteArrayList<>();

        @Override
        public void report(DeliveryReport report) {
            received.add(report);
        }
    }
}
