package dev.kopilka.analytics.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.analytics.Analytics;
import dev.kopilka.analytics.AnalyticsReport;
import dev.kopilka.analytics.AnalyticsSettings;
import dev.kopilka.analytics.CampaignResult;
import dev.kopilka.analytics.ChannelEconomics;
import dev.kopilka.analytics.ChannelMessages;
import dev.kopilka.analytics.Cohort;
import dev.kopilka.analytics.GroupStats;
import dev.kopilka.analytics.Interval;
import dev.kopilka.analytics.Liability;
import dev.kopilka.analytics.ProgramHealth;
import dev.kopilka.analytics.ReachDay;
import dev.kopilka.analytics.ReportPeriod;
import dev.kopilka.analytics.Roi;
import dev.kopilka.analytics.port.AnalyticsStore;
import dev.kopilka.analytics.port.AnalyticsStore.GroupTotals;
import dev.kopilka.analytics.port.AnalyticsStore.JoinDay;
import dev.kopilka.analytics.port.AnalyticsStore.MessageTotals;
import dev.kopilka.internal.Transactor;
import dev.kopilka.store.port.StoreTransaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Turns the store's aggregates into the report's metrics; every formula is in docs/analytics.md. */
public final class DefaultAnalytics implements Analytics {

    static final String ATTRIBUTED = "attributed, not incremental";
    static final String INCREMENTAL = "incremental, on gross margin";
    private static final int RATE_SCALE = 4;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final Transactor transactor;
    private final AnalyticsSettings settings;
    private final Clock clock;
    private final ZoneId zone;
    private final long pointValueKopecks;

    public DefaultAnalytics(Transactor transactor, AnalyticsSettings settings, Clock clock, ZoneId zone,
            long pointValueKopecks) {
        this.transactor = transactor;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.zone = zone;
        this.pointValueKopecks = pointValueKopecks;
    }

    @Override
    public AnalyticsReport report(ProgramId program, ReportPeriod period) {
        return transactor.read(program, tx -> {
            Map<String, Duration> windows = new TreeMap<>();
            for (String id : tx.analytics().campaigns(period.start(zone), period.end(zone))) {
                windows.put(id, window(tx.analytics(), id));
            }
            // Every campaign's groups in one pass over the purchases.
            Map<String, AnalyticsStore.Groups> groups = tx.analytics().groups(windows, period.start(zone),
                    period.end(zone));
            Map<String, AnalyticsStore.CampaignPoints> points = tx.analytics().campaignPoints(windows.keySet(),
                    period.start(zone), period.end(zone));
            Map<String, Long> promos = tx.analytics().campaignPromoDiscounts(windows.keySet(), period.start(zone),
                    period.end(zone));
            List<CampaignResult> results = new ArrayList<>();
            windows.forEach((id, window) -> results.add(campaign(tx, id, period, window, groups.get(id),
                    points.get(id), promos.get(id))));
            List<JoinDay> days = joinDays(tx.analytics(), period); // one scan serves the reach and the cohorts
            return new AnalyticsReport(program.value(), period, clock.instant(), results, channels(tx, period, days),
                    health(tx, period, days));
        });
    }

    @Override
    public CampaignResult campaign(ProgramId program, String campaignId, ReportPeriod period) {
        Objects.requireNonNull(campaignId, "campaignId");
        return transactor.read(program, tx -> {
            Duration window = window(tx.analytics(), campaignId);
            return campaign(tx, campaignId, period, window, tx.analytics()
                    .groups(Map.of(campaignId, window), period.start(zone), period.end(zone)).get(campaignId),
                    tx.analytics().campaignPoints(List.of(campaignId), period.start(zone), period.end(zone))
                            .get(campaignId),
                    tx.analytics().campaignPromoDiscounts(List.of(campaignId), period.start(zone), period.end(zone))
                            .get(campaignId));
        });
    }

    @Override
    public ChannelEconomics channels(ProgramId program, ReportPeriod period) {
        return transactor.read(program, tx -> channels(tx, period, joinDays(tx.analytics(), period)));
    }

    @Override
    public ProgramHealth health(ProgramId program, ReportPeriod period) {
        return transactor.read(program, tx -> health(tx, period, joinDays(tx.analytics(), period)));
    }

    // ---------------------------------------------------------------- campaigns

    /** The configured window, else the reward's validity, else the default. */
    private Duration window(AnalyticsStore store, String id) {
        return settings.windowOf(id).or(() -> store.rewardValidity(id)).orElse(settings.defaultWindow());
    }

    private CampaignResult campaign(StoreTransaction tx, String id, ReportPeriod period, Duration window,
            AnalyticsStore.Groups groups, AnalyticsStore.CampaignPoints points, long promo) {
        AnalyticsStore store = tx.analytics();
        Instant from = period.start(zone);
        Instant until = period.end(zone);
        GroupTotals treatedTotals = groups.treated();
        GroupTotals controlTotals = groups.control();
        GroupStats treated = stats(treatedTotals);
        GroupStats control = stats(controlTotals);
        List<ChannelMessages> messages = messages(store.campaignMessages(id, from, until));
        long messageCost = messages.stream().mapToLong(ChannelMessages::costKopecks).sum();
        long redeemed = Math.max(0, points.granted() - points.outstanding() - points.expired());
        long redeemedKopecks = Math.multiplyExact(redeemed, pointValueKopecks);
        long cost = messageCost + redeemedKopecks + promo;
        Roi attributed = cost == 0 ? Roi.undefined("zero cost")
                : Roi.of(ratio(treatedTotals.revenueKopecks() - cost, cost), ATTRIBUTED);
        Long incremental = null;
        Interval interval = null;
        Roi incrementalRoi;
        if (controlTotals.size() == 0) {
            incrementalRoi = Roi.undefined("no control group");
        } else if (treatedTotals.size() == 0) {
            incrementalRoi = Roi.undefined("no treated members");
        } else {
            BigDecimal controlPerMember = BigDecimal.valueOf(controlTotals.revenueKopecks())
                    .divide(BigDecimal.valueOf(controlTotals.size()), 10, RoundingMode.HALF_EVEN);
            incremental = BigDecimal.valueOf(treatedTotals.revenueKopecks())
                    .subtract(controlPerMember.multiply(BigDecimal.valueOf(treatedTotals.size())))
                    .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            interval = interval(treatedTotals, controlTotals, treated, control);
            if (cost == 0) {
                incrementalRoi = Roi.undefined("zero cost");
            } else {
                BigDecimal margin = BigDecimal.valueOf(incremental).multiply(settings.grossMarginPercent())
                        .divide(HUNDRED, 10, RoundingMode.HALF_EVEN);
                incrementalRoi = Roi.of(margin.subtract(BigDecimal.valueOf(cost))
                        .divide(BigDecimal.valueOf(cost), RATE_SCALE, RoundingMode.HALF_EVEN), INCREMENTAL);
            }
        }
        return new CampaignResult(id, period, window, treatedTotals.size() + controlTotals.size(), treated, control,
                messages, messageCost, points.granted(), redeemed, points.expired(), redeemedKopecks, promo, cost,
                attributed, incremental, interval, incrementalRoi);
    }

    /**
     * Welch's interval on the difference of mean revenue per participation, scaled to the treated size. Needs
     * two members in each group for the variances.
     */
    private Interval interval(GroupTotals t, GroupTotals c, GroupStats treated, GroupStats control) {
        if (treated.revenueVariance() == null || control.revenueVariance() == null) {
            return null;
        }
        double diff = (double) t.revenueKopecks() / t.size() - (double) c.revenueKopecks() / c.size();
        double se = Math.sqrt(treated.revenueVariance() / t.size() + control.revenueVariance() / c.size());
        double half = settings.z() * se;
        return new Interval(Math.round((diff - half) * t.size()), Math.round((diff + half) * t.size()),
                settings.confidenceLevel());
    }

    static GroupStats stats(GroupTotals g) {
        if (g.size() == 0) {
            return new GroupStats(0, 0, 0, 0, null, null, null);
        }
        BigDecimal n = BigDecimal.valueOf(g.size());
        Double variance = null;
        if (g.size() > 1) {
            double mean = (double) g.revenueKopecks() / g.size();
            variance = Math.max(0, (g.revenueSquares() - g.size() * mean * mean) / (g.size() - 1));
        }
        return new GroupStats(g.size(), g.revenueKopecks(), g.purchases(), g.converters(),
                BigDecimal.valueOf(g.revenueKopecks()).divide(n, 2, RoundingMode.HALF_EVEN),
                BigDecimal.valueOf(g.converters()).divide(n, RATE_SCALE, RoundingMode.HALF_EVEN), variance);
    }

    private static BigDecimal ratio(long numerator, long denominator) {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), RATE_SCALE,
                RoundingMode.HALF_EVEN);
    }

    private static BigDecimal rate(long numerator, long denominator) {
        return denominator == 0 ? null : ratio(numerator, denominator);
    }

    private static List<ChannelMessages> messages(List<MessageTotals> rows) {
        List<ChannelMessages> result = new ArrayList<>();
        for (MessageTotals r : rows) {
            result.add(new ChannelMessages(r.channel() == null ? "NONE" : r.channel(), r.created(), r.sent(),
                    r.delivered(), r.failed(), r.costKopecks()));
        }
        return result;
    }

    // ---------------------------------------------------------------- channels

    private ChannelEconomics channels(StoreTransaction tx, ReportPeriod period, List<JoinDay> days) {
        AnalyticsStore store = tx.analytics();
        List<ChannelMessages> byChannel = messages(store.messages(period.start(zone), period.end(zone)));
        long smsSpend = 0;
        long telegramDelivered = 0;
        for (ChannelMessages m : byChannel) {
            if (m.channel().equals("SMS")) {
                smsSpend += m.costKopecks();
            } else if (m.channel().equals("TELEGRAM")) {
                telegramDelivered += m.delivered();
            }
        }
        Instant end = period.end(zone);
        long offset = offset(end);
        List<AnalyticsStore.LinkDay> links = store.telegramLinkDays(offset, end);
        List<ReachDay> reach = new ArrayList<>();
        long joined = 0;
        long linked = 0;
        int i = 0;
        int j = 0;
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
            while (i < days.size() && days.get(i).epochDay() <= day.toEpochDay()) {
                joined += days.get(i++).joined();
            }
            while (j < links.size() && links.get(j).epochDay() <= day.toEpochDay()) {
                linked += links.get(j).links() - links.get(j).unlinks();
                j++;
            }
            reach.add(new ReachDay(day, joined, linked, rate(linked, joined)));
        }
        AnalyticsStore.Registrations registrations = store.registrations(period.start(zone), end,
                settings.telegramRegistrationWindow());
        long viaSms = registrations.total() - registrations.viaTelegram();
        long price = settings.smsPriceKopecks();
        return new ChannelEconomics(byChannel, smsSpend, telegramDelivered, price,
                Math.multiplyExact(telegramDelivered, price), reach, registrations.total(),
                registrations.viaTelegram(), viaSms, Math.multiplyExact(viaSms, price),
                Math.multiplyExact(registrations.viaTelegram(), price));
    }

    /** The zone's offset at the end of the period buckets every day (exact in zones without DST, as Russia's). */
    private long offset(Instant end) {
        return zone.getRules().getOffset(end).getTotalSeconds();
    }

    private List<JoinDay> joinDays(AnalyticsStore store, ReportPeriod period) {
        Instant end = period.end(zone);
        return store.joinDays(offset(end), end);
    }

    // ---------------------------------------------------------------- health

    private ProgramHealth health(StoreTransaction tx, ReportPeriod period, List<JoinDay> days) {
        AnalyticsStore store = tx.analytics();
        Instant from = period.start(zone);
        Instant until = period.end(zone);
        Map<YearMonth, long[]> months = new TreeMap<>();
        long members = 0;
        for (JoinDay d : days) {
            members += d.joined();
            long[] row = months.computeIfAbsent(YearMonth.from(LocalDate.ofEpochDay(d.epochDay())), m -> new long[2]);
            row[0] += d.joined();
            row[1] += d.revenueKopecks();
        }
        List<Cohort> cohorts = new ArrayList<>();
        months.forEach((month, row) -> cohorts.add(new Cohort(month, row[0], row[1],
                BigDecimal.valueOf(row[1]).divide(BigDecimal.valueOf(row[0]), 2, RoundingMode.HALF_EVEN))));
        AnalyticsStore.PurchaseTotals p = store.purchases(from, until);
        Instant now = clock.instant();
        AnalyticsStore.PointsTotals points = store.points(now, from, until);
        long total = points.available() + points.pending() + points.held();
        Liability liability = new Liability(points.available(), points.pending(), points.held(), total,
                Math.multiplyExact(total, pointValueKopecks));
        return new ProgramHealth(members, p.activeMembers(), p.repeatMembers(),
                rate(p.repeatMembers(), p.activeMembers()), p.identifiedReceipts(), p.anonymousReceipts(),
                rate(p.identifiedReceipts(), p.identifiedReceipts() + p.anonymousReceipts()), cohorts, liability,
                points.expiredInPeriod());
    }

}
