package dev.kopilka.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kopilka.Kopilka;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberRef;
import java.util.List;
import java.util.Map;

/**
 * A till in its own JVM, selling receipts {@code from..to} as fast as it can and printing {@code ACK n} after each
 * acknowledged one. {@link CrashTest} kills it with SIGKILL at random moments.
 */
public final class CrashingTill {

    private CrashingTill() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String program = args[3];
        int from = Integer.parseInt(args[4]);
        int to = Integer.parseInt(args[5]);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(2);
        hikari.setAutoCommit(false);
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", program,
                "kopilka.earning.delay", "P0D"))).store(JdbcStore.builder(new HikariDataSource(hikari)).build()).build();
        for (int i = from; i < to; i++) {
            kopilka.checkout().purchase(kopilka.program(), CrashTest.txid(i), CrashTest.receipt(i)).orElseThrow();
            System.out.println("ACK " + i);
            System.out.flush();
        }
    }

    static PurchaseRequest receipt(int i) {
        return PurchaseRequest.of(MemberRef.phone("+79990000001"), "store-" + (i % 3),
                List.of(Line.of("1", "SKU-" + (i % 7), 1, 10_000 + i * 37L), Line.of("2", "GIFT", 1, 5_000).asNoEarn()))
                .withPoints(i % 2 == 0 ? PointsToApply.exactly(3) : PointsToApply.none());
    }
}
