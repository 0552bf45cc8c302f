package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.checkout.port.CheckoutStore;
import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.ledger.port.LedgerStore;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.port.MemberStore;
import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.messaging.port.OutboxStore;
import dev.kopilka.promo.port.PromoCodeStore;
import dev.kopilka.segment.port.MemberStatsStore;
import dev.kopilka.store.port.SaleStart;
import dev.kopilka.store.port.StoreTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One database transaction's view: the per-feature stores on one connection, the till's hot path
 * ({@link #startSale}) in as few round trips as the database allows, and on PostgreSQL the held-back writes
 * ({@link WriteBuffer}) that {@link #flush()} sends before the commit.
 */
public final class JdbcTransaction extends JdbcTable implements StoreTransaction {

    private static final String LOCK_UNLESS_SOLD = "SELECT " + JdbcMemberStore.COLUMNS + " FROM #members "
            + "WHERE program = ? AND id = ? AND NOT EXISTS (SELECT 1 FROM #sales WHERE program = ? AND txid = ?) "
            + "FOR UPDATE";

    private final WriteBuffer writes;
    private final boolean commitWithWrites;
    /** False inside an integrator's transaction: they commit, or not. */
    private final boolean ownsCommit;
    private final JdbcMemberStore members;
    private final JdbcLedgerStore ledger;
    private final JdbcCheckoutStore checkout;
    private final JdbcPromoCodeStore promoCodes;
    private final JdbcMemberStatsStore stats;
    private final JdbcOutboxStore outbox;
    private final JdbcCampaignStore campaigns;
    private final JdbcAnalyticsStore analytics;
    private final JdbcRedemptionCodeStore redemptionCodes;

    private JdbcTransaction(Connection c, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes, boolean commitWithWrites, boolean ownsCommit) {
        super(c, program, prefix, json, readOnly, dialect, writes);
        this.ownsCommit = ownsCommit;
        this.writes = writes;
        this.commitWithWrites = commitWithWrites;
        this.members = new JdbcMemberStore(c, program, prefix, json, readOnly, dialect, writes);
        this.ledger = new JdbcLedgerStore(c, program, prefix, json, readOnly, dialect, writes);
        this.checkout = new JdbcCheckoutStore(c, program, prefix, json, readOnly, dialect, writes);
        this.promoCodes = new JdbcPromoCodeStore(c, program, prefix, json, readOnly, dialect, writes);
        // Every store shares the buffer: a statement of any of them first sends the writes held before it.
        this.stats = new JdbcMemberStatsStore(c, program, prefix, json, readOnly, dialect, writes);
        this.outbox = new JdbcOutboxStore(c, program, prefix, json, readOnly, dialect, writes);
        this.campaigns = new JdbcCampaignStore(c, program, prefix, json, readOnly, dialect, writes);
        this.analytics = new JdbcAnalyticsStore(c, program, prefix, json, readOnly, dialect, writes);
        this.redemptionCodes = new JdbcRedemptionCodeStore(c, program, prefix, json, readOnly, dialect, writes);
    }

    /**
     * A transaction on {@code c}; on PostgreSQL a writing one holds its blind writes until {@link #flush()} or
     * {@link #commit()}.
     *
     * @param commitWithWrites the driver ends its transaction when the server says so (pgjdbc): COMMIT may be sent
     *                         with the held writes
     */
    public static JdbcTransaction open(Connection c, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, boolean commitWithWrites) {
        WriteBuffer writes = dialect == Dialect.POSTGRESQL && !readOnly ? new WriteBuffer(c) : null;
        return new JdbcTransaction(c, program, prefix, json, readOnly, dialect, writes, commitWithWrites, true);
    }

    /** A transaction on the caller's connection, which the caller commits or rolls back ({@code JdbcStore.joining}). */
    public static JdbcTransaction joined(Connection c, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect) {
        WriteBuffer writes = dialect == Dialect.POSTGRESQL && !readOnly ? new WriteBuffer(c) : null;
        return new JdbcTransaction(c, program, prefix, json, readOnly, dialect, writes, false, false);
    }

    @Override
    public boolean commitsOnReturn() {
        return ownsCommit;
    }

    @Override
    public MemberStore members() {
        return members;
    }

    @Override
    public LedgerStore ledger() {
        return ledger;
    }

    @Override
    public CheckoutStore checkout() {
        return checkout;
    }

    @Override
    public PromoCodeStore promoCodes() {
        return promoCodes;
    }

    @Override
    public MemberStatsStore stats() {
        return stats;
    }

    @Override
    public OutboxStore outbox() {
        return outbox;
    }

    @Override
    public CampaignStore campaigns() {
        return campaigns;
    }

    @Override
    public dev.kopilka.analytics.port.AnalyticsStore analytics() {
        return analytics;
    }

    @Override
    public dev.kopilka.checkout.port.RedemptionCodeStore redemptionCodes() {
        return redemptionCodes;
    }

    /** Sends the held writes; a joined transaction does before it returns to the caller, who commits. */
    public void flush() {
        if (writes != null) {
            writes.flush();
        }
    }

    /**
     * Sends the held writes and commits. On PostgreSQL (pgjdbc) both go in one round trip when there are writes:
     * a purchase then costs what a bare insert-and-commit costs in round trips.
     */
    public void commit() throws SQLException {
        if (writes != null) {
            writes.flush(commitWithWrites);
        }
        connection.commit(); // sends nothing if the COMMIT went with the writes (the driver sees no transaction)
    }

    @Override
    public SaleStart startSale(String txid, MemberId member) {
        if (dialect == Dialect.POSTGRESQL) {
            return startSaleInOneRoundTrip(txid, member);
        }
        Optional<SaleRecord> earlier = checkout.sale(txid);
        if (earlier.isPresent()) {
            return SaleStart.replay(earlier.get());
        }
        Optional<Member> locked = members.lock(member);
        if (locked.isEmpty()) {
            return SaleStart.memberNotFound();
        }
        // After the lock, in a statement of its own: a concurrent till's sale and changes are committed and seen.
        MemberState.Loaded loaded = read("read member's state", MemberState.sql(true),
                ps -> MemberState.bind(ps, 1, program, txid, member.value()),
                rs -> MemberState.read(rs, member, json, checkout));
        if (loaded.sale().isPresent()) {
            return SaleStart.replay(loaded.sale().get());
        }
        if (loaded.statsRow()) {
            stats.rowExists(member);
        }
        return SaleStart.locked(locked.get(), loaded.ledger());
    }

    /**
     * PostgreSQL: two statements sent together. The first locks the member unless the receipt is already sold
     * (a replay takes no lock, so it needs no durable commit); the second runs after the first returned, i.e. after
     * the lock was granted, and under READ COMMITTED takes a fresh snapshot: it sees the sale and ledger a
     * concurrent till committed while this one waited. Reading them in the locking statement itself would not.
     */
    private SaleStart startSaleInOneRoundTrip(String txid, MemberId member) {
        flushWrites();
        String text = sql(LOCK_UNLESS_SOLD + ";\n" + MemberState.saleOrLedgerSql());
        try (PreparedStatement ps = connection.prepareStatement(text)) {
            ps.setString(1, program);
            ps.setString(2, member.value());
            ps.setString(3, program);
            ps.setString(4, txid);
            MemberState.bind(ps, 5, program, txid, member.value());
            ps.execute();
            Member locked = null;
            try (ResultSet rs = ps.getResultSet()) {
                if (rs.next()) {
                    locked = members.member(rs);
                }
            }
            if (!ps.getMoreResults()) {
                throw new IllegalStateException("the member's state did not come back with the lock");
            }
            MemberState.Loaded loaded;
            try (ResultSet rs = ps.getResultSet()) {
                loaded = MemberState.read(rs, member, json, checkout);
            }
            if (loaded.sale().isPresent()) {
                return SaleStart.replay(loaded.sale().get());
            }
            if (locked != null && loaded.statsRow()) {
                stats.rowExists(member);
            }
            return locked == null ? SaleStart.memberNotFound() : SaleStart.locked(locked, loaded.ledger());
        } catch (SQLException e) {
            throw Sql.failure("lock member and read their state", e);
        }
    }
}
