package dev.kopilka.demo.cli;

import dev.kopilka.testkit.SyntheticRetailer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A retailer's own history from two CSV files (formats in docs/demo.md), checked line by line before anything
 * is replayed: every problem is reported with its file and line, and nothing runs while one remains.
 */
final class ReplayHistory {

    static final List<String> MEMBER_COLUMNS = List.of("member", "phone", "joined");
    static final List<String> MEMBER_OPTIONAL = List.of("birthday", "home_store", "sms_consent", "telegram");
    static final List<String> RECEIPT_COLUMNS = List.of("receipt", "member", "store", "at", "amount");
    static final List<String> RECEIPT_OPTIONAL = List.of("type", "original");
    /** More problems than this are cut: the first ones are what the user fixes first. */
    static final int MAX_PROBLEMS = 20;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()\\-]{10,20}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._/:-]{1,64}");

    private record Sale(String member, Instant at, long amount) {
    }

    final List<SyntheticRetailer.Event> timeline;
    final int members;
    final int sales;
    final int returns;
    final LocalDate first;
    final LocalDate last;

    private ReplayHistory(List<SyntheticRetailer.Event> timeline, int members, int sales, int returns, ZoneId zone) {
        this.timeline = timeline;
        this.members = members;
        this.sales = sales;
        this.returns = returns;
        this.first = timeline.isEmpty() ? LocalDate.now(zone) : LocalDate.ofInstant(timeline.get(0).at(), zone);
        this.last = timeline.isEmpty() ? first : LocalDate.ofInstant(timeline.get(timeline.size() - 1).at(), zone);
    }

    static ReplayHistory read(Path membersCsv, Path receiptsCsv, ZoneId zone) {
        List<String> problems = new ArrayList<>();
        List<SyntheticRetailer.Event> events = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Instant> joinedAt = new HashMap<>();
        Set<String> phones = new HashSet<>();
        Set<String> rejected = new HashSet<>();
        for (CsvFile.Row row : CsvFile.read(membersCsv, MEMBER_COLUMNS, MEMBER_OPTIONAL)) {
            rejected.add(row.get("member")); // until the row proves valid: its receipts are not errors of their own
            try {
                String id = id(row, "member");
                if (index.containsKey(id)) {
                    throw row.error("member", "'" + id + "' appears twice");
                }
                String phone = row.get("phone");
                if (!PHONE.matcher(phone).matches()) {
                    throw row.error("phone", "'" + phone + "' is not a phone number (e.g. +79991234567)");
                }
                if (!phones.add(phone.replaceAll("[^0-9]", ""))) {
                    throw row.error("phone", "'" + phone + "' belongs to another member already");
                }
                LocalDate joined = date(row, "joined", true);
                LocalDate birthday = date(row, "birthday", false);
                boolean sms = yesNo(row, "sms_consent");
                Long telegram = null;
                if (!row.get("telegram").isEmpty()) {
                    try {
                        telegram = Long.parseLong(row.get("telegram"));
                    } catch (NumberFormatException e) {
                        throw row.error("telegram", "'" + row.get("telegram") + "' is not a Telegram user id (digits)");
                    }
                    if (telegram <= 0) {
                        throw row.error("telegram", "'" + row.get("telegram") + "' is not a Telegram user id (positive)");
                    }
                }
                int i = index.size();
                index.put(id, i);
                rejected.remove(id);
                Instant at = joined.atTime(9, 0).atZone(zone).toInstant();
                joinedAt.put(id, at);
                String home = row.get("home_store").isEmpty() ? null : row.get("home_store");
                events.add(new SyntheticRetailer.Joined(at, i, phone, birthday, home, sms,
                        SyntheticRetailer.Behaviour.REGULAR));
                if (telegram != null) {
                    events.add(new SyntheticRetailer.TelegramLinked(at.plusSeconds(60), i, telegram));
                }
            } catch (UserError e) {
                problems.add(e.getMessage());
            }
        }
        Map<String, Sale> salesById = new HashMap<>();
        Set<String> receiptIds = new HashSet<>();
        int sales = 0;
        int returns = 0;
        for (CsvFile.Row row : CsvFile.read(receiptsCsv, RECEIPT_COLUMNS, RECEIPT_OPTIONAL)) {
            try {
                String receipt = id(row, "receipt");
                if (!receiptIds.add(receipt)) {
                    throw row.error("receipt", "'" + receipt + "' appears twice");
                }
                String member = row.get("member");
                Integer i = index.get(member);
                if (i == null && rejected.contains(member)) {
                    continue; // the member's own line is reported already
                }
                if (i == null) {
                    throw row.error("member", "'" + member + "' is not in " + membersCsv);
                }
                String store = id(row, "store");
                Instant at = instant(row, zone);
                if (at.isBefore(joinedAt.get(member))) {
                    throw row.error("at", "the receipt is before the member joined (" + LocalDate.ofInstant(
                            joinedAt.get(member), zone) + ")");
                }
                long amount = amount(row);
                String type = row.get("type").isEmpty() ? "sale" : row.get("type");
                if (type.equals("sale")) {
                    if (!row.get("original").isEmpty()) {
                        throw row.error("original", "only a return names an original receipt");
                    }
                    salesById.put(receipt, new Sale(member, at, amount));
                    events.add(new SyntheticRetailer.Purchased(at, i, receipt, store, amount));
                    sales++;
                } else if (type.equals("return")) {
                    String original = row.get("original");
                    Sale sale = salesById.get(original);
                    if (sale == null) {
                        throw row.error("original", "'" + original + "' is not a sale earlier in the file");
                    }
                    if (!sale.member().equals(member)) {
                        throw row.error("member", "the original sale " + original + " is of member " + sale.member());
                    }
                    if (!at.isAfter(sale.at())) {
                        throw row.error("at", "a return must come after its sale (" + original + ")");
                    }
                    if (amount > sale.amount()) {
                        throw row.error("amount", "refund " + Money.rub(amount) + " is more than the sale's "
                                + Money.rub(sale.amount()));
                    }
                    events.add(new SyntheticRetailer.Returned(at, i, receipt, original, amount));
                    returns++;
                } else {
                    throw row.error("type", "'" + type + "' must be sale or return");
                }
            } catch (UserError e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(MAX_PROBLEMS, problems.size());
            throw new UserError(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " in the history, nothing was replayed:\n  " + String.join("\n  ", problems.subList(0, shown))
                    + (shown < problems.size() ? "\n  ... and " + (problems.size() - shown) + " more" : ""));
        }
        // stable: equal instants keep file order (a member joins before their receipts of the same minute)
        events.sort(Comparator.comparing(SyntheticRetailer.Event::at));
        return new ReplayHistory(List.copyOf(events), index.size(), sales, returns, zone);
    }

    private static String id(CsvFile.Row row, String column) {
        String v = row.get(column);
        if (!ID.matcher(v).matches()) {
            throw row.error(column, v.isEmpty() ? "is required" : "'" + v
                    + "' must be 1-64 of letters, digits, '.', '_', '/', ':', '-'");
        }
        return v;
    }

    private static LocalDate date(CsvFile.Row row, String column, boolean required) {
        String v = row.get(column);
        if (v.isEmpty()) {
            if (required) {
                throw row.error(column, "is required (yyyy-MM-dd)");
            }
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw row.error(column, "'" + v + "' is not a date yyyy-MM-dd");
        }
    }

    private static boolean yesNo(CsvFile.Row row, String column) {
        return switch (row.get(column).toLowerCase(java.util.Locale.ROOT)) {
            case "", "no", "false", "0" -> false;
            case "yes", "true", "1" -> true;
            default -> throw row.error(column, "'" + row.get(column) + "' must be yes or no");
        };
    }

    private static Instant instant(CsvFile.Row row, ZoneId zone) {
        String v = row.get("at");
        try {
            return LocalDateTime.parse(v.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw row.error("at", "'" + v + "' is not a local date-time yyyy-MM-dd HH:mm[:ss]");
        }
    }

    private static long amount(CsvFile.Row row) {
        String v = row.get("amount");
        long kopecks;
        try {
            kopecks = Money.kopecks(v);
        } catch (ArithmeticException | NumberFormatException e) {
            throw row.error("amount", "'" + v + "' is not roubles with at most two decimals (e.g. 1990.00)");
        }
        if (kopecks <= 0) {
            throw row.error("amount", "'" + v + "' must be positive");
        }
        return kopecks;
    }
}
