package dev.kopilka.demo.cli;

import dev.kopilka.Kopilka;
import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.campaign.Campaign;
import dev.kopilka.campaign.Participation;
import dev.kopilka.checkout.Line;
import dev.kopilka.checkout.PointsToApply;
import dev.kopilka.checkout.PurchaseReceipt;
import dev.kopilka.checkout.PurchaseRequest;
import dev.kopilka.checkout.ReturnRequest;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.Consent;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.Messaging;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.testkit.FakeChannel;
import dev.kopilka.testkit.SettableClock;
import dev.kopilka.testkit.SyntheticRetailer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A retailer's program simulated day by day: a year of history is loaded before the program's campaigns go
 * live (so lapsed members and birthdays exist on day one), then every simulated day runs the daily sweep, plays
 * the synthetic purchases, returns, registrations and Telegram links, dispatches the outbox through loopback
 * channels (a fake Telegram for linked members, a priced SMS stand-in, the log) and lets members answer the
 * offers they received according to the {@link Behaviour} model. Deterministic for a seed.
 */
public final class Simulation {

    /** The first simulated day: the program's campaigns launch here. */
    public static final LocalDate LAUNCH = LocalDate.of(2026, 3, 2);
    /** History before the launch, so that lapses and regulars exist on day one. */
    public static final int HISTORY_DAYS = 365;
    private static final LocalTime SWEEP_AT = LocalTime.of(9, 30);
    /**
     * QR registrations go through the bot over HTTP one at a time (about 0.1-0.3 s each): a sample of this size
     * proves the path; beyond it new members register at the till, so a large simulation stays in minutes.
     */
    public static final int MAX_QR_REGISTRATIONS = 200;
    private static final LocalTime EVENING_DISPATCH_AT = LocalTime.of(20, 30);

    /**
     * How members answer offers.
     *
     * @param responseRate    share of treated members who make an extra purchase after an offer reached them
     * @param baselineRate    share of the others (control group, offers that reached nobody) who make the same
     *                        extra purchase anyway: the uplift is measured against it
     * @param responseDays    the extra purchase comes 1..responseDays days later
     * @param attributionDays revenue counted for a participation: receipts of the member within this many days
     */
    public record Behaviour(double responseRate, double baselineRate, int responseDays, int attributionDays) {
        public static final Behaviour DEFAULT = new Behaviour(0.30, 0.08, 5, 14);
    }

    /** What to simulate. */
    /**
     * @param telegramQrShare share (0..1) of the members who link Telegram and join during the simulated days
     *                        who register by scanning the till's QR code, through the real bot against the fake
     *                        Bot API, rather than at the till
     */
    public record Settings(String preset, int members, int days, long seed, DemoStores.Kind store, Path dataDir,
            long smsKopecksPerSegment, Behaviour behaviour, double telegramQrShare) {
    }

    /** Per campaign: who, what it gave, what it sent and what it earned. */
    public record CampaignResult(String campaign, int treated, int control, long pointsGranted, int promoCodes,
            int promoCodesRedeemed, Map<Channel, Integer> messages, Map<Channel, Long> costKopecks,
            int controlMessages, long treatedRevenueKopecks, long controlRevenueKopecks, int treatedBuyers,
            int controlBuyers) {

        /** Share of treated participants who bought within the attribution window, in percent. */
        public double treatedConversion() {
            return treated == 0 ? 0 : 100.0 * treatedBuyers / treated;
        }

        public double controlConversion() {
            return control == 0 ? 0 : 100.0 * controlBuyers / control;
        }

        public long revenuePerTreated() {
            return treated == 0 ? 0 : treatedRevenueKopecks / treated;
        }

        public long revenuePerControl() {
            return control == 0 ? 0 : controlRevenueKopecks / control;
        }

        /** Revenue the campaign added: (per treated − per control) × treated; 0 without a control group. */
        public long incrementalRevenueKopecks() {
            return control == 0 ? 0 : (revenuePerTreated() - revenuePerControl()) * treated;
        }

        public long totalCostKopecks() {
            return costKopecks.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Everything the summary prints. */
    public record Result(Settings settings, LocalDate from, LocalDate to, dev.kopilka.analytics.AnalyticsReport analytics,
            long pointValueKopecks, int registrations,
            int qrRegistrations, int purchases,
            int returns, int telegramLinks, int responses, long revenueKopecks, long pointsLiability,
            Map<OutboxState, Long> outbox, List<CampaignResult> campaigns) {
    }

    private record Visit(Instant at, long seq, MemberId member, String promoCode, boolean usePoints) {
    }

    private record Receipt(Instant at, long amount) {
    }

    private final Settings settings;
    private final PrintStream progress;
    private final ZoneId zone;
    private final SettableClock clock;
    private final SplittableRandom responses;
    private final Map<MemberId, List<Receipt>> receipts = new HashMap<>();
    private final PriorityQueue<Visit> visits = new PriorityQueue<>(
            Comparator.comparing(Visit::at).thenComparingLong(Visit::seq));
    /** Participations already answered, per campaign: the list is in time order, so new ones come after. */
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<Participation> participations = new ArrayList<>();
    private final Set<String> redeemedCodes = new HashSet<>();
    private LocalDate launchDay;
    private TelegramRegistrations qr;
    /** Telegram user ids of the members who link the bot, by member index. */
    private final Map<Integer, Long> telegramUsers = new HashMap<>();
    private final Set<Integer> linkedByQr = new HashSet<>();
    private long visitSeq;
    private int registrations;
    private int purchases;
    private int returns;
    private int links;
    private int answered;

    public Simulation(Settings settings, PrintStream progress) {
        this(settings, progress, ZoneId.of("Europe/Moscow"));
    }

    /** @param zone the program's zone: days, the sweep and quiet hours are local to it */
    public Simulation(Settings settings, PrintStream progress, ZoneId zone) {
        this.settings = settings;
        this.progress = progress;
        this.zone = zone;
        this.clock = new SettableClock(LAUNCH.minusDays(HISTORY_DAYS).atStartOfDay(zone).toInstant(), zone);
        this.launchDay = LAUNCH;
        this.responses = new SplittableRandom(settings.seed() * 31 + 17);
    }

    /** The program of a preset: the demo's example properties for that retailer, which name the campaign preset. */
    public static KopilkaConfig presetConfig(String preset) {
        if (!Presets.NAMES.contains(preset)) {
            throw new UserError("unknown preset '" + preset + "': use one of " + String.join(", ", Presets.NAMES));
        }
        return KopilkaConfig.loadFromClasspath(preset + ".properties");
    }

    public Result run() {
        KopilkaConfig program = presetConfig(settings.preset());
        SyntheticRetailer retailer = SyntheticRetailer.builder().seed(settings.seed()).members(settings.members())
                .period(LAUNCH.minusDays(HISTORY_DAYS), LAUNCH.plusDays(settings.days() - 1L)).zone(zone)
                .telegramAdoption(0.12).build();
        progress.printf("simulate: %s, %,d members, a year of history before %s and %d day%s with the campaigns"
                + " live: %,d events generated%n", settings.preset(), settings.members(), LAUNCH, settings.days(),
                settings.days() == 1 ? "" : "s", retailer.timeline().size());
        return play(program, retailer.timeline(), LAUNCH, LAUNCH.plusDays(settings.days() - 1L));
    }

    /**
     * Plays a timeline through a program: events before {@code launch} with no campaigns (the history), then
     * day by day to {@code last} with every campaign live.
     */
    Result play(KopilkaConfig program, List<SyntheticRetailer.Event> timeline, LocalDate launchDay, LocalDate last) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("kopilka.messaging.autostart", "false");
        overrides.put("kopilka.messaging.cascade", "telegram,sms,log");
        overrides.put("kopilka.messaging.rate.telegram", "1000");
        overrides.put("kopilka.messaging.rate.sms", "1000");
        overrides.put("kopilka.messaging.rate.log", "1000");
        // large pages and batches: the in-memory store scans its maps per page and per claim
        overrides.put("kopilka.messaging.batch-size", "10000");
        overrides.put("kopilka.campaigns.sweep-page-size", "10000");
        KopilkaConfig live = Configs.overlay(program, overrides);
        KopilkaConfig history = Configs.withoutCampaigns(live);
        Instant launch = launchDay.atStartOfDay(zone).toInstant();
        Instant first = timeline.isEmpty() ? launch : timeline.get(0).at();
        clock.set(first.isBefore(launch) ? first : launch);
        this.launchDay = launchDay;
        int days = (int) ChronoUnit.DAYS.between(launchDay, last) + 1;

        try (KopilkaStore store = openStore(live)) {
            Random seed = new Random(settings.seed());
            Kopilka past = Kopilka.builder(history).store(store).clock(clock).random(seed)
                    .ids(() -> new UUID(seed.nextLong(), seed.nextLong())).build();
            Map<Integer, MemberId> ids = new HashMap<>();
            int before = firstAtOrAfter(timeline, launch);
            ProgressBar loading = new ProgressBar(progress, ProgressBar.interactive(progress),
                    settings.preset() + ": history, event", before);
            int i = 0;
            for (; i < before; i++) {
                play(past, timeline.get(i), ids);
                loading.advance(1, () -> String.format("(%,d purchases)", purchases));
            }
            loading.finish();
            if (i > 0) {
                progress.printf("%s: history loaded (%,d purchases); campaigns go live on %s for %d days%n",
                        settings.preset(), purchases, launchDay, days);
            }
            registrations = 0;
            purchases = 0;
            returns = 0;
            links = 0;

            FakeChannel telegram = FakeChannel.telegram(clock);
            Messaging.Setup channels = Messaging.setup().channel(telegram)
                    .channel(new PricedSmsChannel(settings.smsKopecksPerSegment())).channel(new QuietLogChannel())
                    .waiter(at -> {
                        if (at.isAfter(clock.instant())) {
                            clock.set(at);
                        }
                    });
            Kopilka kopilka = Kopilka.builder(live).store(store).clock(clock).random(seed)
                    .ids(() -> new UUID(seed.nextLong(), seed.nextLong())).messaging(channels).build();
            ProgramId id = kopilka.program();
            if (settings.telegramQrShare() > 0) {
                for (SyntheticRetailer.Event e : timeline) {
                    if (e instanceof SyntheticRetailer.TelegramLinked t) {
                        telegramUsers.put(t.member(), t.telegramUserId());
                    }
                }
                qr = TelegramRegistrations.start(kopilka, live, clock);
            }
            ProgressBar living = new ProgressBar(progress, ProgressBar.interactive(progress),
                    settings.preset() + ": day", days);
            for (LocalDate day = launchDay; !day.isAfter(last); day = day.plusDays(1)) {
                moveTo(day.atTime(SWEEP_AT));
                kopilka.campaigns().sweep(id, day);
                dispatchAll(kopilka);
                Instant evening = day.atTime(EVENING_DISPATCH_AT).atZone(zone).toInstant();
                Instant endOfDay = day.plusDays(1).atStartOfDay(zone).toInstant();
                while (true) {
                    boolean synthetic = i < timeline.size() && timeline.get(i).at().isBefore(endOfDay);
                    boolean visit = !visits.isEmpty() && visits.peek().at().isBefore(endOfDay);
                    if (!synthetic && !visit) {
                        break;
                    }
                    if (synthetic && (!visit || !visits.peek().at().isAfter(timeline.get(i).at()))) {
                        play(kopilka, timeline.get(i++), ids);
                    } else {
                        visit(kopilka, visits.poll());
                    }
                }
                if (clock.instant().isBefore(evening)) {
                    clock.set(evening);
                }
                dispatchAll(kopilka);
                answerOffers(kopilka, id);
                LocalDate today = day;
                living.advance(1, () -> String.format("(%s): %,d purchases, %,d registrations, %,d Telegram sends",
                        today, purchases, registrations, telegram.sendsReceived()));
            }
            living.finish();
            progress.printf("%s: summing up the period and writing the analytics report ...%n", settings.preset());
            if (qr != null) {
                qr.close();
            }
            Result result = summarise(kopilka, id, last, ids.values());
            kopilka.messaging().close();
            return result;
        }
    }

    /** Index of the first event at or after {@code at} (the timeline is in time order). */
    private static int firstAtOrAfter(List<SyntheticRetailer.Event> timeline, Instant at) {
        int low = 0;
        int high = timeline.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (timeline.get(mid).at().isBefore(at)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private KopilkaStore openStore(KopilkaConfig config) {
        String name = "simulate-" + settings.preset() + "-" + settings.seed();
        if (settings.store() == DemoStores.Kind.H2) {
            progress.printf("%s: store: embedded H2 file %s.mv.db, emptied for this run (--store memory is faster)%n",
                    settings.preset(), DemoStores.file(settings.dataDir(), name));
        }
        return DemoStores.openEmpty(settings.store(), settings.dataDir(), name, config);
    }

    private void moveTo(java.time.LocalDateTime at) {
        Instant instant = at.atZone(zone).toInstant();
        if (clock.instant().isBefore(instant)) {
            clock.set(instant);
        }
    }

    private static void dispatchAll(Kopilka kopilka) {
        while (kopilka.messaging().dispatchOnce() > 0) {
            // until nothing due is left
        }
    }

    private void play(Kopilka kopilka, SyntheticRetailer.Event e, Map<Integer, MemberId> ids) {
        if (clock.instant().isBefore(e.at())) {
            clock.set(e.at());
        }
        ProgramId program = kopilka.program();
        MemberId viaQr = e instanceof SyntheticRetailer.Joined joined && qr != null && scansQr(joined.member())
                ? registerByQr(kopilka, joined) : null;
        if (viaQr != null && e instanceof SyntheticRetailer.Joined j) {
            if (j.smsConsent()) {
                kopilka.members().setConsent(program, MemberRef.id(viaQr), Consent.SMS_MARKETING, true).orElseThrow();
            }
            ids.put(j.member(), viaQr);
            linkedByQr.add(j.member());
            registrations++;
            links++;
        } else if (e instanceof SyntheticRetailer.TelegramLinked t && linkedByQr.contains(t.member())) {
            return; // linked by the bot when they registered through it
        } else if (e instanceof SyntheticRetailer.Joined j) {
            Registration r = Registration.withPhone(j.phone()).name("Member " + j.member());
            if (j.homeStore() != null) {
                r = r.homeStore(j.homeStore());
            }
            if (j.birthday() != null) {
                r = r.birthday(j.birthday());
            }
            if (j.smsConsent()) {
                r = r.consents(Consent.SMS_MARKETING);
            }
            ids.put(j.member(), kopilka.members().register(program, r).orElseThrow().id());
            registrations++;
        } else if (e instanceof SyntheticRetailer.TelegramLinked t) {
            MemberRef member = MemberRef.id(ids.get(t.member()));
            // the bot records consent to its messages when the member connects it
            kopilka.members().setConsent(program, member, Consent.TELEGRAM, true).orElseThrow();
            kopilka.members().linkTelegram(program, member, t.telegramUserId()).orElseThrow();
            links++;
        } else if (e instanceof SyntheticRetailer.Purchased p) {
            MemberId member = ids.get(p.member());
            kopilka.checkout().purchase(program, p.txid(), PurchaseRequest.of(MemberRef.id(member), p.store(),
                    List.of(Line.of("1", "SKU-" + (p.amount() % 97), 1, p.amount())))).orElseThrow();
            record(member, p.at(), p.amount());
        } else if (e instanceof SyntheticRetailer.Returned r) {
            kopilka.checkout().applyReturn(program, r.returnId(), ReturnRequest.ofAmount(r.saleTxid(), r.refund()))
                    .orElseThrow();
            returns++;
            record(ids.get(r.member()), r.at(), -r.refund());
        }
    }

    /**
     * The member the bot registered from the QR scan, or null when the bot could not answer (an update or a reply
     * that failed for good — e.g. a reply whose HTTP call timed out on a very loaded machine — which the bot logs and
     * counts) and registered nobody: the member then joins at the till, with a warning, and the run is no longer the
     * same byte for byte as on a quiet machine. Replies held back by rate limits or refused for the moment are
     * resent by the bot and need nothing here.
     */
    private MemberId registerByQr(Kopilka kopilka, SyntheticRetailer.Joined j) {
        long user = telegramUsers.get(j.member());
        try {
            return qr.register(user, "Member " + j.member(), j.phone(), j.homeStore());
        } catch (TelegramRegistrations.NoAnswer e) {
            java.util.Optional<dev.kopilka.member.Member> registered = kopilka.members()
                    .find(kopilka.program(), MemberRef.telegramUser(user));
            progress.printf("warning: %s; %s%n", e.getMessage(), registered.isPresent()
                    ? "the member was registered nevertheless" : "the member joins at the till instead");
            return registered.map(dev.kopilka.member.Member::id).orElse(null);
        }
    }

    /** Deterministic per member: Telegram users among the new members, the configured share of them. */
    private boolean scansQr(int member) {
        return telegramUsers.containsKey(member) && qr.count() < MAX_QR_REGISTRATIONS
                && new SplittableRandom(settings.seed() * 131 + member).nextDouble() < settings.telegramQrShare();
    }

    private void record(MemberId member, Instant at, long amount) {
        receipts.computeIfAbsent(member, m -> new ArrayList<>()).add(new Receipt(at, amount));
        if (amount > 0) {
            purchases++;
        }
    }

    /** A member answering an offer (or coming back anyway): one receipt, with the code and points if they have them. */
    private void visit(Kopilka kopilka, Visit v) {
        if (clock.instant().isBefore(v.at())) {
            clock.set(v.at());
        }
        long rub = Math.max(300, Math.round(2_000 * Math.exp(0.6 * responses.nextDouble(-1.5, 1.5))));
        PurchaseRequest request = PurchaseRequest.of(MemberRef.id(v.member()), "store-1",
                List.of(Line.of("1", "OFFER-" + (rub % 89), 1, rub * 100)));
        if (v.usePoints()) {
            request = request.withPoints(PointsToApply.max());
        }
        String txid = "visit-" + v.seq();
        Outcome<PurchaseReceipt> done = v.promoCode() == null ? kopilka.checkout().purchase(kopilka.program(), txid, request)
                : kopilka.checkout().purchase(kopilka.program(), txid, request.withPromoCode(v.promoCode()));
        if (!done.isAccepted() && v.promoCode() != null) {
            // the code ran out or does not fit the receipt: the member pays without it
            done = kopilka.checkout().purchase(kopilka.program(), txid + "-nocode", request);
        } else if (done.isAccepted() && v.promoCode() != null) {
            redeemedCodes.add(v.promoCode());
        }
        if (done.isAccepted()) {
            record(v.member(), v.at(), done.orElseThrow().calculation().total());
        }
    }

    /** Today's new participations: treated members whose offer reached them answer at the response rate, the rest at the baseline. */
    private void answerOffers(Kopilka kopilka, ProgramId program) {
        List<Participation> fresh = new ArrayList<>();
        for (Campaign c : kopilka.campaigns().definitions()) {
            List<Participation> all = kopilka.campaigns().participations(program, c.id());
            fresh.addAll(all.subList(seen.getOrDefault(c.id(), 0), all.size()));
            seen.put(c.id(), all.size());
        }
        fresh.sort(Comparator.comparing(Participation::at).thenComparing(Participation::campaignId)
                .thenComparing(p -> p.member().value()));
        participations.addAll(fresh);
        Behaviour b = settings.behaviour();
        for (Participation p : fresh) {
            boolean reached = p.group() == Participation.Group.TREATED && p.messageIds().stream()
                    .map(m -> kopilka.messaging().message(program, m)).anyMatch(
                            r -> r.isPresent() && r.get().state() == OutboxState.SENT);
            double rate = reached ? b.responseRate() : b.baselineRate();
            if (p.group() != Participation.Group.CAPPED && responses.nextDouble() < rate) {
                Instant at = p.at().plus(1 + responses.nextInt(b.responseDays()), ChronoUnit.DAYS)
                        .plus(responses.nextInt(8 * 60), ChronoUnit.MINUTES);
                visits.add(new Visit(at, visitSeq++, p.member(), reached ? p.promoCode() : null, reached));
                answered++;
            }
        }
    }

    private Result summarise(Kopilka kopilka, ProgramId program, LocalDate last,
            java.util.Collection<MemberId> members) {
        Map<String, List<Participation>> byCampaign = new LinkedHashMap<>();
        for (Campaign c : kopilka.campaigns().definitions()) {
            if (c.enabled()) {
                byCampaign.put(c.id(), new ArrayList<>());
            }
        }
        for (Participation p : participations) {
            byCampaign.computeIfAbsent(p.campaignId(), k -> new ArrayList<>()).add(p);
        }
        // every delivered message once, grouped by campaign (one read, not one per member)
        Map<String, List<OutboxRecord>> sentByCampaign = new HashMap<>();
        for (OutboxRecord r : kopilka.messaging().inState(program, OutboxState.SENT, Integer.MAX_VALUE)) {
            if (r.message().campaignId() != null) {
                sentByCampaign.computeIfAbsent(r.message().campaignId(), c -> new ArrayList<>()).add(r);
            }
        }
        List<CampaignResult> results = new ArrayList<>();
        for (Map.Entry<String, List<Participation>> e : byCampaign.entrySet()) {
            int treated = 0;
            int control = 0;
            long points = 0;
            int codes = 0;
            int redeemed = 0;
            long treatedRevenue = 0;
            long controlRevenue = 0;
            int treatedBuyers = 0;
            int controlBuyers = 0;
            Set<MemberId> treatedMembers = new HashSet<>();
            Set<MemberId> controlMembers = new HashSet<>();
            for (Participation p : e.getValue()) {
                long revenue = revenueAfter(p.member(), p.at(), settings.behaviour().attributionDays());
                if (p.group() == Participation.Group.TREATED) {
                    treated++;
                    treatedMembers.add(p.member());
                    points += p.pointsGranted();
                    if (p.promoCode() != null) {
                        codes++;
                        redeemed += redeemedCodes.contains(p.promoCode()) ? 1 : 0;
                    }
                    treatedRevenue += revenue;
                    treatedBuyers += revenue > 0 ? 1 : 0;
                } else if (p.group() == Participation.Group.CONTROL) {
                    control++;
                    controlMembers.add(p.member());
                    controlRevenue += revenue;
                    controlBuyers += revenue > 0 ? 1 : 0;
                }
            }
            Map<Channel, Integer> messages = new java.util.EnumMap<>(Channel.class);
            Map<Channel, Long> cost = new java.util.EnumMap<>(Channel.class);
            int controlMessages = 0;
            for (OutboxRecord r : sentByCampaign.getOrDefault(e.getKey(), List.of())) {
                MemberId member = r.message().member();
                if (controlMembers.contains(member) && !treatedMembers.contains(member)) {
                    controlMessages++; // must stay 0: the summary shows it so that anyone can check
                }
                messages.merge(r.channel(), 1, Integer::sum);
                cost.merge(r.channel(), r.costKopecks() == null ? 0 : r.costKopecks(), Long::sum);
            }
            results.add(new CampaignResult(e.getKey(), treated, control, points, codes, redeemed, messages, cost,
                    controlMessages, treatedRevenue, controlRevenue, treatedBuyers, controlBuyers));
        }
        long revenue = 0;
        Instant launch = launchDay.atStartOfDay(zone).toInstant();
        for (List<Receipt> list : receipts.values()) {
            for (Receipt r : list) {
                revenue += r.at().isBefore(launch) ? 0 : r.amount();
            }
        }
        long liability = 0;
        for (MemberId member : members) {
            dev.kopilka.ledger.Balance b = kopilka.ledger().balance(program, MemberRef.id(member)).orElseThrow();
            liability += b.available() + b.pending();
        }
        // the SDK's own analytics of the same period: attributed and incremental ROI with intervals, channels
        dev.kopilka.analytics.AnalyticsReport analytics = kopilka.analytics().report(program,
                new dev.kopilka.analytics.ReportPeriod(launchDay, last));
        return new Result(settings, launchDay, last, analytics, kopilka.config().pointValueKopecks(), registrations,
                qr == null ? 0 : qr.count(), purchases, returns, links, answered, revenue,
                liability, kopilka.messaging().backlog(program), results);
    }

    private long revenueAfter(MemberId member, Instant from, int days) {
        Instant until = from.plus(days, ChronoUnit.DAYS);
        long sum = 0;
        for (Receipt r : receipts.getOrDefault(member, List.of())) {
            if (r.at().isAfter(from) && r.at().isBefore(until)) {
                sum += r.amount();
            }
        }
        return sum;
    }
}
