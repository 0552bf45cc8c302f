package dev.kopilka.store.memory;

import dev.kopilka.analytics.port.AnalyticsStore;
import dev.kopilka.campaign.Participation;
import dev.kopilka.checkout.AnonymousReceipt;
import dev.kopilka.ledger.EntryType;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.LotSource;
import dev.kopilka.ledger.Reservation;
import dev.kopilka.ledger.SpendRecord;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.DeliveryStatus;
import dev.kopilka.messaging.OutboxRecord;
import dev.kopilka.messaging.OutboxState;
import dev.kopilka.promo.PromoCode;
import dev.kopilka.promo.PromoUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@link AnalyticsStore} over the in-memory tables: the same definitions as the SQL store's queries, computed
 * by walking the heap (which is where the data lives here).
 */
public final class InMemoryAnalyticsStore extends InMemoryTable implements AnalyticsStore {

    /** One Telegram link; {@code unlinkedAt} null while open. */
    private static final class Link {
        final MemberId member;
        final Instant linkedAt;
        Instant unlinkedAt;

        Link(MemberId member, Instant linkedAt) {
            this.member = member;
            this.linkedAt = linkedAt;
        }
    }

    private final List<Link> links = new ArrayList<>();
    /** The same links per member, oldest first: linking and the registrations' "via Telegram" ask per member. */
    private final Map<MemberId, List<Link>> linksByMember = new HashMap<>();

    private final InMemoryMemberStore members;
    private final InMemoryLedgerStore ledger;
    private final InMemoryCheckoutStore checkout;
    private final InMemoryPromoCodeStore promoCodes;
    private final InMemoryOutboxStore outbox;
    private final InMemoryCampaignStore campaigns;

    public InMemoryAnalyticsStore(TransactionLog log, InMemoryMemberStore members, InMemoryLedgerStore ledger,
            InMemoryCheckoutStore checkout, InMemoryPromoCodeStore promoCodes, InMemoryOutboxStore outbox,
            InMemoryCampaignStore campaigns) {
        super(log);
        this.members = members;
        this.ledger = ledger;
        this.checkout = checkout;
        this.promoCodes = promoCodes;
        this.outbox = outbox;
        this.campaigns = campaigns;
    }

    private static boolean in(Instant at, Instant from, Instant until) {
        return !at.isBefore(from) && at.isBefore(until);
    }

    @Override
    public List<String> campaigns(Instant from, Instant until) {
        TreeSet<String> ids = new TreeSet<>();
        for (Participation p : campaigns.allParticipations()) {
            if (in(p.at(), from, until)) {
                ids.add(p.campaignId());
            }
        }
        return List.copyOf(ids);
    }

    @Override
    public Optional<Duration> rewardValidity(String campaignId) {
        Duration longest = null;
        for (Participation p : campaigns.allParticipations()) {
            if (p.campaignId().equals(campaignId) && p.group() == Participation.Group.TREATED
                    && p.grantExpiresAt() != null) {
                Duration d = Duration.between(p.at(), p.grantExpiresAt());
                if (longest == null || d.compareTo(longest) > 0) {
                    longest = d;
                }
            }
        }
        return Optional.ofNullable(longest);
    }

    @Override
    public Map<String, Groups> groups(Map<String, Duration> windows, Instant from, Instant until) {
        // One index of the purchases serves every campaign's two groups.
        Map<MemberId, List<SpendRecord>> spendByMember = new HashMap<>();
        for (List<SpendRecord> records : ledger.allSpend()) {
            if (!records.isEmpty()) {
                spendByMember.put(records.get(0).member(), records);
            }
        }
        Map<String, Groups> result = new TreeMap<>();
        windows.forEach((id, window) -> result.put(id, new Groups(
                group(id, "TREATED", from, until, window, spendByMember),
                group(id, "CONTROL", from, until, window, spendByMember))));
        return result;
    }

    private GroupTotals group(String campaignId, String group, Instant from, Instant until, Duration window,
            Map<MemberId, List<SpendRecord>> spendByMember) {
        long size = 0;
        long revenue = 0;
        double squares = 0;
        long purchases = 0;
        long converters = 0;
        for (Participation p : campaigns.allParticipations()) {
            if (!p.campaignId().equals(campaignId) || !p.group().name().equals(group) || !in(p.at(), from, until)) {
                continue;
            }
            size++;
            long rev = 0;
            long buys = 0;
            Instant end = p.at().plus(window);
            for (SpendRecord s : spendByMember.getOrDefault(p.member(), List.of())) {
                if (in(s.at(), p.at(), end)) {
                    rev += s.kopecks();
                    if (s.kopecks() >= 0) {
                        buys++;
                    }
                }
            }
            revenue += rev;
            squares += (double) rev * rev;
            purchases += buys;
            converters += buys > 0 ? 1 : 0;
        }
        return new GroupTotals(size, revenue, squares, purchases, converters);
    }

    @Override
    public List<MessageTotals> campaignMessages(String campaignId, Instant from, Instant until) {
        return messages(r -> campaignId.equals(r.message().campaignId()), from, until);
    }

    @Override
    public List<MessageTotals> messages(Instant from, Instant until) {
        return messages(r -> true, from, until);
    }

    private List<MessageTotals> messages(Predicate<OutboxRecord> which, Instant from, Instant until) {
        Map<String, long[]> rows = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        for (OutboxRecord r : outbox.allMessages()) {
            if (!which.test(r) || !in(r.message().createdAt(), from, until)) {
                continue;
            }
            long[] row = rows.computeIfAbsent(r.channel() == null ? null : r.channel().name(), c -> new long[5]);
            row[0]++;
            if (r.state() == OutboxState.SENT) {
                row[1]++;
            }
            if (r.deliveryStatus() == DeliveryStatus.DELIVERED
                    || r.channel() == Channel.TELEGRAM && r.state() == OutboxState.SENT) {
                row[2]++;
            }
            if (r.state() == OutboxState.DEAD || r.state() == OutboxState.UNDELIVERABLE
                    || r.state() == OutboxState.EXPIRED || r.deliveryStatus() == DeliveryStatus.FAILED) {
                row[3]++;
            }
            row[4] += r.costKopecks() == null ? 0 : r.costKopecks();
        }
        List<MessageTotals> result = new ArrayList<>();
        rows.forEach((channel, row) -> result.add(new MessageTotals(channel, row[0], row[1], row[2], row[3], row[4])));
        return result;
    }

    private static String referencePrefix(String campaignId) {
        return "campaign:" + campaignId + ":";
    }

    @Override
    public Map<String, CampaignPoints> campaignPoints(java.util.Collection<String> campaignIds, Instant from,
            Instant until) {
        Map<String, CampaignPoints> result = new TreeMap<>();
        for (String id : campaignIds) {
            result.put(id, campaignPoints(id, from, until));
        }
        return result;
    }

    private CampaignPoints campaignPoints(String campaignId, Instant from, Instant until) {
        String prefix = referencePrefix(campaignId);
        long granted = 0;
        long outstanding = 0;
        java.util.Set<String> references = new java.util.HashSet<>();
        for (Lot lot : ledger.allLots()) {
            if (lot.source() == LotSource.CAMPAIGN && lot.reference() != null && lot.reference().startsWith(prefix)
                    && in(lot.createdAt(), from, until)) {
                granted += lot.points();
                outstanding += lot.remaining();
                references.add(lot.reference());
            }
        }
        long expired = 0;
        for (List<LedgerEntry> list : ledger.allEntries()) {
            for (LedgerEntry e : list) {
                if (e.type() == EntryType.EXPIRE && references.contains(e.reference())) {
                    expired -= e.points();
                }
            }
        }
        return new CampaignPoints(granted, outstanding, expired);
    }

    @Override
    public Map<String, Long> campaignPromoDiscounts(java.util.Collection<String> campaignIds, Instant from,
            Instant until) {
        Map<String, Long> discounts = new TreeMap<>();
        Map<String, String> byOrigin = new HashMap<>();
        for (String id : campaignIds) {
            discounts.put(id, 0L);
            byOrigin.put("campaign:" + id, id);
        }
        for (PromoCode code : promoCodes.allCodes()) {
            String id = code.origin() == null ? null : byOrigin.get(code.origin());
            if (id != null && in(code.issuedAt(), from, until)) {
                for (PromoUse use : promoCodes.usesOf(code.code())) {
                    long discount = use.txid() == null ? 0 : checkout.sale(use.txid())
                            .map(dev.kopilka.checkout.port.SaleRecord::calculation)
                            .map(c -> c.promoDiscount()).orElse(0L);
                    discounts.merge(id, discount, Long::sum);
                }
            }
        }
        return discounts;
    }

    @Override
    public List<JoinDay> joinDays(long offsetSeconds, Instant until) {
        Map<MemberId, Long> net = new HashMap<>();
        for (List<SpendRecord> records : ledger.allSpend()) {
            for (SpendRecord s : records) {
                net.merge(s.member(), s.kopecks(), Long::sum);
            }
        }
        TreeMap<Long, long[]> days = new TreeMap<>();
        for (Member m : members.allMembers()) {
            if (!m.joinedAt().isBefore(until)) {
                continue;
            }
            long day = day(m.joinedAt(), offsetSeconds);
            long[] row = days.computeIfAbsent(day, d -> new long[2]);
            row[0]++;
            row[1] += net.getOrDefault(m.id(), 0L);
        }
        List<JoinDay> result = new ArrayList<>();
        days.forEach((day, row) -> result.add(new JoinDay(day, row[0], row[1])));
        return result;
    }

    @Override
    public PurchaseTotals purchases(Instant from, Instant until) {
        long receipts = 0;
        long active = 0;
        long repeat = 0;
        for (List<SpendRecord> records : ledger.allSpend()) {
            long n = records.stream().filter(s -> s.kopecks() >= 0 && in(s.at(), from, until)).count();
            receipts += n;
            active += n > 0 ? 1 : 0;
            repeat += n > 1 ? 1 : 0;
        }
        long anonymous = 0;
        for (AnonymousReceipt r : checkout.allAnonymousReceipts()) {
            anonymous += in(r.at(), from, until) ? 1 : 0;
        }
        return new PurchaseTotals(receipts, anonymous, active, repeat);
    }

    @Override
    public PointsTotals points(Instant now, Instant from, Instant until) {
        long available = 0;
        long pending = 0;
        for (Lot lot : ledger.allLots()) {
            if (lot.remaining() == 0) {
                continue;
            }
            if (lot.activatesAt().isAfter(now)) {
                pending += lot.remaining();
            } else if (lot.expiresAt() == null || lot.expiresAt().isAfter(now)) {
                available += lot.remaining();
            }
        }
        long held = 0;
        for (Reservation r : ledger.allReservations()) {
            held += r.points();
        }
        long expired = 0;
        for (List<LedgerEntry> list : ledger.allEntries()) {
            for (LedgerEntry e : list) {
                if (e.type() == EntryType.EXPIRE && in(e.at(), from, until)) {
                    expired -= e.points();
                }
            }
        }
        return new PointsTotals(available, pending, held, expired);
    }

    // ---------------------------------------------------------------- Telegram links

    @Override
    public void telegramLinked(MemberId member, Instant at) {
        telegramUnlinked(member, at);
        Link link = new Link(member, at);
        links.add(link);
        List<Link> ofMember = linksByMember.computeIfAbsent(member, m -> new ArrayList<>());
        ofMember.add(link);
        undoable(() -> {
            links.remove(links.lastIndexOf(link));
            ofMember.remove(ofMember.size() - 1);
        });
    }

    @Override
    public void telegramUnlinked(MemberId member, Instant at) {
        requireWritable();
        for (Link link : linksByMember.getOrDefault(member, List.of())) {
            if (link.unlinkedAt == null) {
                link.unlinkedAt = at;
                undoable(() -> link.unlinkedAt = null);
            }
        }
    }

    @Override
    public List<LinkDay> telegramLinkDays(long offsetSeconds, Instant until) {
        TreeMap<Long, long[]> days = new TreeMap<>();
        for (Link link : links) {
            if (link.linkedAt.isBefore(until)) {
                days.computeIfAbsent(day(link.linkedAt, offsetSeconds), d -> new long[2])[0]++;
            }
            if (link.unlinkedAt != null && link.unlinkedAt.isBefore(until)) {
                days.computeIfAbsent(day(link.unlinkedAt, offsetSeconds), d -> new long[2])[1]++;
            }
        }
        List<LinkDay> result = new ArrayList<>();
        days.forEach((day, row) -> result.add(new LinkDay(day, row[0], row[1])));
        return result;
    }

    private static long day(Instant at, long offsetSeconds) {
        return Math.floorDiv(at.getEpochSecond() + offsetSeconds, 86_400L);
    }

    @Override
    public Registrations registrations(Instant from, Instant until, Duration within) {
        long total = 0;
        long viaTelegram = 0;
        for (Member m : members.allMembers()) {
            if (!in(m.joinedAt(), from, until)) {
                continue;
            }
            total++;
            Instant limit = m.joinedAt().plus(within);
            for (Link link : linksByMember.getOrDefault(m.id(), List.of())) {
                if (!link.linkedAt.isAfter(limit)) {
                    viaTelegram++;
                    break;
                }
            }
        }
        return new Registrations(total, viaTelegram);
    }
}
