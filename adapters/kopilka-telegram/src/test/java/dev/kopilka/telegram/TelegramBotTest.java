package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberEvents;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.MessagingEvents;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi.SentMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bot against the fake Bot API, end to end through long polling. */
class TelegramBotTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long ANNA = 1001;
    private static final long MALLORY = 6666;

    private final FakeTelegramBotApi fake = FakeTelegramBotApi.start();
    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final List<DomainEvent> reachability = new CopyOnWriteArrayList<>();
    private Kopilka kopilka;
    private TelegramConnection connection;
    private TelegramBot bot;
    private String payload;

    @BeforeEach
    void start() {
        TelegramSettings settings = TestSettings.settings(fake);
        kopilka = Kopilka.builder(TestSettings.config(fake)).store(new InMemoryStore()).listener(events::add).build();
        // what the "move to Telegram" campaign does: 300 points for connecting the bot
        kopilka.subscribe(e -> {
            if (e instanceof MemberEvents.TelegramLinked linked) {
                kopilka.ledger().grant(linked.program(), MemberRef.id(linked.member()),
                        Grant.of(300, LotSource.CAMPAIGN, "telegram-300-" + linked.member()));
            }
        });
        connection = TelegramConnection.open(settings);
        bot = TelegramBot.builder(kopilka, connection).reachability(reachability::add).start();
        payload = new StartPayloads(TestSettings.SECRET).payloadFor(new StartPayloads.Place("store-7", "till-2"));
    }

    @AfterEach
    void stop() {
        bot.close();
        connection.close();
        kopilka.close();
        fake.close();
    }

    private SentMessage nextReply(long chat, int index) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<SentMessage> sent = fake.sentTo(chat);
            if (sent.size() > index) {
                return sent.get(index);
            }
            sleep(20);
        }
        throw new AssertionError("no reply #" + (index + 1) + " to chat " + chat + "; sent: " + fake.sent());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Member registerAnnaThroughTheBot() {
        fake.userStarts(ANNA, "Анна", payload);
        nextReply(ANNA, 0);
        fake.userSendsContact(ANNA, "Анна", "79991234567", ANNA);
        nextReply(ANNA, 1);
        return kopilka.members().find(kopilka.program(), MemberRef.telegramUser(ANNA)).orElseThrow();
    }

    @Test
    void aCustomerScansTheTillQrSharesThePhoneAndIsRegisteredLinkedAndRewarded() {
        fake.userStarts(ANNA, "Анна", payload);
        SentMessage greeting = nextReply(ANNA, 0);
        assertThat(greeting.text()).contains("Анна").contains("Инструменты").contains("поделитесь номером");
        assertThat(greeting.replyMarkup()).contains("\"request_contact\":true");

        fake.userSendsContact(ANNA, "Анна", "79991234567", ANNA);
        SentMessage done = nextReply(ANNA, 1);

        Member anna = kopilka.members().find(kopilka.program(), MemberRef.telegramUser(ANNA)).orElseThrow();
        assertThat(anna.phone()).isEqualTo("+79991234567");
        assertThat(anna.homeStore()).isEqualTo("store-7");
        assertThat(anna.name()).isEqualTo("Анна");
        assertThat(anna.hasConsent(Consent.TELEGRAM)).isTrue();
        assertThat(events).filteredOn(MemberEvents.MemberRegistered.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(MemberEvents.TelegramLinked.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((MemberEvents.TelegramLinked) e).telegramUserId()).isEqualTo(ANNA));
        assertThat(done.text()).startsWith("Готово, вы в программе «Инструменты»!").contains("Доступно: 300 бонусов");
        assertThat(done.replyMarkup()).contains("💰 Баланс");

        fake.userSendsText(ANNA, "Анна", "💰 Баланс");
        assertThat(nextReply(ANNA, 2).text()).isEqualTo("Доступно: 300 бонусов.");
    }

    @Test
    void someoneElsesContactIsRefusedAndNobodyIsRegistered() {
        fake.userStarts(MALLORY, "Mallory", payload);
        nextReply(MALLORY, 0);
        fake.userSendsContact(MALLORY, "Анна", "+79991234567", ANNA);
        assertThat(nextReply(MALLORY, 1).text()).contains("только ваш собственный номер");
        fake.userSendsContact(MALLORY, "Анна", "+79991234567", null);
        assertThat(nextReply(MALLORY, 2).text()).contains("только ваш собственный номер");
        fake.userForwardsContact(MALLORY, "Mallory", "+79990000000", MALLORY);
        assertThat(nextReply(MALLORY, 3).text()).contains("только ваш собственный номер");

        assertThat(kopilka.members().count(kopilka.program())).isZero();
        assertThat(events).noneMatch(e -> e instanceof MemberEvents.TelegramLinked);
    }

    @Test
    void aContactSharedInAGroupChatIsRefusedThereAndRegistersNobody() {
        long group = -100_555L;
        fake.userStarts(ANNA, "Анна", payload);
        nextReply(ANNA, 0);
        fake.userSendsContactInGroup(ANNA, "Анна", "+79991234567", group); // her own contact, but not in private
        assertThat(nextReply(group, 0).text()).contains("только ваш собственный номер");

        assertThat(kopilka.members().count(kopilka.program())).isZero();
        assertThat(events).noneMatch(e -> e instanceof MemberEvents.MemberRegistered)
                .noneMatch(e -> e instanceof MemberEvents.TelegramLinked);
        assertThat(fake.sentTo(ANNA)).hasSize(1); // only the greeting: nothing was answered in private
    }

    @Test
    void anExistingMemberIsFoundByPhoneAndLinkedNotDuplicated() {
        Member existing = kopilka.members().register(kopilka.program(),
                Registration.withPhone("8 (999) 123-45-67").card("2000000000017").homeStore("store-1")).orElseThrow();
        events.clear();

        Member linked = registerAnnaThroughTheBot();

        assertThat(linked.id()).isEqualTo(existing.id());
        assertThat(linked.homeStore()).isEqualTo("store-1");
        assertThat(kopilka.members().count(kopilka.program())).isEqualTo(1);
        assertThat(events).noneMatch(e -> e instanceof MemberEvents.MemberRegistered);
        assertThat(events).anyMatch(e -> e instanceof MemberEvents.TelegramLinked);
        assertThat(fake.sentTo(ANNA).get(1).text()).contains("Нашли вашу карту по номеру +79991234567");

        // the same contact again (a double tap): still one member, no second link
        fake.userSendsContact(ANNA, "Анна", "+79991234567", ANNA);
        assertThat(nextReply(ANNA, 2).text()).startsWith("С возвращением");
        assertThat(kopilka.members().count(kopilka.program())).isEqualTo(1);
        assertThat(events).filteredOn(MemberEvents.TelegramLinked.class::isInstance).hasSize(1);
    }

    @Test
    void aPhoneLinkedToAnotherTelegramAccountIsNotTakenOver() {
        registerAnnaThroughTheBot();
        fake.userStarts(MALLORY, "Mallory", null);
        nextReply(MALLORY, 0);
        // Mallory's own Telegram account carries Anna's old number
        fake.userSendsContact(MALLORY, "Mallory", "+79991234567", MALLORY);
        assertThat(nextReply(MALLORY, 1).text()).contains("уже привязана к другому аккаунту");
        assertThat(kopilka.members().find(kopilka.program(), MemberRef.telegramUser(MALLORY))).isEmpty();
    }

    @Test
    void theMenuShowsHistoryCardBirthdayOnceAndNotificationSettings() {
        registerAnnaThroughTheBot();
        fake.userSendsText(ANNA, "Анна", "🧾 История");
        assertThat(nextReply(ANNA, 2).text()).contains("Последние операции").contains("+300").contains("подарок");

        fake.userSendsText(ANNA, "Анна", "💳 Моя карта");
        SentMessage card = nextReply(ANNA, 3);
        assertThat(card.method()).isEqualTo("sendPhoto");
        assertThat(card.photoBytes()).isGreaterThan(100);
        assertThat(card.text()).contains("+79991234567");

        fake.userSendsText(ANNA, "Анна", "🎂 День рождения");
        assertThat(nextReply(ANNA, 4).text()).contains("ДД.ММ.ГГГГ");
        fake.userSendsText(ANNA, "Анна", "31.02.1990");
        assertThat(nextReply(ANNA, 5).text()).contains("Не получилось понять дату");
        fake.userSendsText(ANNA, "Анна", "25.03.1990");
        assertThat(nextReply(ANNA, 6).text()).contains("25.03.1990 сохранена");
        fake.userSendsText(ANNA, "Анна", "🎂 День рождения");
        assertThat(nextReply(ANNA, 7).text()).contains("уже указана: 25.03.1990");
        assertThat(kopilka.members().find(kopilka.program(), MemberRef.telegramUser(ANNA)).orElseThrow().birthday())
                .isEqualTo(LocalDate.of(1990, 3, 25));

        fake.userSendsText(ANNA, "Анна", "🔔 Уведомления");
        assertThat(nextReply(ANNA, 8).text()).contains("в Telegram: включены").contains("SMS-рассылки: выключены");
        fake.userSendsText(ANNA, "Анна", "🔕 Выключить акции в Telegram");
        assertThat(nextReply(ANNA, 9).text()).contains("в Telegram: выключены");
        assertThat(kopilka.members().find(kopilka.program(), MemberRef.telegramUser(ANNA)).orElseThrow()
                .hasConsent(Consent.TELEGRAM)).isFalse();

        fake.userSendsText(ANNA, "Анна", "🎟 Мои промокоды");
        assertThat(nextReply(ANNA, 10).text()).isEqualTo("Личных промокодов сейчас нет.");
    }

    @Test
    void stopAndBlockingTheBotMakeTheMemberUnreachable() {
        Member anna = registerAnnaThroughTheBot();
        fake.userSendsText(ANNA, "Анна", "/stop");
        assertThat(nextReply(ANNA, 2).text()).contains("отписались");
        assertThat(kopilka.members().find(kopilka.program(), MemberRef.telegramUser(ANNA)).orElseThrow()
                .hasConsent(Consent.TELEGRAM)).isFalse();

        fake.userBlocksBot(ANNA, "Анна");
        fake.userUnblocksBot(ANNA, "Анна");
        fake.awaitUpdatesConsumed(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reachability.size() < 3 && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(reachability).hasSize(3);
        assertThat(reachability.get(0)).isInstanceOfSatisfying(MessagingEvents.ChannelUnreachable.class,
                e -> assertThat(e.reason()).isEqualTo("stop"));
        assertThat(reachability.get(1)).isInstanceOfSatisfying(MessagingEvents.ChannelUnreachable.class,
                e -> assertThat(e.member()).isEqualTo(anna.id()));
        assertThat(reachability.get(2)).isInstanceOf(MessagingEvents.ChannelReachable.class);
    }

    @Test
    void pollingSurvivesServerErrorsAConflictAndAFailingUpdate() {
        fake.failPolls(3, 502).failPolls(1, 409);
        fake.userStarts(ANNA, "Анна", payload);
        nextReply(ANNA, 0);

        // a contact without a phone number makes the handler throw
        fake.queueRawUpdate("{\"message\":{\"message_id\":99,\"date\":1700000000,"
                + "\"chat\":{\"id\":" + ANNA + ",\"type\":\"private\"},"
                + "\"from\":{\"id\":" + ANNA + ",\"is_bot\":false,\"first_name\":\"Анна\"},"
                + "\"contact\":{\"first_name\":\"Анна\",\"user_id\":" + ANNA + "}}}");
        fake.userSendsContact(ANNA, "Анна", "79991234567", ANNA);

        // the failing update is answered too (the error text), then the contact registers Anna
        assertThat(nextReply(ANNA, 1).text()).isEqualTo("Что-то пошло не так. Попробуйте, пожалуйста, позже.");
        assertThat(nextReply(ANNA, 2).text()).startsWith("Готово");
        assertThat(bot.failedUpdates()).isEqualTo(1);
    }

    @Test
    void theWatchdogRestartsAPollThatHangs() {
        fake.userStarts(ANNA, "Анна", payload);
        nextReply(ANNA, 0);
        fake.stallNextPoll(Duration.ofSeconds(30));
        sleep(1500);
        fake.userSendsText(ANNA, "Анна", "/menu");
        // restart-when-quiet is 5 s in the test settings; the hung poll would otherwise hold for 16 s
        SentMessage reply = nextReply(ANNA, 1);
        assertThat(reply.text()).contains("поделитесь номером");
        assertThat(bot.restarts()).isGreaterThanOrEqualTo(1);
    }
}
