package dev.kopilka.sms.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.ProgramId;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryReport;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.sms.Gateways;
import dev.kopilka.sms.gateway.SmsRuChannel;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.telegram.TelegramChannel;
import dev.kopilka.telegram.TelegramSettings;
import dev.kopilka.testkit.sms.FakeSmsRu;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cascade end to end with the outbox, as a shop runs it: the member blocked the bot (Telegram answers 403),
 * the dispatcher marks them unreachable on Telegram and re-routes to SMS.ru, the send's estimated cost (price per
 * segment) lands on the outbox message, then the delivery report arrives (callback, then the poll with the real
 * charge) and replaces the estimate. Runs on the in-memory store and on JdbcStore (H2; PostgreSQL when
 * {@code KOPILKA_PG_URL} is set).
 */
class TelegramBlockedThenSmsTest {

    enum Store { MEMORY, H2, POSTGRESQL }

    static final long CHAT = 424_242L;

    final FakeTelegramBotApi telegramApi = FakeTelegramBotApi.start();
    final FakeSmsRu smsRu = FakeSmsRu.start();
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        telegramApi.close();
        smsRu.close();
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void blockedOnTelegramTheMessageGoesBySmsAndItsCostIsRecorded(Store kind) throws Exception {
        String program = "cascade-" + UUID.randomUUID();
        ProgramId id = ProgramId.of(program);
        Map<String, String> keys = keys(program, kind);
        KopilkaStore store = store(kind, keys);
        SmsRuChannel sms = Gateways.open(keys, Clock.systemUTC(), SmsRuChannel.class);
        TelegramChannel telegram = TelegramChannel.create(TelegramSettings.from(KopilkaConfig.fromMap(keys), n -> null));
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(keys)).store(store)
                .messaging(Messaging.setup().channel(telegram).channel(sms)).build();
        toClose.add(kopilka);
        Messaging messaging = kopilka.messaging();

        MemberId member = MemberId.of("m-" + UUID.randomUUID());
        Instant now = Instant.now();
        store.inTransaction(id, tx -> {
            tx.members().insert(new Member(member, "+79991234567", null, null, "Анна", null, null, now, null,
                    EnumSet.of(Consent.TELEGRAM, Consent.SMS_MARKETING), false, null, CHAT, 0));
            return null;
        });
        telegramApi.chatBlocksBot(CHAT);

        messaging.enqueue(id, List.of(message("first", member, now)));
        messaging.dispatchOnce();

        OutboxRecord sent = messaging.message(id, "first").orElseThrow();
        assertThat(sent.state()).isEqualTo(OutboxState.SENT);
        assertThat(sent.channel()).isEqualTo(Channel.SMS);
        assertThat(sent.parts()).isEqualTo(1);
        assertThat(sent.costKopecks()).as("estimate: 1 segment x 3.00 RUB").isEqualTo(300L);
        assertThat(sent.providerMessageId()).isNotBlank();
        assertThat(smsRu.lastSend()).containsEntry("to", "79991234567");
        assertThat(smsRu.lastText()).isEqualTo("Скидка 20% до воскресенья");
        assertThat(telegramApi.sent()).as("Telegram accepted nothing").isEmpty();
        Set<Channel> unreachable = store.inTransaction(id, tx -> tx.outbox().unreachableChannels(member));
        assertThat(unreachable).containsExactly(Channel.TELEGRAM);

        // A later message goes straight to SMS: Telegram is not asked again.
        int telegramAsked = telegramApi.sendsReceived();
        messaging.enqueue(id, List.of(message("second", member, now)));
        messaging.dispatchOnce();
        assertThat(messaging.message(id, "second").orElseThrow().channel()).isEqualTo(Channel.SMS);
        assertThat(telegramApi.sendsReceived()).isEqualTo(telegramAsked);

        // The callback says delivered (no charge in it); the estimate stays until the poll brings the real charge.
        String smsId = sent.providerMessageId();
        assertThat(sms.handleCallback(FakeSmsRu.callbackBody(smsId, 103, now.getEpochSecond())))
                .isEqualTo(SmsRuChannel.CALLBACK_ACK);
        OutboxRecord delivered = messaging.message(id, "first").orElseThrow();
        assertThat(delivered.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivered.costKopecks()).isEqualTo(300L);

        smsRu.status(smsId, 103, "2.55");
        sms.pollStatuses();
        OutboxRecord charged = messaging.message(id, "first").orElseThrow();
        assertThat(charged.costKopecks()).as("the real charge replaces the estimate").isEqualTo(255L);
        assertThat(charged.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(charged.state()).isEqualTo(OutboxState.SENT);

        // The same final report again (a repeated callback or poll) changes nothing, not even the update time.
        messaging.deliveryReports().report(new DeliveryReport(Channel.SMS, smsId, DeliveryStatus.DELIVERED,
                OptionalLong.of(255), Instant.now(), "again"));
        assertThat(messaging.message(id, "first").orElseThrow()).isEqualTo(charged);
        // A late "still pending" never undoes a final status.
        messaging.deliveryReports().report(new DeliveryReport(Channel.SMS, smsId, DeliveryStatus.PENDING,
                OptionalLong.empty(), Instant.now(), "late"));
        assertThat(messaging.message(id, "first").orElseThrow().deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void afterARestartTheSmsChannelWatchesPendingReportsAgain(Store kind) throws Exception {
        String program = "restart-" + UUID.randomUUID();
        ProgramId id = ProgramId.of(program);
        Map<String, String> keys = keys(program, kind);
        KopilkaStore store = store(kind, keys);
        MemberId member = MemberId.of("m-" + UUID.randomUUID());
        Instant now = Instant.now();
        store.inTransaction(id, tx -> {
            tx.members().insert(new Member(member, "+79991234567", null, null, "Борис", null, null, now, null,
                    EnumSet.of(Consent.SMS_MARKETING), false, null, null, 0));
            return null;
        });
        SmsRuChannel before = Gateways.open(keys, Clock.systemUTC(), SmsRuChannel.class);
        Kopilka first = Kopilka.builder(KopilkaConfig.fromMap(keys)).store(store)
                .messaging(Messaging.setup().channel(before)).build();
        first.messaging().enqueue(id, List.of(message("before-restart", member, now)));
        first.messaging().dispatchOnce();
        String smsId = first.messaging().message(id, "before-restart").orElseThrow().providerMessageId();
        assertThat(smsId).isNotBlank();
        first.messaging().close(); // the process stops before any report came: the channel's watch list is gone

        SmsRuChannel after = Gateways.open(keys, Clock.systemUTC(), SmsRuChannel.class);
        Kopilka second = Kopilka.builder(KopilkaConfig.fromMap(keys)).store(store)
                .messaging(Messaging.setup().channel(after)).build();
        toClose.add(second);
        assertThat(after.awaitingStatus()).isEmpty();
        second.messaging().dispatchOnce();
        assertThat(after.awaitingStatus()).containsExactly(smsId);

        smsRu.status(smsId, 103, "2.55");
        after.pollStatuses();
        OutboxRecord r = second.messaging().message(id, "before-restart").orElseThrow();
        assertThat(r.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(r.costKopecks()).isEqualTo(255L);
        assertThat(after.awaitingStatus()).isEmpty();
    }

    /**
     * SMS.ru takes no client reference, so a timeout after the request was written may hide a sent SMS: a marketing
     * message then ends UNKNOWN and is not sent again (a duplicate paid SMS is worse than a missed offer), while a
     * transactional one is retried (resend-unknown.transactional=true by default).
     */
    @org.junit.jupiter.api.Test
    void aMaybeDeliveredSmsIsNotBlindlyResentWhenItIsMarketing() throws Exception {
        String program = "ambiguous-" + UUID.randomUUID();
        ProgramId id = ProgramId.of(program);
        Map<String, String> keys = keys(program, Store.MEMORY);
        keys.put("kopilka.sms.timeout", "PT0.5S");
        KopilkaStore store = store(Store.MEMORY, keys);
        MemberId member = MemberId.of("m-1");
        Instant now = Instant.now();
        store.inTransaction(id, tx -> {
            tx.members().insert(new Member(member, "+79991234567", null, null, "Вера", null, null, now, null,
                    EnumSet.of(Consent.SMS_MARKETING), false, null, null, 0));
            return null;
        });
        SmsRuChannel sms = Gateways.open(keys, Clock.systemUTC(), SmsRuChannel.class);
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(keys)).store(store)
                .messaging(Messaging.setup().channel(sms)).build();
        toClose.add(kopilka);
        Messaging messaging = kopilka.messaging();

        smsRu.timeOutNext();
        messaging.enqueue(id, List.of(message("offer", member, now)));
        messaging.dispatchOnce();
        OutboxRecord offer = messaging.message(id, "offer").orElseThrow();
        assertThat(offer.state()).isEqualTo(OutboxState.UNKNOWN);
        assertThat(offer.lastError()).contains("may have been delivered");
        int asked = smsRu.sendsReceived();
        messaging.dispatchOnce();
        assertThat(smsRu.sendsReceived()).as("not sent again").isEqualTo(asked);

        smsRu.timeOutNext();
        messaging.enqueue(id, List.of(new OutboxMessage("receipt", member, "receipt:1", MessagePurpose.TRANSACTIONAL,
                null, "Начислено 120 баллов", now, now, null)));
        messaging.dispatchOnce();
        OutboxRecord receipt = messaging.message(id, "receipt").orElseThrow();
        assertThat(receipt.state()).as("a transactional message is retried").isEqualTo(OutboxState.FAILED);
    }

    private static OutboxMessage message(String messageId, MemberId member, Instant now) {
        return new OutboxMessage(messageId, member, "sale:" + messageId, MessagePurpose.MARKETING, "sale",
                "Скидка 20% до воскресенья", now, now, null);
    }

    private Map<String, String> keys(String program, Store kind) {
        Map<String, String> keys = Gateways.base("smsru", smsRu.url());
        keys.put(SmsRuChannel.API_ID, FakeSmsRu.API_ID);
        keys.put("kopilka.sms.price-per-segment", "3.00");
        keys.put("kopilka.program.id", program);
        keys.put("kopilka.messaging.autostart", "false");
        keys.put("kopilka.telegram.program-name", "Инструменты");
        keys.put("kopilka.telegram.token", telegramApi.token());
        keys.put("kopilka.telegram.base-url", telegramApi.baseUrl());
        keys.put("kopilka.telegram.bot-username", "kopilka_test_bot");
        keys.put("kopilka.telegram.qr.secret", "0123456789abcdef0123456789abcdef-test");
        keys.put("kopilka.telegram.send-timeout", "PT2S");
        switch (kind) {
            case MEMORY -> { }
            case H2 -> keys.put("kopilka.jdbc.url", "jdbc:h2:mem:cascade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            case POSTGRESQL -> {
                String url = System.getenv("KOPILKA_PG_URL");
                Assumptions.assumeTrue(url != null && !url.isBlank(), "KOPILKA_PG_URL not set");
                keys.put("kopilka.jdbc.url", url);
                keys.put("kopilka.jdbc.user", System.getenv().getOrDefault("KOPILKA_PG_USER", "postgres"));
                keys.put("kopilka.jdbc.pool-size", "4");
            }
        }
        return keys;
    }

    private KopilkaStore store(Store kind, Map<String, String> keys) {
        if (kind == Store.MEMORY) {
            return new InMemoryStore();
        }
        JdbcStore store = JdbcStore.fromConfig(KopilkaConfig.fromMap(keys));
        toClose.add(store);
        return store;
    }
}
