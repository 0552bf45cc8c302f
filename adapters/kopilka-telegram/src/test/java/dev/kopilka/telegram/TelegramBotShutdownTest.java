package dev.kopilka.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TelegramBotShutdownTest {

    @Test
    void closingTheBotAndTheConnectionLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (FakeTelegramBotApi fake = FakeTelegramBotApi.start();
                Kopilka kopilka = Kopilka.builder(TestSettings.config(fake)).store(new InMemoryStore()).build()) {
            TelegramConnection connection = TelegramConnection.open(TestSettings.settings(fake));
            TelegramBot bot = TelegramBot.builder(kopilka, connection).start();
            TelegramChannel channel = TelegramChannel.on(connection);
            fake.userStarts(5, "Ann", null);
            fake.awaitSent(1, Duration.ofSeconds(10));
            // a long poll is in flight right now: close must not wait it out
            long start = System.nanoTime();
            bot.close();
            channel.close();
            connection.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Set<String> leftovers;
        do {
            Thread.sleep(50);
            leftovers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .filter(t -> !t.isDaemon() || t.getName().startsWith("kopilka-telegram"))
                    .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                    .collect(Collectors.toSet());
        } while (!leftovers.isEmpty() && System.nanoTime() < deadline);
        assertThat(leftovers).isEmpty();
    }
}
