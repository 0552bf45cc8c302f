package dev.kopilka.sms.code;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.PhoneNumbers;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboundMessage;
import dev.kopilka.messaging.SendResult;
import dev.kopilka.messaging.port.MessageChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-time confirmation codes for members who register without Telegram: a code sent as a TRANSACTIONAL SMS,
 * checked with a limit on attempts, a validity, a resend cooldown and a daily cap per phone. Every code sent is
 * counted apart from other messages ({@link #tally()}), so the cost of SMS registration — and what linking
 * Telegram saves — can be reported.
 *
 * <p>Codes are sent directly through the channel, not through the outbox: a code is worth nothing in five
 * minutes, and the member is waiting at the till. Codes live in memory (hashed): run one instance per program
 * or put a shared store behind it (see docs/sms.md).
 */
public final class ConfirmationCodes {

    /** A reference prefix that marks confirmation codes among messages (gateway logs, delivery reports). */
    public static final String REFERENCE_PREFIX = "code-";

    private final MessageChannel channel;
    private final Clock clock;
    private final ZoneId zone;
    private final int countryCode;
    private final CodeRules rules;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, DailyCount> daily = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong parts = new AtomicLong();
    private final AtomicLong costKopecks = new AtomicLong();
    private final AtomicLong costUnknown = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    /** Codes accepted by the gateway whose final report has not come: provider id → cost recorded so far. */
    private final Map<String, java.util.OptionalLong> awaitingReport = new ConcurrentHashMap<>();
    private final Map<String, MemberId> awaitingMember = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<CodeCharge>> chargeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public ConfirmationCodes(MessageChannel channel, Clock clock, ZoneId zone, int defaultCountryCode, CodeRules rules) {
        this.channel = channel;
        this.clock = clock;
        this.zone = zone;
        this.countryCode = defaultCountryCode;
        this.rules = rules;
    }

    /**
     * With the rules from {@code kopilka.sms.code.*} (problems with those keys thrown together), the program's
     * zone and default country code.
     */
    public static ConfirmationCodes fromConfig(MessageChannel channel, dev.kopilka.config.KopilkaConfig config,
            Clock clock) {
        dev.kopilka.sms.SmsSettings settings = dev.kopilka.sms.SmsSettings.read(config);
        CodeRules rules = CodeRules.read(settings);
        java.util.List<dev.kopilka.config.ConfigProblem> problems = settings.problems().stream()
                .filter(p -> p.key().startsWith("kopilka.sms.code.")).toList();
        if (!problems.isEmpty()) {
            throw new dev.kopilka.config.InvalidConfigurationException(config.source(), problems);
        }
        return new ConfirmationCodes(channel, clock, config.zone(), config.defaultCountryCode(), rules);
    }

    /** What became of a request for a code. */
    public sealed interface Sending {
        /** Sent; the member has until {@code expiresAt}. */
        record Sent(String reference, Instant expiresAt, SendResult.Accepted accepted) implements Sending {
        }

        /** A code went out moments ago: ask again in {@code retryIn}. */
        record TooSoon(Duration retryIn) implements Sending {
        }

        /** The phone had its codes for today. */
        record DailyLimitReached(int limit) implements Sending {
        }

        /** The channel did not take it (bad number, gateway down): {@code result} says why. */
        record NotSent(SendResult result) implements Sending {
        }
    }

    /** What became of an entered code. */
    public sealed interface Check {
        record Confirmed(String phone) implements Check {
        }

        record Wrong(int attemptsLeft) implements Check {
        }

        /** Too old, burnt by wrong attempts, already used, or never sent: a new one must be asked for. */
        record NoValidCode() implements Check {
        }
    }

    /** Codes sent so far by this instance: the registration cost, kept apart from campaign messages. */
    public record Tally(long codesSent, long segments, long costKopecks, long sentWithUnknownCost, long delivered,
            long confirmed) {
    }

    /**
     * One change to the registration cost, for an analytics module that keeps totals across restarts and per period
     * ({@link #tally()} counts only since this instance started). A code's send gives one charge ({@code segments}
     * &gt; 0, the cost known then: the gateway's or the configured price per segment); a later report with the real
     * charge gives a correction ({@code segments} 0). Summing {@code changeKopecks} over a period gives the period's
     * registration SMS cost; counting charges with {@code segments > 0} gives the codes sent.
     *
     * @param costKopecks   the code's cost as now known, empty while unknown
     * @param changeKopecks what this charge adds to the total (a correction may be negative)
     */
    public record CodeCharge(String providerMessageId, MemberId member, Instant at, int segments,
            java.util.OptionalLong costKopecks, long changeKopecks) {
    }

    /** Who hears about every registration SMS charge (called on the sending or reporting thread; keep it quick). */
    public void onCharge(java.util.function.Consumer<CodeCharge> listener) {
        chargeListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    private void charged(CodeCharge charge) {
        for (java.util.function.Consumer<CodeCharge> l : chargeListeners) {
            try {
                l.accept(charge);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ConfirmationCodes.class).warn("A code charge listener threw", e);
            }
        }
    }

    private record Pending(byte[] hash, byte[] salt, Instant sentAt, Instant expiresAt, int attemptsLeft) {
    }

    private record DailyCount(LocalDate day, int count) {
    }

    /** Sends a new code to the phone (any usual format); an earlier code to it stops working. */
    public Sending send(MemberId member, String rawPhone) {
        String phone;
        try {
            phone = PhoneNumbers.normalize(rawPhone, countryCode);
        } catch (InvalidRequestException e) {
            return new Sending.NotSent(new SendResult.Permanent("bad phone number: " + e.rule(), true, false));
        }
        Instant now = clock.instant();
        Pending previous = pending.get(phone);
        if (previous != null && now.isBefore(previous.sentAt().plus(rules.resendAfter()))) {
            return new Sending.TooSoon(Duration.between(now, previous.sentAt().plus(rules.resendAfter())));
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        DailyCount count = daily.compute(phone, (p, c) -> c == null || !c.day().equals(today)
                ? new DailyCount(today, 0) : c);
        if (count.count() >= rules.maxPerDay()) {
            return new Sending.DailyLimitReached(rules.maxPerDay());
        }
        String code = newCode();
        String reference = REFERENCE_PREFIX + UUID.randomUUID();
        SendResult result = channel.send(new OutboundMessage(reference, member, null, phone,
                rules.template().replace(CodeRules.PLACEHOLDER, code), MessagePurpose.TRANSACTIONAL));
        if (!(result instanceof SendResult.Accepted accepted)) {
            return new Sending.NotSent(result);
        }
        daily.compute(phone, (p, c) -> new DailyCount(today, (c == null || !c.day().equals(today) ? 0 : c.count()) + 1));
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Instant expiresAt = now.plus(rules.ttl());
        pending.put(phone, new Pending(hash(salt, code), salt, now, expiresAt, rules.maxAttempts()));
        sent.incrementAndGet();
        parts.addAndGet(accepted.parts());
        awaitingReport.put(accepted.providerMessageId(), accepted.costKopecks());
        if (accepted.costKopecks().isPresent()) {
            costKopecks.addAndGet(accepted.costKopecks().getAsLong());
        } else {
            costUnknown.incrementAndGet();
        }
        awaitingMember.put(accepted.providerMessageId(), member);
        charged(new CodeCharge(accepted.providerMessageId(), member, now, accepted.parts(), accepted.costKopecks(),
                accepted.costKopecks().orElse(0)));
        return new Sending.Sent(reference, expiresAt, accepted);
    }

    /** Checks an entered code; a confirmed code cannot be used again. */
    public Check verify(String rawPhone, String enteredCode) {
        String phone;
        try {
            phone = PhoneNumbers.normalize(rawPhone, countryCode);
        } catch (InvalidRequestException e) {
            return new Check.NoValidCode();
        }
        String entered = enteredCode == null ? "" : enteredCode.strip();
        Check[] outcome = {new Check.NoValidCode()};
        pending.computeIfPresent(phone, (p, code) -> {
            if (!clock.instant().isBefore(code.expiresAt())) {
                return null;
            }
            if (MessageDigest.isEqual(code.hash(), hash(code.salt(), entered))) {
                outcome[0] = new Check.Confirmed(phone);
                return null;
            }
            int left = code.attemptsLeft() - 1;
            outcome[0] = left > 0 ? new Check.Wrong(left) : new Check.NoValidCode();
            return left > 0 ? new Pending(code.hash(), code.salt(), code.sentAt(), code.expiresAt(), left) : null;
        });
        if (outcome[0] instanceof Check.Confirmed) {
            confirmed.incrementAndGet();
        }
        return outcome[0];
    }

    /**
     * Puts itself in front of messaging's delivery reports ({@code channel.deliverReportsTo(codes.reportsThrough(
     * messaging))}): reports about codes correct the tally with the real cost the gateway charged (SMS.ru and
     * Twilio tell it only later) and stop there — codes are not outbox messages; every other report goes on.
     */
    public dev.kopilka.messaging.DeliveryReports reportsThrough(dev.kopilka.messaging.DeliveryReports next) {
        return report -> {
            java.util.OptionalLong before = awaitingReport.get(report.providerMessageId());
            if (before == null) {
                next.report(report);
                return;
            }
            if (report.costKopecks().isPresent()) {
                long real = report.costKopecks().getAsLong();
                long change = before.isPresent() ? real - before.getAsLong() : real;
                costKopecks.addAndGet(change);
                if (before.isEmpty()) {
                    costUnknown.decrementAndGet();
                }
                awaitingReport.put(report.providerMessageId(), report.costKopecks());
                if (change != 0 || before.isEmpty()) {
                    charged(new CodeCharge(report.providerMessageId(), awaitingMember.get(report.providerMessageId()),
                            report.at(), 0, report.costKopecks(), change));
                }
            }
            if (report.status() != dev.kopilka.messaging.DeliveryStatus.PENDING) {
                awaitingReport.remove(report.providerMessageId());
                awaitingMember.remove(report.providerMessageId());
                if (report.status() == dev.kopilka.messaging.DeliveryStatus.DELIVERED) {
                    delivered.incrementAndGet();
                }
            }
        };
    }

    public Tally tally() {
        return new Tally(sent.get(), parts.get(), costKopecks.get(), costUnknown.get(), delivered.get(),
                confirmed.get());
    }

    private String newCode() {
        StringBuilder s = new StringBuilder(rules.length());
        for (int i = 0; i < rules.length(); i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static byte[] hash(byte[] salt, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(code.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
