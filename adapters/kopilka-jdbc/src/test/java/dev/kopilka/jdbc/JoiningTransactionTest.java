package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.Kopilka;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The POS's sale and the loyalty change commit together, or not at all. */
class JoiningTransactionTest {

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void theLoyaltyChangeFollowsTheIntegratorsCommitOrRollback(TestDatabases.Kind kind) throws SQLException {
        DataSource ds = TestDatabases.dataSource(kind);
        JdbcStore store = JdbcStore.builder(ds).build();
        Kopilka kopilka = Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.program.id", "join-" + UUID.randomUUID(),
                "kopilka.earning.delay", "P0D"))).store(store).build();
        MemberId anna = kopilka.members().register(kopilka.program(), Registration.withPhone("+79991234567"))
                .orElseThrow().id();
        String posTable = "pos_sales_" + kind.name().toLowerCase();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + posTable + " (txid VARCHAR(64) PRIMARY KEY)");
            c.commit();
        }
        PurchaseRequest receipt = PurchaseRequest.of(MemberRef.id(anna), "s1", List.of(Line.of("1", "A", 1, 100_000)));

        String rolledBack = "rb-" + UUID.randomUUID();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, posTable, rolledBack);
            store.joining(c, () -> kopilka.checkout().purchase(kopilka.program(), rolledBack, receipt).orElseThrow());
            c.rollback(); // the payment failed: neither the sale nor the points happened
        }
        assertThat(kopilka.ledger().balance(kopilka.program(), MemberRef.id(anna)).orElseThrow().available()).isZero();

        String committed = "ok-" + UUID.randomUUID();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            insert(c, posTable, committed);
            store.joining(c, () -> kopilka.checkout().purchase(kopilka.program(), committed, receipt).orElseThrow());
            c.commit();
        }
        assertThat(kopilka.ledger().balance(kopilka.program(), MemberRef.id(anna)).orElseThrow().available()).isEqualTo(50);
        // the rolled-back receipt id was never used, so it can still be sold — and is sold, not answered from memory
        assertThat(kopilka.checkout().purchase(kopilka.program(), rolledBack, receipt).isAccepted()).isTrue();
        assertThat(kopilka.ledger().balance(kopilka.program(), MemberRef.id(anna)).orElseThrow().available())
                .isEqualTo(100);
    }

    private static void insert(Connection c, String table, String txid) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO " + table + " (txid) VALUES (?)")) {
            ps.setString(1, txid);
            ps.executeUpdate();
        }
    }
}
