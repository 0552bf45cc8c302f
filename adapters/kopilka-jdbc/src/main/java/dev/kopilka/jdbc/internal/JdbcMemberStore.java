package dev.kopilka.jdbc.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.member.Consent;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.port.MemberStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link MemberStore} on a SQL table; uniqueness of identifiers is enforced by unique indexes. */
public final class JdbcMemberStore extends JdbcTable implements MemberStore {

    static final String COLUMNS = "id, phone, card_number, external_id, telegram_user_id, name, birthday, "
            + "birthday_change, joined_at, home_store, consents, blocked, blocked_reason, version";

    public JdbcMemberStore(Connection connection, ProgramId program, String prefix, Json json, boolean readOnly,
            Dialect dialect, WriteBuffer writes) {
        super(connection, program, prefix, json, readOnly, dialect, writes);
    }

    @Override
    public Optional<Member> findById(MemberId id) {
        return by("id", id.value());
    }

    @Override
    public Map<MemberId, Member> findByIds(Collection<MemberId> ids) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids.stream().map(MemberId::value).toList()));
        Map<String, Member> found = new HashMap<>();
        for (Member m : queryChunked("find members by ids", distinct, size -> "SELECT " + COLUMNS
                + " FROM #members WHERE program = ? AND id IN (" + Sql.marks(size) + ")", (ps, padded) -> {
                    ps.setString(1, program);
                    int i = 2;
                    for (String id : padded) {
                        ps.setString(i++, id);
                    }
                }, this::member)) {
            found.put(m.id().value(), m);
        }
        // Callers iterate in the order they asked.
        Map<MemberId, Member> ordered = new LinkedHashMap<>();
        for (String id : distinct) {
            Member m = found.get(id);
            if (m != null) {
                ordered.put(m.id(), m);
            }
        }
        return ordered;
    }

    @Override
    public Optional<Member> findByPhone(String e164) {
        return by("phone", e164);
    }

    @Override
    public Optional<Member> findByCard(String cardNumber) {
        return by("card_number", cardNumber);
    }

    @Override
    public Optional<Member> findByExternalId(String externalId) {
        return by("external_id", externalId);
    }

    @Override
    public Optional<Member> findByTelegramUserId(long telegramUserId) {
        return queryOne("find member by telegram user", "SELECT " + COLUMNS + " FROM #members WHERE program = ? AND telegram_user_id = ?",
                ps -> {
                    ps.setString(1, program);
                    ps.setLong(2, telegramUserId);
                }, this::member);
    }

    @Override
    public Optional<Member> lock(MemberId id) {
        // The row lock is what serialises tills spending the same member's points.
        return queryOne("lock member", "SELECT " + COLUMNS + " FROM #members WHERE program = ? AND id = ? FOR UPDATE",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, id.value());
                }, this::member);
    }

    /** One {@code SELECT ... FOR UPDATE} per chunk of ids, rows locked in id order. */
    @Override
    public Map<MemberId, Member> lockAll(Collection<MemberId> ids) {
        List<String> sorted = ids.stream().map(MemberId::value).distinct().sorted().toList();
        Map<String, Member> found = new HashMap<>();
        for (Member m : queryByKeys("lock members", new KeyedRead("SELECT " + COLUMNS, COLUMNS, "#members",
                "t.program = ?", "id", null, "", true), sorted, null, (ps, i) -> {
                    ps.setString(i, program);
                    return i + 1;
                }, this::member)) {
            found.put(m.id().value(), m);
        }
        Map<MemberId, Member> locked = new LinkedHashMap<>();
        for (MemberId id : ids) {
            Member m = found.get(id.value());
            if (m != null) {
                locked.put(id, m);
            }
        }
        return locked;
    }

    @Override
    public void insert(Member m) {
        update("insert member", "INSERT INTO #members (program, " + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, m.id().value());
                    bindFields(ps, m, 3);
                });
    }

    @Override
    public void update(Member m) {
        int rows = update("update member", "UPDATE #members SET phone = ?, card_number = ?, external_id = ?, "
                + "telegram_user_id = ?, name = ?, birthday = ?, birthday_change = ?, joined_at = ?, home_store = ?, "
                + "consents = ?, blocked = ?, blocked_reason = ?, version = ? WHERE program = ? AND id = ?", ps -> {
                    bindFields(ps, m, 1);
                    ps.setString(14, program);
                    ps.setString(15, m.id().value());
                });
        if (rows != 1) {
            throw new IllegalStateException("no member " + m.id() + " to update");
        }
    }

    @Override
    public long count() {
        return queryOne("count members", "SELECT COUNT(*) FROM #members WHERE program = ?",
                ps -> ps.setString(1, program), rs -> rs.getLong(1)).orElse(0L);
    }

    @Override
    public List<Member> page(MemberId afterExclusive, int limit) {
        return query("page members", "SELECT " + COLUMNS + " FROM #members WHERE program = ? AND id > ? ORDER BY id LIMIT ?",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, afterExclusive == null ? "" : afterExclusive.value());
                    ps.setInt(3, limit);
                }, this::member);
    }

    private Optional<Member> by(String column, String value) {
        return queryOne("find member by " + column, "SELECT " + COLUMNS + " FROM #members WHERE program = ? AND " + column + " = ?",
                ps -> {
                    ps.setString(1, program);
                    ps.setString(2, value);
                }, this::member);
    }

    private void bindFields(PreparedStatement ps, Member m, int first) throws SQLException {
        int i = first;
        ps.setString(i++, m.phone());
        ps.setString(i++, m.cardNumber());
        ps.setString(i++, m.externalId());
        Sql.setLong(ps, i++, m.telegramUserId());
        ps.setString(i++, m.name());
        ps.setString(i++, m.birthday() == null ? null : m.birthday().toString());
        ps.setString(i++, m.birthdayChange() == null ? null : json.write(m.birthdayChange()));
        Sql.setInstant(ps, i++, m.joinedAt());
        ps.setString(i++, m.homeStore());
        ps.setString(i++, m.consents().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        ps.setBoolean(i++, m.blocked());
        ps.setString(i++, m.blockedReason());
        ps.setLong(i, m.version());
    }

    Member member(ResultSet rs) throws SQLException {
        String consents = rs.getString("consents");
        Set<Consent> set = consents.isEmpty() ? Set.of()
                : EnumSet.copyOf(Arrays.stream(consents.split(",")).map(Consent::valueOf).toList());
        String birthday = rs.getString("birthday");
        return new Member(MemberId.of(rs.getString("id")), rs.getString("phone"), rs.getString("card_number"),
                rs.getString("external_id"), rs.getString("name"), birthday == null ? null : LocalDate.parse(birthday),
                json.read(rs.getString("birthday_change"), Member.BirthdayChange.class), Sql.getInstant(rs, "joined_at"),
                rs.getString("home_store"), set, rs.getBoolean("blocked"), rs.getString("blocked_reason"),
                Sql.getLong(rs, "telegram_user_id"), rs.getLong("version"));
    }
}
