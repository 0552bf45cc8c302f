package dev.kopilka.campaign.internal;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.campaign.Action;
import dev.kopilka.campaign.AudienceFilter;
import dev.kopilka.campaign.Campaign;
import dev.kopilka.campaign.Campaigns;
import dev.kopilka.campaign.FollowUp;
import dev.kopilka.campaign.Participation;
import dev.kopilka.campaign.SweepReport;
import dev.kopilka.campaign.Trigger;
import dev.kopilka.campaign.port.CampaignStore;
import dev.kopilka.checkout.CheckoutEvents.PurchaseCompleted;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.internal.BulkLedger;
import dev.kopilka.internal.BulkPromoCodes;
import dev.kopilka.internal.IdSource;
import dev.kopilka.internal.InTransactionListener;
import dev.kopilka.internal.Transactor;
import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.Ledger;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberEvents.MemberRegistered;
import dev.kopilka.member.MemberEvents.TelegramLinked;
import dev.kopilka.member.MemberId;
import dev.kopilka.member.MemberRef;
import dev.kopilka.messaging.MessagePurpose;
import dev.kopilka.messaging.OutboxMessage;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoCodeSpec;
import dev.kopilka.promo.PromoCodes;
import dev.kopilka.segment.SegmentRule;
import dev.kopilka.store.port.StoreTransaction;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the campaigns: event triggers inside the transaction of their event ({@link InTransactionListener}),
 * time-based triggers and follow-ups in the daily sweep. Every participation is unique on (campaign, member,
 * occurrence) and every grant, code and message is keyed by it, so nothing happens twice.
 */
public final class CampaignEngine implements Campaigns, InTransactionListener {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignEngine.class);
    static final String DAILY_SWEEP = "daily";
    private static final String ONCE = "once";
    /** Candidate ids read per store-side selection in the sweep (a few MB of ids at most). */
    static final int SELECTION_SIZE = 50_000;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private final Transactor transactor;
    private final CampaignSettings settings;
    private final Clock clock;
    private final ZoneId zone;
    private final Ledger ledger;
    private final PromoCodes promoCodes;
    private final AudienceFilter audiences;
    private final IdSource ids;
    private final QuietHours quiet;
    private final Set<String> marketingIds;
    private final String owner = "instance-" + UUID.randomUUID();
    private final List<SweepScheduler> schedulers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CampaignEngine(Transactor transactor, CampaignSettings settings, Clock clock, ZoneId zone, Ledger ledger,
            PromoCodes promoCodes, AudienceFilter audiences, IdSource ids) {
        this.transactor = transactor;
        this.settings = settings;
        this.clock = clock;
        this.zone = zone;
        this.ledger = ledger;
        this.promoCodes = promoCodes;
        this.audiences = audiences;
        this.ids = ids;
        this.quiet = new QuietHours(settings.quietFrom(), settings.quietUntil(), zone); // null from: switched off
        this.marketingIds = settings.campaigns().stream().filter(c -> c.purpose() == MessagePurpose.MARKETING)
                .map(Campaign::id).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public List<Campaign> definitions() {
        return settings.campaigns();
    }

    @Override
    public List<Participation> participations(ProgramId program, String campaignId) {
        return transactor.read(program, tx -> tx.campaigns().ofCampaign(campaignId));
    }

    // ---------------------------------------------------------------- event triggers, inside the event's transaction

    @Override
    public void on(DomainEvent event, Transactor.Work work) {
        if (settings.campaigns().isEmpty()) {
            return;
        }
        LocalDate today = event.occurredAt().atZone(zone).toLocalDate();
        for (Campaign c : settings.campaigns()) {
            if (!c.activeOn(today) || c.trigger().swept()) {
                continue;
            }
            Trigger t = c.trigger();
            if (event instanceof MemberRegistered e && t instanceof Trigger.MemberRegistered) {
                participate(work, e.program(), c, e.member(), ONCE, e.homeStore(), e.occurredAt());
            } else if (event instanceof TelegramLinked e && t instanceof Trigger.TelegramConnected) {
                participate(work, e.program(), c, e.member(), ONCE, null, e.occurredAt());
            } else if (event instanceof PurchaseCompleted e && e.member() != null
                    && ((t instanceof Trigger.PurchaseCompleted band && band.matches(e.total()))
                    || (t instanceof Trigger.ReceiptAtLeast at && e.total() >= at.kopecks()))) {
                participate(work, e.program(), c, e.member(), "receipt:" + e.txid(), e.storeId(), e.occurredAt());
            }
        }
    }

    /** An event's member takes part now, if still there. */
    private void participate(Transactor.Work work, ProgramId program, Campaign c, MemberId memberId,
            String occurrence, String store, Instant now) {
        Optional<Member> found = work.tx().members().findById(memberId);
        if (found.isPresent()) {
            participate(work, program, c, found.get(), occurrence, store, now, now);
        }
    }

    /** What happened to one member in one occurrence; null when the member was not eligible at all. */
    private Participation.Group participate(Transactor.Work work, ProgramId program, Campaign c, Member member,
            String occurrence, String store, Instant now, Instant sendAt) {
        StoreTransaction tx = work.tx();
        CampaignStore campaigns = tx.campaigns();
        MemberId memberId = member.id();
        if (member.blocked() || campaigns.find(c.id(), memberId, occurrence).isPresent()) {
            return null;
        }
        if (!audiences.includes(tx, c.audience(), memberId, now)) {
            return null;
        }
        if (c.inControlGroup(memberId)) {
            campaigns.insert(new Participation(c.id(), memberId, occurrence, Participation.Group.CONTROL, now, 0, null,
                    null, List.of()));
            return Participation.Group.CONTROL;
        }
        if (c.purpose() == MessagePurpose.MARKETING && settings.capMessages() > 0
                && campaigns.treatedSince(memberId, marketingIds, now.minus(settings.capPeriod()))
                >= settings.capMessages()) {
            campaigns.insert(new Participation(c.id(), memberId, occurrence, Participation.Group.CAPPED, now, 0, null,
                    null, List.of()));
            return Participation.Group.CAPPED;
        }
        String key = key(c.id(), occurrence, memberId);
        long granted = 0;
        Instant grantExpires = null;
        PromoCode promo = null;
        List<String> messageIds = new ArrayList<>();
        for (Action action : c.actions()) {
            if (action instanceof Action.GrantPoints g) {
                Outcome<LedgerEntry> outcome = ledger.grant(program, MemberRef.id(memberId), grant(c, g, key));
                if (!(outcome instanceof Outcome.Accepted<LedgerEntry>)) {
                    throw new IllegalStateException("campaign " + c.id() + " could not grant to " + memberId.value()
                            + ": " + outcome);
                }
                granted = g.points();
                grantExpires = grantExpiry(g, now);
            } else if (action instanceof Action.IssuePromoCode p) {
                Outcome<PromoCode> outcome = promoCodes.create(program, promoSpec(c, p, memberId));
                if (!(outcome instanceof Outcome.Accepted<PromoCode> accepted)) {
                    throw new IllegalStateException("campaign " + c.id() + " could not issue a code to "
                            + memberId.value() + ": " + outcome);
                }
                promo = accepted.value();
            } else if (action instanceof Action.SendMessage m) {
                Map<String, String> values = values(program, member, granted, grantExpires, promo, store);
                String text = MessageTemplate.render(m.template(), values);
                OutboxMessage message = message(c, m, memberId, key, text, now, sendAt);
                tx.outbox().enqueue(List.of(message));
                messageIds.add(message.id());
            }
        }
        campaigns.insert(new Participation(c.id(), memberId, occurrence, Participation.Group.TREATED, now, granted,
                grantExpires, promo == null ? null : promo.code(), messageIds));
        return Participation.Group.TREATED;
    }

    private Map<String, String> values(ProgramId program, Member member, long granted, Instant grantExpires,
            PromoCode promo, String store) {
        Outcome<Balance> balance = ledger.balance(program, MemberRef.id(member.id()));
        return values(member, balance instanceof Outcome.Accepted<Balance> b ? b.value() : null, granted, grantExpires,
                promo, store);
    }

    /** A message's placeholder values; {@code balance} null: the member's balance could not be read (left empty). */
    private Map<String, String> values(Member member, Balance balance, long granted, Instant grantExpires,
            PromoCode promo, String store) {
        Map<String, String> v = new HashMap<>();
        v.put("name", member.name() == null ? "" : member.name());
        if (balance != null) {
            v.put("balance", String.valueOf(balance.available()));
        }
        v.put("points", String.valueOf(granted));
        v.put("points_expire_on", grantExpires == null ? "" : DATE.format(grantExpires.atZone(zone)));
        if (promo != null) {
            v.put("promo_code", promo.code());
            v.put("promo_discount", promo.discount().toString());
            // validUntil is exclusive: the last valid day is the one before.
            v.put("promo_valid_until", promo.validUntil() == null ? ""
                    : DATE.format(promo.validUntil().minusNanos(1).atZone(zone)));
        }
        v.put("store", store == null ? "" : store);
        return v;
    }

    /** The points a campaign grants under the participation's key, with their own validity if set. */
    private static Grant grant(Campaign c, Action.GrantPoints g, String key) {
        Grant grant = Grant.of(g.points(), LotSource.CAMPAIGN, key).because("campaign " + c.id(), null);
        return g.validity() == null ? grant : grant.validFor(g.validity());
    }

    private Instant grantExpiry(Action.GrantPoints g, Instant now) {
        return g.validity() == null ? null : now.atZone(zone).plus(g.validity()).toInstant();
    }

    private static PromoCodeSpec promoSpec(Campaign c, Action.IssuePromoCode p, MemberId member) {
        return PromoCodeSpec.personal(member, p.discount()).validFor(p.validity()).minReceipt(p.minReceiptKopecks())
                .origin("campaign:" + c.id());
    }

    /** A campaign's message: marketing waits out the quiet hours; its validity counts from when it may go. */
    private OutboxMessage message(Campaign c, Action.SendMessage m, MemberId member, String key, String text,
            Instant now, Instant sendAt) {
        Instant notBefore = c.purpose() == MessagePurpose.MARKETING ? quiet.deferred(sendAt) : sendAt;
        Instant expires = m.validFor() == null ? null : notBefore.plus(m.validFor());
        return new OutboxMessage(ids.next(), member, key + ":0", c.purpose(), c.id(), text, now, notBefore, expires);
    }

    private static String key(String campaignId, String occurrence, MemberId member) {
        return "campaign:" + campaignId + ":" + occurrence + ":" + member.value();
    }

    // ---------------------------------------------------------------- the daily sweep

    @Override
    public SweepReport sweep(ProgramId program, LocalDate day) {
        Instant claimedAt = clock.instant();
        boolean claimed = transactor.write(program, w -> w.tx().campaigns().claimRun(DAILY_SWEEP, day, owner, claimedAt,
                settings.lease()));
        Map<String, Integer> treated = new HashMap<>();
        Map<String, Integer> control = new HashMap<>();
        Map<String, Integer> capped = new HashMap<>();
        Map<String, Integer> followUps = new HashMap<>();
        if (!claimed) {
            LOG.info("Sweep of {} for {} is held by another instance", day, program.value());
            return new SweepReport(day, false, 0, treated, control, capped, followUps);
        }
        List<Campaign> swept = settings.campaigns().stream().filter(c -> c.trigger().swept() && c.activeOn(day))
                .toList();
        int scanned = 0;
        boolean hasStats = transactor.read(program, CampaignEngine::keepsStats);
        if (hasStats && settings.campaigns().stream().anyMatch(c -> c.activeOn(day) && sweepsAudienceOn(c, day)
                && audienceNeedsRefresh(c))) {
            // Rolling counters and the day's RFM boundaries first, so the day's audiences are scans of the row.
            // Without such an audience the refresh (a ranking of every buyer) would be paid for nothing.
            transactor.write(program, w -> {
                w.tx().stats().refresh(day);
                return null;
            });
        }
        for (Campaign c : swept) {
            // An inactivity campaign swept yesterday (or a few missed days ago) with the same trigger and audience
            // only needs the lapses that reached its threshold since: see candidates(c, sinceLastSweep).
            String marker = hasStats && c.trigger() instanceof Trigger.InactiveFor ? lapseMarker(c) : null;
            int sinceLastSweep = marker == null ? 0 : transactor.read(program, tx -> daysSinceMarked(tx, marker, day));
            SegmentRule candidates = hasStats ? candidates(c, sinceLastSweep) : null;
            MemberId after = null;
            // Candidates come from the store in large selections (one set-based query each on JDBC, an index range
            // for a narrow inactivity or birthday band, else a scan of the statistics table that must not be paid
            // per page of 500); each candidate is then checked exactly and processed in transactions of the page
            // size, its member rows read in one query per page.
            int selection = candidates == null ? settings.pageSize() : Math.max(settings.pageSize(), SELECTION_SIZE);
            while (true) {
                MemberId from = after;
                List<MemberId> selected = transactor.read(program, tx -> candidates == null
                        ? tx.members().page(from, selection).stream().map(Member::id).toList()
                        : tx.stats().select(candidates, day, from, selection));
                if (selected.isEmpty()) {
                    break;
                }
                scanned += selected.size();
                for (int start = 0; start < selected.size(); start += settings.pageSize()) {
                    List<MemberId> page = selected.subList(start, Math.min(selected.size(), start + settings.pageSize()));
                    transactor.write(program, w -> {
                        Instant now = clock.instant();
                        Map<MemberId, Member> found = w.tx().members().findByIds(page);
                        List<Member> members = new ArrayList<>();
                        for (MemberId id : page) {
                            Member m = found.get(id);
                            if (m != null) {
                                members.add(m);
                            }
                        }
                        participateAll(w, program, c, fired(w.tx(), program, c, members, day, now), now, treated,
                                control, capped);
                        return null;
                    });
                }
                after = selected.get(selected.size() - 1);
                if (selected.size() < selection) {
                    break;
                }
            }
            if (marker != null) {
                transactor.write(program, w -> {
                    Instant now = clock.instant();
                    CampaignStore runs = w.tx().campaigns();
                    // Held by nobody else (the daily claim is ours); if it were, the next sweep just looks back fully.
                    if (runs.claimRun(marker, day, owner, now, settings.lease())) {
                        runs.finishRun(marker, day, owner, now);
                    }
                    return null;
                });
            }
        }
        for (Campaign c : settings.campaigns()) {
            if (!c.enabled()) {
                continue;
            }
            for (int i = 0; i < c.followUps().size(); i++) {
                int sent = followUps(program, c, i, day);
                if (sent > 0) {
                    followUps.merge(c.id(), sent, Integer::sum);
                }
            }
        }
        transactor.write(program, w -> {
            w.tx().campaigns().finishRun(DAILY_SWEEP, day, owner, clock.instant());
            return null;
        });
        SweepReport report = new SweepReport(day, true, scanned, treated, control, capped, followUps);
        LOG.info("Sweep of {} for {}: {}", day, program.value(), report);
        return report;
    }

    private static boolean keepsStats(StoreTransaction tx) {
        try {
            tx.stats();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The name under which an inactivity campaign's finished sweeps are recorded (in the sweep runs, one row per
     * day): it changes with the campaign's trigger and audience, so a changed campaign starts with a full look-back.
     */
    static String lapseMarker(Campaign c) {
        String fingerprint = c.id() + "|" + c.trigger() + "|" + c.audience();
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(fingerprint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "lapse:" + java.util.HexFormat.of().formatHex(hash, 0, 12); // 30 characters
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * How many days ago the campaign (with this marker) was last swept to the end, looking back at most
     * {@code catch-up-days + 1} days; 0 when it was not (newly enabled, changed, or a longer gap).
     */
    private int daysSinceMarked(StoreTransaction tx, String marker, LocalDate day) {
        for (int gap = 1; gap <= settings.catchUpDays() + 1; gap++) {
            if (tx.campaigns().runFinished(marker, day.minusDays(gap))) {
                return gap;
            }
        }
        return 0;
    }

    /**
     * A store-side rule that selects a superset of the members the campaign's trigger and audience may fire for
     * (a day wider on each side than the exact check, so calendar details never lose anyone); null: every member.
     *
     * <p>An inactivity campaign last swept {@code sinceLastSweep} days ago (1 = yesterday) selects only the lapses
     * that reached its threshold since, {@code days .. days + sinceLastSweep - 1} days long today: every longer
     * lapse reached the threshold on a day already swept, and its occurrence was served (or refused) then. With
     * 0 (first sweep, changed campaign, gap longer than the catch-up) it looks back over {@code days..max-days}.
     */
    private SegmentRule candidates(Campaign c, int sinceLastSweep) {
        List<SegmentRule> rules = new ArrayList<>();
        Trigger trigger = c.trigger();
        if (trigger instanceof Trigger.InactiveFor t) {
            long upTo = sinceLastSweep > 0 ? Math.min((long) t.maxDays(), (long) t.days() + sinceLastSweep - 1)
                    : t.maxDays();
            rules.add(new SegmentRule.DaysSinceLastPurchase(Math.max(0, t.days() - 1),
                    upTo >= Integer.MAX_VALUE ? null : (int) upTo + 1));
        } else if (trigger instanceof Trigger.BirthdayIn t) {
            int from = Math.max(0, t.days() - settings.catchUpDays() - 1);
            rules.add(new SegmentRule.BirthdayInDays(from, Math.min(366, t.days() + 1)));
        }
        if (!AudienceFilter.ALL.equals(c.audience()) && audiences instanceof SegmentAudience segmentAudience) {
            rules.add(segmentAudience.rule(c.audience()));
        }
        if (rules.isEmpty()) {
            return null;
        }
        return rules.size() == 1 ? rules.get(0) : new SegmentRule.AllOf(rules);
    }

    /**
     * Whether the sweep of {@code day} may evaluate the campaign's audience: a time-based trigger every day (a
     * broadcast only from its day through the catch-up days), an event trigger only for its follow-ups.
     */
    private boolean sweepsAudienceOn(Campaign c, LocalDate day) {
        if (c.trigger() instanceof Trigger.Broadcast t) {
            LocalDate on = t.at().toLocalDate();
            return !day.isBefore(on) && !day.isAfter(on.plusDays(settings.catchUpDays()));
        }
        return c.trigger().swept() || !c.followUps().isEmpty();
    }

    /** Whether the campaign's audience scores RFM or counts over a rolling window (an unknown filter may). */
    private boolean audienceNeedsRefresh(Campaign c) {
        if (AudienceFilter.ALL.equals(c.audience())) {
            return false;
        }
        return !(audiences instanceof SegmentAudience segmentAudience)
                || segmentAudience.rule(c.audience()).usesRefreshedStatistics();
    }

    /** A member the trigger fires for on the sweep's day: the occurrence, and when its message may go. */
    private record Fired(Member member, String occurrence, Instant sendAt) {
    }

    /**
     * The page's members the campaign's trigger fires for on {@code day}, in page order: the exact check of the
     * candidates, with what it needs read for the whole page at once (accounts, or balances).
     */
    private List<Fired> fired(StoreTransaction tx, ProgramId program, Campaign c, List<Member> members, LocalDate day,
            Instant now) {
        Trigger trigger = c.trigger();
        if (members.isEmpty()) {
            return List.of();
        }
        Map<MemberId, Account> accounts = trigger instanceof Trigger.InactiveFor
                ? tx.ledger().accounts(members.stream().map(Member::id).toList()) : Map.of();
        Map<MemberId, Balance> balances = trigger instanceof Trigger.PointsExpiringWithin
                ? balances(program, members) : Map.of();
        List<Fired> fired = new ArrayList<>();
        for (Member m : members) {
            Instant sendAt = now;
            String occurrence;
            if (trigger instanceof Trigger.InactiveFor t) {
                Account account = accounts.get(m.id());
                Instant last = account == null || account.lastActivity() == null ? m.joinedAt()
                        : account.lastActivity();
                LocalDate lastDay = last.atZone(zone).toLocalDate();
                long days = ChronoUnit.DAYS.between(lastDay, day);
                if (days < t.days() || days > t.maxDays()) {
                    continue;
                }
                occurrence = "lapse:" + lastDay;
            } else if (trigger instanceof Trigger.BirthdayIn t) {
                if (m.birthday() == null) {
                    continue;
                }
                LocalDate birthday = birthdayFiring(m.birthday(), day, t.days(), settings.catchUpDays());
                if (birthday == null) {
                    continue;
                }
                occurrence = "birthday:" + birthday.getYear();
            } else if (trigger instanceof Trigger.PointsExpiringWithin t) {
                Balance b = balances.get(m.id());
                if (b == null || b.expiringAt() == null || b.expiringPoints() <= 0) {
                    continue;
                }
                Instant at = b.expiringAt();
                if (at.isBefore(now) || at.isAfter(now.plus(java.time.Duration.ofDays(t.days())))) {
                    continue;
                }
                occurrence = "expiry:" + at.atZone(zone).toLocalDate();
            } else if (trigger instanceof Trigger.Broadcast t) {
                LocalDate on = t.at().toLocalDate();
                if (day.isBefore(on) || day.isAfter(on.plusDays(settings.catchUpDays()))) {
                    continue;
                }
                Instant at = t.at().atZone(zone).toInstant();
                sendAt = at.isAfter(now) ? at : now;
                occurrence = "broadcast:" + t.at();
            } else {
                continue;
            }
            fired.add(new Fired(m, occurrence, sendAt));
        }
        return fired;
    }

    /**
     * {@link #participate} for a sweep's page at once, with the same outcome member by member: the page's existing
     * participations, audience and cap counts are read in one query each, the treated members' grants, codes,
     * messages and every participation written in bulk. A cap counts the treatments made earlier in the page too.
     */
    private void participateAll(Transactor.Work w, ProgramId program, Campaign c, List<Fired> fired, Instant now,
            Map<String, Integer> treated, Map<String, Integer> control, Map<String, Integer> capped) {
        StoreTransaction tx = w.tx();
        CampaignStore campaigns = tx.campaigns();
        List<Fired> open = fired.stream().filter(f -> !f.member().blocked()).toList();
        if (open.isEmpty()) {
            return;
        }
        Set<CampaignStore.Occurrence> taken = campaigns.findAll(c.id(), open.stream()
                        .map(f -> new CampaignStore.Occurrence(f.member().id(), f.occurrence())).toList())
                .stream().map(p -> new CampaignStore.Occurrence(p.member(), p.occurrence()))
                .collect(Collectors.toSet());
        open = open.stream().filter(f -> !taken.contains(new CampaignStore.Occurrence(f.member().id(), f.occurrence())))
                .toList();
        if (open.isEmpty()) {
            return;
        }
        Set<MemberId> included = audiences.included(tx, c.audience(), open.stream().map(f -> f.member().id()).toList(),
                now);
        open = open.stream().filter(f -> included.contains(f.member().id())).toList();
        boolean capping = c.purpose() == MessagePurpose.MARKETING && settings.capMessages() > 0;
        Map<MemberId, Integer> counted = new HashMap<>();
        if (capping) {
            List<MemberId> treatable = open.stream().map(f -> f.member().id()).filter(id -> !c.inControlGroup(id))
                    .toList();
            if (!treatable.isEmpty()) {
                counted.putAll(campaigns.treatedSinceAll(treatable, marketingIds, now.minus(settings.capPeriod())));
            }
        }
        List<Participation> rows = new ArrayList<>();
        List<Integer> treatedRows = new ArrayList<>();
        List<Fired> toTreat = new ArrayList<>();
        for (Fired f : open) {
            MemberId memberId = f.member().id();
            if (c.inControlGroup(memberId)) {
                rows.add(new Participation(c.id(), memberId, f.occurrence(), Participation.Group.CONTROL, now, 0, null,
                        null, List.of()));
                control.merge(c.id(), 1, Integer::sum);
            } else if (capping && counted.getOrDefault(memberId, 0) >= settings.capMessages()) {
                rows.add(new Participation(c.id(), memberId, f.occurrence(), Participation.Group.CAPPED, now, 0, null,
                        null, List.of()));
                capped.merge(c.id(), 1, Integer::sum);
            } else {
                treatedRows.add(rows.size());
                rows.add(null);
                toTreat.add(f);
                if (capping) {
                    counted.merge(memberId, 1, Integer::sum); // a treatment earlier in the page counts
                }
                treated.merge(c.id(), 1, Integer::sum);
            }
        }
        List<Participation> done = treat(w, program, c, toTreat, now);
        for (int i = 0; i < done.size(); i++) {
            rows.set(treatedRows.get(i), done.get(i));
        }
        campaigns.insertAll(rows);
    }

    /**
     * The actions of the campaign for many treated members, action by action as {@link #participate} runs them for
     * one: each grant, code and message step in bulk for all of them. Returns their TREATED participations (not
     * inserted yet), in order.
     */
    private List<Participation> treat(Transactor.Work w, ProgramId program, Campaign c, List<Fired> fired,
            Instant now) {
        int n = fired.size();
        if (n == 0) {
            return List.of();
        }
        List<Member> members = fired.stream().map(Fired::member).toList();
        long[] granted = new long[n];
        Instant[] grantExpires = new Instant[n];
        PromoCode[] promos = new PromoCode[n];
        List<List<String>> messageIds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messageIds.add(new ArrayList<>());
        }
        Map<MemberId, Balance> balances = null; // as of the last grant; null: read when a message needs them
        List<OutboxMessage> messages = new ArrayList<>();
        for (Action action : c.actions()) {
            if (action instanceof Action.GrantPoints g) {
                List<BulkLedger.MemberGrant> grants = new ArrayList<>();
                for (Fired f : fired) {
                    grants.add(new BulkLedger.MemberGrant(f.member().id(),
                            grant(c, g, key(c.id(), f.occurrence(), f.member().id()))));
                }
                List<Outcome<BulkLedger.Granted>> outcomes = grantAll(program, grants);
                balances = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    MemberId memberId = fired.get(i).member().id();
                    if (!(outcomes.get(i) instanceof Outcome.Accepted<BulkLedger.Granted> accepted)) {
                        throw new IllegalStateException("campaign " + c.id() + " could not grant to "
                                + memberId.value() + ": " + outcomes.get(i));
                    }
                    granted[i] = g.points();
                    grantExpires[i] = grantExpiry(g, now);
                    if (accepted.value().balance() != null) {
                        balances.put(memberId, accepted.value().balance());
                    }
                }
            } else if (action instanceof Action.IssuePromoCode p) {
                List<PromoCodeSpec> specs = new ArrayList<>();
                for (Fired f : fired) {
                    specs.add(promoSpec(c, p, f.member().id()));
                }
                List<Outcome<PromoCode>> outcomes = createAll(program, specs);
                for (int i = 0; i < n; i++) {
                    if (!(outcomes.get(i) instanceof Outcome.Accepted<PromoCode> accepted)) {
                        throw new IllegalStateException("campaign " + c.id() + " could not issue a code to "
                                + fired.get(i).member().id().value() + ": " + outcomes.get(i));
                    }
                    promos[i] = accepted.value();
                }
            } else if (action instanceof Action.SendMessage m) {
                // Read only for a template that shows it: the rendered text is the same either way.
                Map<MemberId, Balance> shown = Map.of();
                if (MessageTemplate.uses(m.template(), "balance")) {
                    if (balances == null) {
                        balances = balances(program, members);
                    }
                    shown = balances;
                }
                for (int i = 0; i < n; i++) {
                    Fired f = fired.get(i);
                    Member member = f.member();
                    String text = MessageTemplate.render(m.template(), values(member, shown.get(member.id()),
                            granted[i], grantExpires[i], promos[i], member.homeStore()));
                    OutboxMessage message = message(c, m, member.id(), key(c.id(), f.occurrence(), member.id()), text,
                            now, f.sendAt());
                    messages.add(message);
                    messageIds.get(i).add(message.id());
                }
            }
        }
        if (!messages.isEmpty()) {
            w.tx().outbox().enqueue(messages);
        }
        List<Participation> participations = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Fired f = fired.get(i);
            participations.add(new Participation(c.id(), f.member().id(), f.occurrence(), Participation.Group.TREATED,
                    now, granted[i], grantExpires[i], promos[i] == null ? null : promos[i].code(), messageIds.get(i)));
        }
        return participations;
    }

    /** Grants in bulk where the ledger can; another ledger grants one by one. */
    private List<Outcome<BulkLedger.Granted>> grantAll(ProgramId program, List<BulkLedger.MemberGrant> grants) {
        if (ledger instanceof BulkLedger bulk) {
            return bulk.grantAll(program, grants);
        }
        List<Outcome<BulkLedger.Granted>> outcomes = new ArrayList<>();
        for (BulkLedger.MemberGrant g : grants) {
            Outcome<LedgerEntry> outcome = ledger.grant(program, MemberRef.id(g.member()), g.grant());
            if (outcome instanceof Outcome.Accepted<LedgerEntry> accepted) {
                Outcome<Balance> balance = ledger.balance(program, MemberRef.id(g.member()));
                outcomes.add(Outcome.accepted(new BulkLedger.Granted(accepted.value(),
                        balance instanceof Outcome.Accepted<Balance> b ? b.value() : null)));
            } else {
                outcomes.add(Outcome.refused(((Outcome.Refused<LedgerEntry>) outcome).refusal()));
            }
        }
        return outcomes;
    }

    /** Balances in bulk where the ledger can; another ledger reads them one by one. */
    private Map<MemberId, Balance> balances(ProgramId program, List<Member> members) {
        if (ledger instanceof BulkLedger bulk) {
            return bulk.balances(program, members);
        }
        Map<MemberId, Balance> balances = new HashMap<>();
        for (Member m : members) {
            if (ledger.balance(program, MemberRef.id(m.id())) instanceof Outcome.Accepted<Balance> b) {
                balances.put(m.id(), b.value());
            }
        }
        return balances;
    }

    /** Codes in bulk where the promo codes can; others are created one by one. */
    private List<Outcome<PromoCode>> createAll(ProgramId program, List<PromoCodeSpec> specs) {
        if (promoCodes instanceof BulkPromoCodes bulk) {
            return bulk.createAll(program, specs);
        }
        return specs.stream().map(spec -> promoCodes.create(program, spec)).toList();
    }

    /**
     * The birthday the trigger fires for on {@code day}: the one whose "N days before" falls on the day or up to
     * {@code catchUp} days earlier (a missed sweep), and that has not passed yet. Feb 29 falls on Feb 28 in
     * common years.
     */
    static LocalDate birthdayFiring(LocalDate birthDate, LocalDate day, int daysBefore, int catchUp) {
        for (int year = day.getYear(); year <= day.getYear() + 1; year++) {
            LocalDate birthday = birthDate.withYear(year); // withYear clamps Feb 29 to Feb 28
            LocalDate fires = birthday.minusDays(daysBefore);
            if (!fires.isAfter(day) && !fires.isBefore(day.minusDays(catchUp)) && !birthday.isBefore(day)) {
                return birthday;
            }
        }
        return null;
    }

    /** Enqueues follow-up {@code index} for participations due on {@code day}, or missed within the catch-up days. */
    private int followUps(ProgramId program, Campaign c, int index, LocalDate day) {
        FollowUp f = c.followUps().get(index);
        Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant dayStart = day.minusDays(settings.catchUpDays()).atStartOfDay(zone).toInstant();
        List<Participation> due = transactor.read(program,
                tx -> tx.campaigns().treatedBetween(c.id(), dayStart.minus(f.delay()), dayEnd.minus(f.delay())));
        int sent = 0;
        for (int from = 0; from < due.size(); from += settings.pageSize()) {
            List<Participation> chunk = due.subList(from, Math.min(due.size(), from + settings.pageSize()));
            sent += transactor.write(program, w -> followUpAll(w, program, c, index, f, chunk));
        }
        return sent;
    }

    /**
     * Enqueues the follow-up for a page of due participations whose member is still there and whose condition
     * holds; members, codes, accounts and balances read once for the page, the messages enqueued together.
     */
    private int followUpAll(Transactor.Work w, ProgramId program, Campaign c, int index, FollowUp f,
            List<Participation> chunk) {
        StoreTransaction tx = w.tx();
        Instant now = clock.instant();
        Map<MemberId, Member> members = tx.members().findByIds(chunk.stream().map(Participation::member).toList());
        List<Participation> live = chunk.stream()
                .filter(p -> members.get(p.member()) != null && !members.get(p.member()).blocked()).toList();
        List<String> codes = live.stream().map(Participation::promoCode).filter(java.util.Objects::nonNull).toList();
        Map<String, PromoCode> promos = codes.isEmpty() ? Map.of() : tx.promoCodes().findAll(codes);
        Map<MemberId, Account> accounts = f.condition() == FollowUp.Condition.NO_PURCHASE_SINCE && !live.isEmpty()
                ? tx.ledger().accounts(live.stream().map(Participation::member).toList()) : Map.of();
        List<Participation> holding = new ArrayList<>();
        for (Participation p : live) {
            PromoCode promo = p.promoCode() == null ? null : promos.get(p.promoCode());
            Account account = accounts.get(p.member());
            boolean holds = switch (f.condition()) {
                case ALWAYS -> true;
                case PROMO_UNUSED -> promo != null && promo.uses() == 0
                        && (promo.validUntil() == null || promo.validUntil().isAfter(now));
                case NO_PURCHASE_SINCE -> account == null || account.lastPurchaseAt() == null
                        || !account.lastPurchaseAt().isAfter(p.at());
            };
            if (holds) {
                holding.add(p);
            }
        }
        if (holding.isEmpty()) {
            return 0;
        }
        Map<MemberId, Balance> balances = MessageTemplate.uses(f.template(), "balance")
                ? balances(program, holding.stream().map(p -> members.get(p.member())).distinct().toList()) : Map.of();
        List<OutboxMessage> messages = new ArrayList<>();
        for (Participation p : holding) {
            Member member = members.get(p.member());
            PromoCode promo = p.promoCode() == null ? null : promos.get(p.promoCode());
            Instant due = p.at().plus(f.delay());
            Instant sendAt = due.isAfter(now) ? due : now;
            if (c.purpose() == MessagePurpose.MARKETING) {
                sendAt = quiet.deferred(sendAt);
            }
            String text = MessageTemplate.render(f.template(), values(member, balances.get(p.member()),
                    p.pointsGranted(), p.grantExpiresAt(), promo, member.homeStore()));
            messages.add(new OutboxMessage(ids.next(), p.member(), key(c.id(), p.occurrence(), p.member()) + ":f"
                    + (index + 1), c.purpose(), c.id(), text, now, sendAt, null));
        }
        return tx.outbox().enqueue(messages);
    }

    // ---------------------------------------------------------------- the scheduler

    @Override
    public AutoCloseable startScheduler(ProgramId program) {
        SweepScheduler scheduler = new SweepScheduler(this, program, clock, zone, settings.sweepTime());
        schedulers.add(scheduler);
        return () -> {
            schedulers.remove(scheduler);
            scheduler.close();
        };
    }

    /** Stops every scheduler still running (Kopilka closes it before the store). */
    public void close() {
        for (SweepScheduler s : List.copyOf(schedulers)) {
            s.close();
        }
        schedulers.clear();
    }

    boolean finished(ProgramId program, LocalDate day) {
        return transactor.read(program, tx -> tx.campaigns().runFinished(DAILY_SWEEP, day));
    }
}
