package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.member.MemberId;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoDiscount;
import dev.kopilka.promo.PromoUse;
import dev.kopilka.promo.port.PromoCodeStore;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link PromoCodeStore} on SQL tables; the use count is guarded by a CHECK (uses <= max_uses). */
public final class JdbcPromoCodeStore extends JdbcTable implements PromoCodeStore {

    public JdbcPromoCodeStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    @Override
    public Optional<PromoCode> find(String code) {
        return queryOne("read promo code", "SELECT * FROM #promo_codes WHERE program = ? AND code = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, code);
        }, JdbcPromoCodeStore::promo);
    }

    @Override
    public boolean exists(String code) {
        return queryOne("check promo code", "SELECT 1 FROM #promo_codes WHERE program = ? AND code = ?", ps -> {
            ps.setString(1, program);
            ps.setString(2, code);
        }, rs -> true).isPresent();
    }

    /** The rows of these codes, one query ({@link #queryByKeys}). */
    private <T> List<T> ofCodes(String operation, String columns, Collection<String> codes, Mapper<T> mapper) {
        return queryByKeys(operation, new KeyedRead("SELECT t." + columns, columns, "#promo_codes", "t.program = ?",
                "code", null, "", false), codes.stream().distinct().toList(), null, (ps, i) -> {
                    ps.setString(i, program);
                    return i + 1;
                }, mapper);
    }

    @Override
    public Map<String, PromoCode> findAll(Collection<String> codes) {
        Map<String, PromoCode> found = new LinkedHashMap<>();
        for (PromoCode p : ofCodes("read promo codes", "*", codes, JdbcPromoCodeStore::promo)) {
            found.put(p.code(), p);
        }
        return found;
    }

    @Override
    public Set<String> existing(Collection<String> codes) {
        return new LinkedHashSet<>(ofCodes("check promo codes", "code", codes,
                rs -> rs.getString(1)));
    }

    private static final String INSERT = "INSERT INTO #promo_codes (program, code, discount_kind, discount_value, "
            + "min_receipt, valid_from, valid_until, owner_id, max_uses, uses, combines, origin, issued_at) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

    @Override
    public void insert(PromoCode p) {
        update("insert promo code", INSERT, ps -> bind(ps, p));
    }

    /** One batch (on PostgreSQL: one multi-row insert held with the other writes); a taken code fails the transaction. */
    @Override
    public void insertAll(Collection<PromoCode> codes) {
        blindBatch("insert promo codes", INSERT, codes, this::bind, true);
    }

    private void bind(java.sql.PreparedStatement ps, PromoCode p) throws SQLException {
        ps.setString(1, program);
        ps.setString(2, p.code());
        if (p.discount() instanceof PromoDiscount.Percent percent) {
            ps.setString(3, "PERCENT");
            ps.setString(4, percent.percent().toPlainString());
        } else {
            ps.setString(3, "FIXED");
            ps.setString(4, String.valueOf(((PromoDiscount.Fixed) p.discount()).kopecks()));
        }
        ps.setLong(5, p.minReceiptKopecks());
        Sql.setInstant(ps, 6, p.validFrom());
        Sql.setInstant(ps, 7, p.validUntil());
        ps.setString(8, p.owner() == null ? null : p.owner().value());
        ps.setInt(9, p.maxUses());
        ps.setInt(10, p.uses());
        ps.setBoolean(11, p.combinesWithPoints());
        ps.setString(12, p.origin());
        Sql.setInstant(ps, 13, p.issuedAt());
    }

    @Override
    public void recordUse(String code, PromoUse use) {
        int rows = update("count promo use", "UPDATE #promo_codes SET uses = uses + 1 WHERE program = ? AND code = ?",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, code);
                });
        if (rows != 1) {
            throw new IllegalStateException("no promo code " + code);
        }
        update("record promo use", "INSERT INTO #promo_uses (program, code, member_id, txid, occurred_at) VALUES (?,?,?,?,?)",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, code);
                    ps.setString(3, use.member() == null ? null : use.member().value());
                    ps.setString(4, use.txid());
                    Sql.setInstant(ps, 5, use.at());
                });
    }

    @Override
    public List<PromoUse> uses(String code) {
        return query("read promo uses", "SELECT * FROM #promo_uses WHERE program = ? AND code = ? ORDER BY seq", ps -> {
            ps.setString(1, program);
            ps.setString(2, code);
        }, rs -> new PromoUse(code, rs.getString("member_id") == null ? null : MemberId.of(rs.getString("member_id")),
                rs.getString("txid"), Sql.getInstant(rs, "occurred_at")));
    }

    @Override
    public List<PromoCode> ownedBy(MemberId owner) {
        return query("read promo codes of member", "SELECT * FROM #promo_codes WHERE program = ? AND owner_id = ? "
                + "ORDER BY issued_at, code", ps -> {
                    ps.setString(1, program);
                    ps.setString(2, owner.value());
                }, JdbcPromoCodeStore::promo);
    }

    private static PromoCode promo(ResultSet rs) throws SQLException {
        String value = rs.getString("discount_value");
        PromoDiscount discount = "PERCENT".equals(rs.getString("discount_kind"))
                ? new PromoDiscount.Percent(new BigDecimal(value)) : new PromoDiscount.Fixed(Long.parseLong(value));
        String owner = rs.getString("owner_id");
        return new PromoCode(rs.getString("code"), discount, rs.getLong("min_receipt"), Sql.getInstant(rs, "valid_from"),
                Sql.getInstant(rs, "valid_until"), owner == null ? null : MemberId.of(owner), rs.getInt("max_uses"),
                rs.getInt("uses"), rs.getBoolean("combines"), rs.getString("origin"), Sql.getInstant(rs, "issued_at"));
    }
}
