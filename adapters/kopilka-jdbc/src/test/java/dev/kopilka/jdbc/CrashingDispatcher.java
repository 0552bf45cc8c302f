package dev.kopilka.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.util.Map;

/**
 * A dispatcher node in its own JVM whose "provider" is its standard output: each send prints {@code SEND <id>}
 * before it answers, so the parent sees every request that reached the provider, including those whose answer
 * the node never recorded. {@link DispatcherCrashTest} kills it with SIGKILL at random moments.
 */
public final class CrashingDispatcher {

    private CrashingDispatcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(args[0]);
        hikari.setUsername(args[1]);
        hikari.setPassword(args[2]);
        hikari.setMaximumPoolSize(2);
        hikari.setAutoCommit(false);
        MessageChannel provider = new MessageChannel() {
            private long ids;

            @Override
            public Channel channel() {
                return Channel.TELEGRAM;
            }

            @Override
            public boolean canReach(OutboundMessage message) {
                return message.telegramChatId() != null;
            }

            @Override
            public synchronized SendResult send(OutboundMessage message) {
                System.out.println("SEND " + message.reference());
                System.out.flush();
                return SendResult.Accepted.free(args[4] + "-" + (++ids));
            }
        };
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", args[3],
                "kopilka.messaging.cascade", "telegram", "kopilka.messaging.lease", DispatcherCrashTest.LEASE,
                "kopilka.messaging.dispatch-interval", "PT0.2S", "kopilka.messaging.rate.telegram", "300",
                "kopilka.messaging.batch-size", "40")))
                .store(JdbcStore.builder(new HikariDataSource(hikari)).migrate(false).build())
                .messaging(Messaging.setup().channel(provider).instanceName(args[4])).build();
        System.out.println("READY " + kopilka.program().value());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
