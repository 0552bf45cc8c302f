package dev.kopilka.demo.cli;

import dev.kopilka.Kopilka;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.telegram.StartPayloads;
import dev.kopilka.telegram.TelegramBot;
import dev.kopilka.telegram.TelegramConnection;
import dev.kopilka.telegram.TelegramSettings;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Registrations at the till through the Telegram QR flow, for real: the customer scans the store's code
 * (a {@code /start} with the signed payload), shares the phone, and the loyalty bot — polling the testkit's
 * fake Bot API over HTTP — registers and links the member. One at a time, waiting for the bot's answer, so a
 * simulation stays deterministic.
 */
final class TelegramRegistrations implements AutoCloseable {

    /** Signs the simulation's QR payloads; never used outside the simulation. */
    private static final String SECRET = "kopilka-demo-simulation-qr-secret-0123456789";
    /**
     * For a bot that neither answers nor reports a failure: stuck. The bot waits out rate limits and resends what
     * Telegram surely did not take; a reply or update that fails for good is counted at once (its failure counters),
     * so a failure ends the wait without running this down.
     */
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The bot could not answer a customer (a failed update or reply, logged by the bot) or is stuck. */
    static final class NoAnswer extends RuntimeException {
        NoAnswer(String message) {
            super(message);
        }
    }

    private final FakeTelegramBotApi api;
    private final TelegramConnection connection;
    private final TelegramBot bot;
    private final StartPayloads payloads = new StartPayloads(SECRET);
    private final Kopilka kopilka;
    private int count;

    private TelegramRegistrations(FakeTelegramBotApi api, TelegramConnection connection, TelegramBot bot,
            Kopilka kopilka) {
        this.api = api;
        this.connection = connection;
        this.bot = bot;
        this.kopilka = kopilka;
    }

    /** The fake Bot API, a connection to it and the bot, with the settings of {@code program}'s bot name. */
    static TelegramRegistrations start(Kopilka kopilka, KopilkaConfig program, Clock clock) {
        // short poll holds: the simulation waits for each answer, so a held poll is time lost
        FakeTelegramBotApi api = FakeTelegramBotApi.start().enforceLimits(false).maxPollHold(Duration.ofMillis(10));
        Map<String, String> values = new HashMap<>();
        for (String key : program.keys()) {
            if (key.startsWith("kopilka.telegram.")) {
                values.put(key, program.get(key));
            }
        }
        values.put("kopilka.program.id", kopilka.program().toString());
        values.put(TelegramSettings.TOKEN, api.token());
        values.put("kopilka.telegram.base-url", api.baseUrl());
        values.putIfAbsent("kopilka.telegram.bot-username", QrCommand.DEMO_BOT);
        values.put("kopilka.telegram.qr.secret", SECRET);
        values.put("kopilka.telegram.rate.per-chat-interval", "PT0.001S");
        values.put("kopilka.telegram.polling.timeout", "PT1S");
        TelegramSettings settings = TelegramSettings.from(KopilkaConfig.fromMap(values), name -> null);
        TelegramConnection connection = TelegramConnection.open(settings);
        TelegramBot bot = TelegramBot.builder(kopilka, connection).clock(clock).start();
        return new TelegramRegistrations(api, connection, bot, kopilka);
    }

    /** Scans the store's QR code, shares the phone; returns the member the bot registered. */
    MemberId register(long telegramUserId, String firstName, String phone, String store) {
        int before = api.sentTo(telegramUserId).size();
        long failures = failures();
        api.userStarts(telegramUserId, firstName, payloads.payloadFor(new StartPayloads.Place(store, null)));
        awaitReplies(telegramUserId, before + 1, failures);
        failures = failures();
        api.userSendsContact(telegramUserId, firstName, phone.replace("+", ""), telegramUserId);
        awaitReplies(telegramUserId, before + 2, failures);
        MemberId member = kopilka.members().find(kopilka.program(), MemberRef.telegramUser(telegramUserId))
                .orElseThrow(() -> new NoAnswer("the bot answered chat " + telegramUserId + " but registered nobody"))
                .id();
        count++;
        return member;
    }

    private long failures() {
        return bot.failedUpdates() + bot.failedReplies();
    }

    int count() {
        return count;
    }

    private void awaitReplies(long chat, int replies, long failuresBefore) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.sentTo(chat).size() < replies) {
            if (failures() > failuresBefore) {
                throw new NoAnswer("the bot could not answer chat " + chat + ": " + bot.failedUpdates()
                        + " failed updates, " + bot.failedReplies() + " failed replies so far (see its log)");
            }
            if (System.nanoTime() > deadline) {
                throw new NoAnswer("the bot did not answer chat " + chat + " within " + WAIT
                        + "; handled " + bot.handledUpdates() + ", failed " + bot.failedUpdates());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the bot", e);
            }
        }
    }

    @Override
    public void close() {
        bot.close();
        connection.close();
        api.close();
    }
}
