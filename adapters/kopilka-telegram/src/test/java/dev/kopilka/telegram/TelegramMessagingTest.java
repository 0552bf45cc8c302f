package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberRef;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.MessagingEvents;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.FakeChannel;
import dev.kopilka.testkit.SettableClock;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SentMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bot, the cosmetics chain's campaigns and the outbox dispatcher together: the bot's reachability changes
 * reach the dispatcher's cascade and the segments, and registering through the bot grants the preset's rewards
 * whose messages go out on Telegram to the fake Bot API.
 */
class TelegramMessagingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long ANNA = 2002;
    private static final String THANKS = "Спасибо, что подключили бота";

    private final FakeTelegramBotApi fake = FakeTelegramBotApi.start();
    private final SettableClock clock = SettableClock.at("2026-03-02T10:00", "Europe/Moscow");
    private final FakeChannel sms = FakeChannel.sms(clock, 350);
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong receipts = new AtomicLong();
    private Kopilka kopilka;
    private TelegramConnection connection;
    private TelegramBot bot;
    private String payload;

    @BeforeEach
    void start() {
        String[] props = {
            "kopilka.program.zone", "Europe/Moscow",
            "kopilka.earning.delay", "P0D",
            "kopilka.campaigns.preset", "cosmetics-chain",
            "kopilka.campaigns.frequency-cap.messages", "0",
            // control groups are the campaigns' business (CosmeticsChainPresetTest); here every member is treated
            "kopilka.campaigns.telegram-bonus.control-percent", "0",
            "kopilka.campaigns.welcome-points.control-percent", "0",
            "kopilka.campaigns.big-receipt.control-percent", "0",
            "kopilka.checkout.redemption-confirmation.above-points", "500",
            "kopilka.messaging.autostart", "false"};
        connection = TelegramConnection.open(TestSettings.settings(fake, props));
        kopilka = Kopilka.builder(TestSettings.config(fake, props)).store(new InMemoryStore()).clock(clock)
                .listener(events::add)
                .messaging(Messaging.setup().channel(TelegramChannel.on(connection)).channel(sms))
                .build();
        bot = TelegramBot.builder(kopilka, connection).clock(clock).start();
        payload = new StartPayloads(TestSettings.SECRET).payloadFor(new StartPayloads.Place("store-7", "till-2"));
    }

    @AfterEach
    void stop() {
        bot.close();
        kopilka.close();
        connection.close();
        fake.close();
    }

    @Test
    void registeringThroughTheBotGrantsWelcomeAndTelegramPointsAndThanksOnTelegram() {
        Member anna = registerAnnaThroughTheBot();

        assertThat(anna.hasConsent(Consent.TELEGRAM)).isTrue();
        assertThat(kopilka.ledger().lots(kopilka.program(), MemberRef.id(anna.id())).orElseThrow().stream()
                .filter(l -> l.source() == LotSource.CAMPAIGN)).extracting(Lot::points)
                .containsExactlyInAnyOrder(299L, 300L);

        dispatchAll();

        List<OutboxRecord> outbox = kopilka.messaging().ofMember(kopilka.program(), anna.id());
        assertThat(outbox).extracting(r -> r.message().campaignId())
                .containsExactlyInAnyOrder("welcome-points", "telegram-bonus");
        assertThat(outbox).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(OutboxState.SENT);
            assertThat(r.channel()).isEqualTo(Channel.TELEGRAM);
        });
        assertThat(fake.sentTo(ANNA)).extracting(SentMessage::text)
                .anySatisfy(t -> assertThat(t).contains(THANKS).contains("300").contains("599"))
                .anySatisfy(t -> assertThat(t).contains("299 приветственных"));
        assertThat(sms.sends()).isEmpty();
    }

    @Test
    void blockingTheBotSendsTheNextCampaignMessageBySmsAndUnblockingBringsTelegramBack() {
        Member anna = registerAnnaThroughTheBot();
        dispatchAll();
        SegmentRule reachable = kopilka.segments().parse("reachable(telegram)");
        assertThat(kopilka.segments().contains(kopilka.program(), reachable, anna.id())).isTrue();

        fake.userBlocksBot(ANNA, "Анна");
        await(() -> events.stream().anyMatch(e -> e instanceof MessagingEvents.ChannelUnreachable));
        assertThat(kopilka.segments().contains(kopilka.program(), reachable, anna.id())).isFalse();

        // blocked, and no SMS consent: the campaign message has nowhere to go, and nothing is sent to Telegram
        int telegramBefore = fake.sentTo(ANNA).size();
        OutboxRecord nowhere = bigReceiptMessage(anna);
        assertThat(nowhere.state()).isEqualTo(OutboxState.UNDELIVERABLE);
        assertThat(fake.sentTo(ANNA)).hasSize(telegramBefore);

        // with SMS consent the cascade falls back to the paid channel
        kopilka.members().setConsent(kopilka.program(), MemberRef.id(anna.id()), Consent.SMS_MARKETING, true)
                .orElseThrow();
        OutboxRecord bySms = bigReceiptMessage(anna);
        assertThat(bySms.state()).isEqualTo(OutboxState.SENT);
        assertThat(bySms.channel()).isEqualTo(Channel.SMS);
        assertThat(sms.sends()).hasSize(1);
        assertThat(fake.sentTo(ANNA)).hasSize(telegramBefore);

        fake.userUnblocksBot(ANNA, "Анна");
        await(() -> events.stream().anyMatch(e -> e instanceof MessagingEvents.ChannelReachable));
        assertThat(kopilka.segments().contains(kopilka.program(), reachable, anna.id())).isTrue();

        OutboxRecord byTelegram = bigReceiptMessage(anna);
        assertThat(byTelegram.state()).isEqualTo(OutboxState.SENT);
        assertThat(byTelegram.channel()).isEqualTo(Channel.TELEGRAM);
        assertThat(sms.sends()).hasSize(1);
        assertThat(fake.sentTo(ANNA)).hasSize(telegramBefore + 1);
        assertThat(fake.sentTo(ANNA).get(telegramBefore).text()).contains("3000");
    }

    @Test
    void stopMarksTheMemberUnreachableThroughMessagingAndStartRestoresIt() {
        Member anna = registerAnnaThroughTheBot();
        SegmentRule reachable = kopilka.segments().parse("reachable(telegram)");

        fake.userSendsText(ANNA, "Анна", "/stop");
        await(() -> events.stream().anyMatch(e -> e instanceof MessagingEvents.ChannelUnreachable u
                && "stop".equals(u.reason())));
        assertThat(kopilka.segments().contains(kopilka.program(), reachable, anna.id())).isFalse();

        fake.userStarts(ANNA, "Анна", null);
        await(() -> events.stream().anyMatch(e -> e instanceof MessagingEvents.ChannelReachable));
        assertThat(kopilka.segments().contains(kopilka.program(), reachable, anna.id())).isTrue();
    }

    @Test
    void theRedemptionCodeGoesToTelegramAndBySmsOnceTheBotIsBlocked() {
        Member anna = registerAnnaThroughTheBot();
        dispatchAll();
        kopilka.ledger().grant(kopilka.program(), MemberRef.id(anna.id()),
                dev.kopilka.ledger.Grant.of(5_000, LotSource.MANUAL, "gift")).orElseThrow();

        assertThat(kopilka.checkout().purchase(kopilka.program(), "c1", spending(anna, 1_000)).refusal())
                .isInstanceOf(dev.kopilka.Refusal.ConfirmationRequired.class);
        dispatchAll();
        List<SentMessage> toAnna = fake.sentTo(ANNA);
        String code = codeIn(toAnna.get(toAnna.size() - 1).text());
        assertThat(kopilka.checkout().purchase(kopilka.program(), "c1", spending(anna, 1_000)
                .withConfirmationCode(code)).orElseThrow().calculation().pointsApplied()).isEqualTo(1_000);
        assertThat(sms.sends()).isEmpty();

        fake.userBlocksBot(ANNA, "Анна");
        await(() -> events.stream().anyMatch(e -> e instanceof MessagingEvents.ChannelUnreachable));
        int telegramBefore = fake.sentTo(ANNA).size();
        assertThat(kopilka.checkout().purchase(kopilka.program(), "c2", spending(anna, 1_000)).refusal())
                .isInstanceOf(dev.kopilka.Refusal.ConfirmationRequired.class);
        dispatchAll();
        assertThat(fake.sentTo(ANNA)).hasSize(telegramBefore);
        assertThat(sms.sends()).singleElement().satisfies(send -> assertThat(send.message().text()).contains("1000"));
        String bySms = codeIn(sms.sends().get(0).message().text());
        assertThat(kopilka.checkout().purchase(kopilka.program(), "c2", spending(anna, 1_000)
                .withConfirmationCode(bySms)).orElseThrow().calculation().pointsApplied()).isEqualTo(1_000);
    }

    private static PurchaseRequest spending(Member member, long points) {
        return PurchaseRequest.of(MemberRef.id(member.id()), "store-7", List.of(Line.of("1", "SKU-1", 1, 1_000_000)))
                .withPoints(dev.kopilka.checkout.PointsToApply.exactly(points));
    }

    private static String codeIn(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(\\d{6})\\b").matcher(text);
        assertThat(m.find()).as("a 6-digit code in: " + text).isTrue();
        return m.group(1);
    }

    /** A 10,000 RUB purchase: the big-receipt campaign enqueues a message; one dispatch round; its record. */
    private OutboxRecord bigReceiptMessage(Member member) {
        String txid = "r" + receipts.incrementAndGet();
        java.util.Set<String> before = bigReceiptRecords(member).stream().map(r -> r.message().id())
                .collect(java.util.stream.Collectors.toSet());
        kopilka.checkout().purchase(kopilka.program(), txid, PurchaseRequest.of(MemberRef.id(member.id()), "store-7",
                List.of(Line.of("1", "SKU-1", 1, 1_000_000)))).orElseThrow();
        dispatchAll();
        return bigReceiptRecords(member).stream().filter(r -> !before.contains(r.message().id()))
                .findFirst().orElseThrow(() -> new AssertionError("no big-receipt message for " + txid + ": "
                        + kopilka.messaging().ofMember(kopilka.program(), member.id())));
    }

    /** Dispatch rounds a few simulated seconds apart: Telegram allows one message per second to a chat. */
    private void dispatchAll() {
        for (int i = 0; i < 4; i++) {
            kopilka.messaging().dispatchOnce();
            clock.advance(Duration.ofSeconds(2));
        }
    }

    private List<OutboxRecord> bigReceiptRecords(Member member) {
        return kopilka.messaging().ofMember(kopilka.program(), member.id()).stream()
                .filter(r -> "big-receipt".equals(r.message().campaignId())).toList();
    }

    private Member registerAnnaThroughTheBot() {
        fake.userStarts(ANNA, "Анна", payload);
        await(() -> fake.sentTo(ANNA).size() >= 1);
        fake.userSendsContact(ANNA, "Анна", "79991112233", ANNA);
        await(() -> fake.sentTo(ANNA).size() >= 2);
        return kopilka.members().find(kopilka.program(), MemberRef.telegramUser(ANNA)).orElseThrow();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
