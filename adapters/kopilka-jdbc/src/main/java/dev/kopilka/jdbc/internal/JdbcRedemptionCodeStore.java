package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.checkout.port.RedemptionCodeStore;
import dev.kopilka.member.MemberId;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link RedemptionCodeStore} on the {@code redemption_codes} table (schema V10): one row per receipt with a pending
 * code, written in the till's transaction. Writing a code is one upsert per dialect; on PostgreSQL it waits with the
 * transaction's other held writes.
 */
public final class JdbcRedemptionCodeStore extends JdbcTable implements RedemptionCodeStore {

    private static final String COLUMNS = "member_id, points, salt, code_hash, expires_at, attempts_left, program, txid";


    public JdbcRedemptionCodeStore(Connection connection, ProgramId program, String prefix, Json json,
            boolean readOnly, Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    @Override
    public Optional<PendingCode> find(String txid) {
        return queryOne("read redemption code", "SELECT txid, member_id, points, salt, code_hash, expires_at, "
                + "attempts_left FROM #redemption_codes WHERE program = ? AND txid = ?", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, txid);
                }, rs -> new PendingCode(rs.getString(1), MemberId.of(rs.getString(2)), rs.getLong(3),
                        rs.getString(4), rs.getString(5), Sql.getInstant(rs, "expires_at"), rs.getInt(7)));
    }

    @Override
    public void put(PendingCode code) {
        String sql = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO #redemption_codes (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?) "
                    + "ON CONFLICT (program, txid) DO UPDATE SET member_id = EXCLUDED.member_id, "
                    + "points = EXCLUDED.points, salt = EXCLUDED.salt, code_hash = EXCLUDED.code_hash, "
                    + "expires_at = EXCLUDED.expires_at, attempts_left = EXCLUDED.attempts_left";
            case MARIADB -> "INSERT INTO #redemption_codes (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?) "
                    + "ON DUPLICATE KEY UPDATE member_id = VALUES(member_id), points = VALUES(points), "
                    + "salt = VALUES(salt), code_hash = VALUES(code_hash), expires_at = VALUES(expires_at), "
                    + "attempts_left = VALUES(attempts_left)";
            case H2 -> "MERGE INTO #redemption_codes (" + COLUMNS + ") KEY (program, txid) VALUES (?,?,?,?,?,?,?,?)";
        };
        blindUpdate("save redemption code", sql, ps -> {
            ps.setString(1, code.member().value());
            ps.setLong(2, code.points());
            ps.setString(3, code.salt());
            ps.setString(4, code.hash());
            Sql.setInstant(ps, 5, code.expiresAt());
            ps.setInt(6, code.attemptsLeft());
            ps.setString(7, program);
            ps.setString(8, code.txid());
        });
    }

    @Override
    public void remove(String txid) {
        blindUpdate("remove redemption code", "DELETE FROM #redemption_codes WHERE program = ? AND txid = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, txid);
        });
    }

    @Override
    public int removeExpired(Instant now) {
        return update("remove expired redemption codes", "DELETE FROM #redemption_codes WHERE program = ? "
                + "AND expires_at <= ?", ps -> {
                    ps.setString(1, program);
                    Sql.setInstant(ps, 2, now);
                });
    }
}
