package dev.kopilka.benchmarks;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.telegram.TelegramChannel;
import dev.kopilka.telegram.TelegramSettings;
import dev.kopilka.testkit.telegram.FakeTelegramBotApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How close the Telegram channel's limiter gets to the configured rate: sends {@code messages} to distinct chats
 * from {@code threads} dispatcher threads into the loopback fake Bot API (which answers 429 to anything over
 * Telegram's limits) and prints the achieved messages per second against the limit, the busiest second, and
 * the fake's 429 count. A broadcast of N members takes N / achieved seconds.
 *
 * <pre>
 * java -cp examples/kopilka-benchmarks/target/benchmarks.jar dev.kopilka.benchmarks.TelegramThroughputScenario 900 8 30
 * </pre>
 */
public final class TelegramThroughputScenario {

    private TelegramThroughputScenario() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 900;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        try (FakeTelegramBotApi fake = FakeTelegramBotApi.start()) {
            fake.limits(Math.max(perSecond, FakeTelegramBotApi.DEFAULT_MESSAGES_PER_SECOND),
                    FakeTelegramBotApi.DEFAULT_PER_CHAT_INTERVAL);
            TelegramSettings settings = TelegramSettings.from(KopilkaConfig.fromMap(Map.of(
                    "kopilka.telegram.token", fake.token(),
                    "kopilka.telegram.base-url", fake.baseUrl(),
                    "kopilka.telegram.bot-username", "kopilka_bench_bot",
                    "kopilka.telegram.qr.secret", "benchmark-secret-benchmark-secret-0123",
                    "kopilka.telegram.rate.per-second", Integer.toString(perSecond))), name -> null);
            try (TelegramChannel channel = TelegramChannel.create(settings)) {
                ConcurrentLinkedQueue<OutboundMessage> queue = new ConcurrentLinkedQueue<>();
                for (int i = 1; i <= messages; i++) {
                    queue.add(new OutboundMessage("bench-" + i, MemberId.of("m-" + i), (long) i, null,
                            "Скидка 15% на краски до воскресенья, сообщение " + i, MessagePurpose.MARKETING));
                }
                AtomicLong retries = new AtomicLong();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long start = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        OutboundMessage m;
                        while ((m = queue.poll()) != null) {
                            if (!(channel.send(m) instanceof SendResult.Accepted)) {
                                retries.incrementAndGet();
                                queue.add(m);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                pool.awaitTermination(5, TimeUnit.SECONDS);
                double achieved = messages / seconds;
                System.out.printf("Telegram channel: %d messages, %d threads, limit %d/s%n", messages, threads,
                        perSecond);
                System.out.printf("  achieved        %8.1f msg/s  (%.1f%% of the limit)%n", achieved,
                        100 * achieved / perSecond);
                System.out.printf("  busiest second  %8d msgs%n", fake.maxAcceptedInAnySecond());
                System.out.printf("  429 answers     %8d   retried sends %d%n", fake.rateLimited().size(),
                        retries.get());
                System.out.printf("  400,000 members would take %.1f h%n", 400_000 / achieved / 3600);
            }
        }
    }
}
