package dev.kopilka.campaign.internal;

import dev.kopilka.campaign.Action;
import dev.kopilka.campaign.Campaign;
import dev.kopilka.campaign.FollowUp;
import dev.kopilka.campaign.Trigger;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.promo.PromoDiscount;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code kopilka.campaigns.*} into {@link CampaignSettings}, collecting every problem (key, rule, bad
 * value) before failing once. A {@code kopilka.campaigns.preset} loads a bundled preset whose keys the
 * configuration may override one by one.
 */
public final class CampaignConfigParser {

    static final Set<String> GLOBAL = Set.of("preset", "sweep-time", "quiet-hours", "frequency-cap.messages",
            "frequency-cap.period", "sweep-page-size", "sweep-lease", "catch-up-days");
    static final Set<String> PER_CAMPAIGN = Set.of("trigger", "trigger.min-amount", "trigger.max-amount",
            "trigger.amount", "trigger.days", "trigger.max-days", "trigger.at", "audience", "control-percent",
            "purpose", "grant.points", "grant.validity", "promo.discount", "promo.validity", "promo.min-receipt",
            "message", "message.valid-for", "starts", "ends", "enabled");
    static final Set<String> PRESETS = Set.of("tools-chain", "cosmetics-chain");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern FOLLOW_UP = Pattern.compile("follow-up\\.([1-9])\\.(delay|if|message)");
    private static final int MAX_CONTROL_PERCENT = 50;

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, String> values = new TreeMap<>();

    private CampaignConfigParser() {
    }

    /** Parses and validates; throws {@link InvalidConfigurationException} listing every problem. */
    public static CampaignSettings parse(KopilkaConfig config, Set<String> knownSegments) {
        CampaignConfigParser p = new CampaignConfigParser();
        CampaignSettings settings = p.read(config, knownSegments);
        if (!p.problems.isEmpty()) {
            throw new InvalidConfigurationException(config.source(), p.problems);
        }
        return settings;
    }

    private CampaignSettings read(KopilkaConfig config, Set<String> knownSegments) {
        String preset = config.get(CampaignSettings.PREFIX + "preset");
        if (preset != null && !preset.isBlank()) {
            loadPreset(preset.strip());
        }
        for (String key : config.keys()) {
            if (key.startsWith(CampaignSettings.PREFIX)) {
                values.put(key.substring(CampaignSettings.PREFIX.length()), config.get(key));
            }
        }
        Map<String, Map<String, String>> byCampaign = new TreeMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String rest = e.getKey();
            if (GLOBAL.contains(rest)) {
                continue;
            }
            int dot = rest.indexOf('.');
            if (dot < 0) {
                problem(rest, "is not a campaign setting; known: " + new TreeSet<>(GLOBAL)
                        + " or <campaign-id>.<setting>", e.getValue());
                continue;
            }
            String id = rest.substring(0, dot);
            String prop = rest.substring(dot + 1);
            if (!ID.matcher(id).matches()) {
                problem(rest, "campaign id must be 1-40 of a-z, 0-9 and -, starting with a letter or digit", id);
                continue;
            }
            if (!PER_CAMPAIGN.contains(prop) && !FOLLOW_UP.matcher(prop).matches()) {
                problem(rest, "unknown campaign setting; known: " + new TreeSet<>(PER_CAMPAIGN)
                        + " and follow-up.<1-9>.(delay|if|message)", e.getValue());
                continue;
            }
            byCampaign.computeIfAbsent(id, k -> new HashMap<>()).put(prop, e.getValue());
        }
        List<Campaign> campaigns = new ArrayList<>();
        byCampaign.forEach((id, props) -> {
            Campaign c = campaign(id, props, knownSegments);
            if (c != null) {
                campaigns.add(c);
            }
        });
        LocalTime sweepTime = parse("sweep-time", CampaignSettings.DEFAULT_SWEEP_TIME.toString(),
                "must be a local time like 10:00", LocalTime::parse);
        String quiet = values.getOrDefault("quiet-hours", CampaignSettings.DEFAULT_QUIET_HOURS).strip();
        LocalTime quietFrom = null;
        LocalTime quietUntil = null;
        if (!quiet.equalsIgnoreCase("none")) {
            Matcher m = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})").matcher(quiet);
            try {
                if (!m.matches()) {
                    throw new IllegalArgumentException();
                }
                quietFrom = LocalTime.parse(pad(m.group(1)));
                quietUntil = LocalTime.parse(pad(m.group(2)));
                if (quietFrom.equals(quietUntil)) {
                    throw new IllegalArgumentException();
                }
            } catch (RuntimeException e) {
                problem("quiet-hours", "must be 'HH:MM-HH:MM' (may wrap midnight, ends differ) or 'none'", quiet);
            }
        }
        Integer cap = parse("frequency-cap.messages", String.valueOf(CampaignSettings.DEFAULT_CAP_MESSAGES),
                "must be an integer 0..100 (0: no cap)", s -> range(Integer.parseInt(s), 0, 100));
        Duration capPeriod = parse("frequency-cap.period", CampaignSettings.DEFAULT_CAP_PERIOD.toString(),
                "must be a positive ISO-8601 duration like P7D", CampaignConfigParser::positiveDuration);
        Integer page = parse("sweep-page-size", String.valueOf(CampaignSettings.DEFAULT_PAGE_SIZE),
                "must be an integer 1..10000", s -> range(Integer.parseInt(s), 1, 10_000));
        Duration lease = parse("sweep-lease", CampaignSettings.DEFAULT_LEASE.toString(),
                "must be a positive ISO-8601 duration like PT30M", CampaignConfigParser::positiveDuration);
        Integer catchUp = parse("catch-up-days", String.valueOf(CampaignSettings.DEFAULT_CATCH_UP_DAYS),
                "must be an integer 0..30", s -> range(Integer.parseInt(s), 0, 30));
        if (!problems.isEmpty()) {
            return null;
        }
        return new CampaignSettings(campaigns, sweepTime, quietFrom, quietUntil, cap, capPeriod, page, lease,
                catchUp);
    }

    private void loadPreset(String name) {
        if (!PRESETS.contains(name)) {
            problem("preset", "must be one of " + new TreeSet<>(PRESETS), name);
            return;
        }
        String resource = "dev/kopilka/campaign/presets/" + name + ".properties";
        Properties p = new Properties();
        try (InputStream in = CampaignConfigParser.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the classpath");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problem("preset", "cannot be loaded: " + e.getMessage(), name);
            return;
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(CampaignSettings.PREFIX)) {
                values.put(key.substring(CampaignSettings.PREFIX.length()), p.getProperty(key));
            }
        }
    }

    private Campaign campaign(String id, Map<String, String> props, Set<String> knownSegments) {
        int before = problems.size();
        String k = id + ".";
        Trigger trigger = trigger(id, props);
        String audience = props.getOrDefault("audience", "all").strip();
        // A disabled campaign may name a segment that is not defined yet (a prepared mailing).
        if (!knownSegments.contains(audience) && !"false".equals(props.getOrDefault("enabled", "true").strip())) {
            problem(k + "audience", "names no known segment; known: " + new TreeSet<>(knownSegments), audience);
        }
        int control = intIn(k + "control-percent", props.getOrDefault("control-percent", "0"), 0, MAX_CONTROL_PERCENT);
        MessagePurpose purpose = null;
        String purposeText = props.getOrDefault("purpose", "marketing").strip();
        switch (purposeText.toLowerCase(Locale.ROOT)) {
            case "marketing" -> purpose = MessagePurpose.MARKETING;
            case "transactional" -> purpose = MessagePurpose.TRANSACTIONAL;
            default -> problem(k + "purpose", "must be marketing or transactional", purposeText);
        }
        List<Action> actions = new ArrayList<>();
        if (props.containsKey("grant.points")) {
            long points = intIn(k + "grant.points", props.get("grant.points"), 1, 10_000_000);
            Period validity = props.containsKey("grant.validity")
                    ? period(k + "grant.validity", props.get("grant.validity")) : null;
            actions.add(new Action.GrantPoints(points, validity));
        } else if (props.containsKey("grant.validity")) {
            problem(k + "grant.validity", "needs grant.points", props.get("grant.validity"));
        }
        boolean promo = props.containsKey("promo.discount");
        if (promo) {
            PromoDiscount discount = discount(k + "promo.discount", props.get("promo.discount"));
            String validityText = props.get("promo.validity");
            Period validity = null;
            if (validityText == null) {
                problem(k + "promo.validity", "is required with promo.discount (a code without an end is a liability)",
                        null);
            } else {
                validity = period(k + "promo.validity", validityText);
            }
            long min = props.containsKey("promo.min-receipt")
                    ? rubles(k + "promo.min-receipt", props.get("promo.min-receipt")) : 0;
            if (discount != null && validity != null) {
                actions.add(new Action.IssuePromoCode(discount, validity, Math.max(0, min)));
            }
        } else {
            for (String p : List.of("promo.validity", "promo.min-receipt")) {
                if (props.containsKey(p)) {
                    problem(k + p, "needs promo.discount", props.get(p));
                }
            }
        }
        if (props.containsKey("message")) {
            String template = props.get("message");
            checkTemplate(k + "message", template, promo);
            Duration validFor = props.containsKey("message.valid-for")
                    ? duration(k + "message.valid-for", props.get("message.valid-for")) : null;
            actions.add(new Action.SendMessage(template, validFor));
        }
        if (actions.isEmpty()) {
            problem(k + "trigger", "campaign does nothing: give grant.points, promo.discount and/or message", null);
        }
        List<FollowUp> followUps = followUps(id, props, promo);
        LocalDate starts = props.containsKey("starts") ? date(k + "starts", props.get("starts")) : null;
        LocalDate ends = props.containsKey("ends") ? date(k + "ends", props.get("ends")) : null;
        if (starts != null && ends != null && ends.isBefore(starts)) {
            problem(k + "ends", "must not be before starts " + starts, props.get("ends"));
        }
        String enabledText = props.getOrDefault("enabled", "true").strip();
        if (!enabledText.equals("true") && !enabledText.equals("false")) {
            problem(k + "enabled", "must be true or false", enabledText);
        }
        if (problems.size() > before) {
            return null;
        }
        return new Campaign(id, trigger, audience, control, purpose, actions, followUps, starts, ends,
                Boolean.parseBoolean(enabledText));
    }

    private Trigger trigger(String id, Map<String, String> props) {
        String k = id + ".trigger";
        String type = props.get("trigger");
        if (type == null) {
            problem(k, "is required: registered, telegram-connected, purchase, receipt-at-least, inactive, birthday,"
                    + " points-expiring or broadcast", null);
            return null;
        }
        return switch (type.strip()) {
            case "registered" -> new Trigger.MemberRegistered();
            case "telegram-connected" -> new Trigger.TelegramConnected();
            case "purchase" -> {
                long min = props.containsKey("trigger.min-amount")
                        ? rubles(k + ".min-amount", props.get("trigger.min-amount")) : 0;
                Long max = props.containsKey("trigger.max-amount")
                        ? rubles(k + ".max-amount", props.get("trigger.max-amount")) : null;
                if (max != null && max >= 0 && min >= 0 && max < min) {
                    problem(k + ".max-amount", "must not be below trigger.min-amount", props.get("trigger.max-amount"));
                    yield null;
                }
                yield min < 0 || (max != null && max < 0) ? null : new Trigger.PurchaseCompleted(min, max);
            }
            case "receipt-at-least" -> {
                String amount = props.get("trigger.amount");
                if (amount == null) {
                    problem(k + ".amount", "is required for receipt-at-least (RUB)", null);
                    yield null;
                }
                long v = rubles(k + ".amount", amount);
                yield v > 0 ? new Trigger.ReceiptAtLeast(v) : null;
            }
            case "inactive" -> {
                int days = requiredDays(k + ".days", props.get("trigger.days"), 1);
                int max = props.containsKey("trigger.max-days")
                        ? intIn(k + ".max-days", props.get("trigger.max-days"), Math.max(days, 1), 100_000) : -1;
                yield days < 0 ? null : new Trigger.InactiveFor(days, max < 0 ? Integer.MAX_VALUE : max);
            }
            case "birthday" -> {
                int days = requiredDays(k + ".days", props.get("trigger.days"), 0);
                yield days < 0 ? null : new Trigger.BirthdayIn(days);
            }
            case "points-expiring" -> {
                int days = requiredDays(k + ".days", props.get("trigger.days"), 1);
                yield days < 0 ? null : new Trigger.PointsExpiringWithin(days);
            }
            case "broadcast" -> {
                String at = props.get("trigger.at");
                if (at == null) {
                    problem(k + ".at", "is required for broadcast: a local date-time like 2026-03-01T11:00", null);
                    yield null;
                }
                try {
                    yield new Trigger.Broadcast(LocalDateTime.parse(at.strip()));
                } catch (RuntimeException e) {
                    problem(k + ".at", "must be a local date-time like 2026-03-01T11:00", at);
                    yield null;
                }
            }
            default -> {
                problem(k, "must be registered, telegram-connected, purchase, receipt-at-least, inactive, birthday,"
                        + " points-expiring or broadcast", type);
                yield null;
            }
        };
    }

    private List<FollowUp> followUps(String id, Map<String, String> props, boolean promo) {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        props.forEach((prop, value) -> {
            Matcher m = FOLLOW_UP.matcher(prop);
            if (m.matches()) {
                byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new HashMap<>()).put(m.group(2), value);
            }
        });
        List<FollowUp> result = new ArrayList<>();
        byIndex.forEach((i, f) -> {
            String k = id + ".follow-up." + i + ".";
            Duration delay = f.containsKey("delay") ? duration(k + "delay", f.get("delay")) : null;
            if (!f.containsKey("delay")) {
                problem(k + "delay", "is required: an ISO-8601 duration like P3D", null);
            }
            String message = f.get("message");
            if (message == null) {
                problem(k + "message", "is required", null);
            } else {
                checkTemplate(k + "message", message, promo);
            }
            String cond = f.getOrDefault("if", "always").strip();
            FollowUp.Condition condition = switch (cond) {
                case "always" -> FollowUp.Condition.ALWAYS;
                case "promo-unused" -> FollowUp.Condition.PROMO_UNUSED;
                case "no-purchase" -> FollowUp.Condition.NO_PURCHASE_SINCE;
                default -> {
                    problem(k + "if", "must be always, promo-unused or no-purchase", cond);
                    yield null;
                }
            };
            if (condition == FollowUp.Condition.PROMO_UNUSED && !promo) {
                problem(k + "if", "promo-unused needs the campaign to issue a code (promo.discount)", cond);
            }
            if (delay != null && message != null && condition != null) {
                result.add(new FollowUp(delay, condition, message));
            }
        });
        return result;
    }

    private void checkTemplate(String key, String template, boolean promo) {
        if (template.isBlank()) {
            problem(key, "must not be blank", template);
            return;
        }
        Matcher m = Pattern.compile("\\{([a-z_]+)}").matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (!MessageTemplate.PLACEHOLDERS.contains(name)) {
                problem(key, "unknown placeholder {" + name + "}; known: " + new TreeSet<>(MessageTemplate.PLACEHOLDERS),
                        template);
            } else if (name.startsWith("promo_") && !promo) {
                problem(key, "{" + name + "} needs the campaign to issue a code (promo.discount)", template);
            }
        }
    }

    private int requiredDays(String key, String value, int min) {
        if (value == null) {
            problem(key, "is required: a number of days", null);
            return -1;
        }
        return intIn(key, value, min, 100_000);
    }

    private int intIn(String key, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            problem(key, "must be an integer " + min + ".." + max, value);
            return -1;
        }
    }

    /** RUB with at most two decimals, to kopecks; -1 on a problem. */
    private long rubles(String key, String value) {
        try {
            BigDecimal rub = new BigDecimal(value.strip().replace("RUB", "").strip());
            if (rub.signum() < 0 || rub.scale() > 2) {
                throw new NumberFormatException();
            }
            return rub.movePointRight(2).longValueExact();
        } catch (RuntimeException e) {
            problem(key, "must be an amount in RUB, at most 2 decimals, not negative", value);
            return -1;
        }
    }

    private PromoDiscount discount(String key, String value) {
        String v = value.strip();
        try {
            if (v.endsWith("%")) {
                return new PromoDiscount.Percent(new BigDecimal(v.substring(0, v.length() - 1).strip()));
            }
            if (v.endsWith("RUB")) {
                long kopecks = rubles(key, v);
                return kopecks > 0 ? new PromoDiscount.Fixed(kopecks) : null;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        problem(key, "must be a percentage above 0 and at most 100 (e.g. 15%) or an amount (e.g. 500RUB)", value);
        return null;
    }

    private Period period(String key, String value) {
        try {
            Period p = Period.parse(value.strip());
            if (p.isNegative() || p.isZero()) {
                throw new IllegalArgumentException();
            }
            return p;
        } catch (RuntimeException e) {
            problem(key, "must be a positive ISO-8601 period like P10D", value);
            return null;
        }
    }

    private Duration duration(String key, String value) {
        try {
            return positiveDuration(value.strip());
        } catch (RuntimeException e) {
            problem(key, "must be a positive ISO-8601 duration like P3D or PT2H", value);
            return null;
        }
    }

    private LocalDate date(String key, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (RuntimeException e) {
            problem(key, "must be a date like 2026-01-31", value);
            return null;
        }
    }

    private <T> T parse(String name, String defaultValue, String rule, Function<String, T> parser) {
        String value = values.getOrDefault(name, defaultValue);
        try {
            return parser.apply(value.strip());
        } catch (RuntimeException e) {
            problem(name, rule, value);
            return null;
        }
    }

    private static Duration positiveDuration(String s) {
        Duration d = Duration.parse(s);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("not positive");
        }
        return d;
    }

    private static int range(int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("out of range");
        }
        return v;
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }

    private void problem(String key, String rule, String value) {
        problems.add(new ConfigProblem(CampaignSettings.PREFIX + key, rule, value, null));
    }
}
