package dev.kopilka.segment.internal;

import dev.kopilka.checkout.CheckoutEvents.PurchaseCompleted;
import dev.kopilka.checkout.CheckoutEvents.ReturnApplied;
import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.event.DomainEvent;
import dev.kopilka.internal.InTransactionListener;
import dev.kopilka.internal.Transactor;
import dev.kopilka.ledger.LedgerEvents.TierChanged;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberEvents.BirthdaySet;
import dev.kopilka.member.MemberEvents.MemberBlocked;
import dev.kopilka.member.MemberEvents.MemberProfileChanged;
import dev.kopilka.member.MemberEvents.MemberRegistered;
import dev.kopilka.member.MemberEvents.MemberUnblocked;
import dev.kopilka.member.MemberEvents.TelegramLinked;
import dev.kopilka.member.MemberEvents.TelegramUnlinked;
import dev.kopilka.member.MemberId;
import dev.kopilka.messaging.Channel;
import dev.kopilka.messaging.MessagingEvents.ChannelReachable;
import dev.kopilka.messaging.MessagingEvents.ChannelUnreachable;
import dev.kopilka.segment.MemberStats;
import dev.kopilka.segment.port.MemberStatsStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Keeps member statistics in step with the events, inside the transaction that raised them. A purchase costs
 * two increment statements on SQL (the member's row and the day's row), no read. A member without a row (one
 * registered before statistics existed) gets one built from the member on their next event.
 */
public final class StatsRecorder implements InTransactionListener {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StatsRecorder.class);

    private final ZoneId zone;
    private final String initialTier;
    private volatile boolean warned;

    /** @param initialTier the tier a new member starts in (the lowest), null when the program has no tiers */
    public StatsRecorder(ZoneId zone, String initialTier) {
        this.zone = zone;
        this.initialTier = initialTier;
    }

    @Override
    public void on(DomainEvent event, Transactor.Work work) {
        MemberStatsStore stats;
        try {
            stats = work.tx().stats();
        } catch (UnsupportedOperationException e) {
            // A store written before statistics existed: everything else works, segments do not.
            if (!warned) {
                warned = true;
                LOG.warn("The store keeps no member statistics: segments will find nobody ({})", e.getMessage());
            }
            return;
        }
        if (event instanceof PurchaseCompleted p) {
            LocalDate day = day(p.occurredAt());
            seedingIfMissing(work, p.member(),
                    () -> stats.recordPurchase(p.member(), p.occurredAt(), day, p.storeId(), p.toPay()));
        } else if (event instanceof ReturnApplied r) {
            SaleRecord sale = work.tx().checkout().sale(r.saleTxid()).orElse(null);
            Instant soldAt = sale == null || sale.receipt() == null ? r.occurredAt() : sale.receipt().completedAt();
            String store = sale == null ? "" : sale.storeId();
            seedingIfMissing(work, r.member(),
                    () -> stats.recordReturn(r.member(), day(soldAt), store, r.refundKopecks()));
        } else if (event instanceof MemberRegistered m) {
            seed(work, m.member());
        } else if (event instanceof TierChanged t) {
            seedingIfMissing(work, t.member(), () -> stats.setTier(t.member(), t.to()));
        } else if (event instanceof TelegramLinked l) {
            reachable(work, l.member(), Channel.TELEGRAM, true);
        } else if (event instanceof TelegramUnlinked u) {
            reachable(work, u.member(), Channel.TELEGRAM, false);
        } else if (event instanceof ChannelUnreachable u) {
            reachable(work, u.member(), u.channel(), false);
        } else if (event instanceof ChannelReachable r) {
            reachable(work, r.member(), r.channel(), true);
        } else if (event instanceof BirthdaySet b) {
            change(work, b.member(), s -> s.withBirthday(b.birthday()));
        } else if (event instanceof MemberProfileChanged c) {
            // A changed profile (perhaps a new phone) makes SMS worth trying again.
            Member m = work.tx().members().findById(c.member()).orElse(null);
            if (m != null) {
                change(work, c.member(), s -> s.withProfile(m.homeStore(), m.phone() != null));
            }
        } else if (event instanceof MemberBlocked b) {
            change(work, b.member(), s -> s.withBlocked(true));
        } else if (event instanceof MemberUnblocked u) {
            change(work, u.member(), s -> s.withBlocked(false));
        }
    }

    private void reachable(Transactor.Work work, MemberId member, Channel channel, boolean reachable) {
        if (channel != Channel.TELEGRAM && channel != Channel.SMS) {
            return;
        }
        seedingIfMissing(work, member, () -> work.tx().stats().setReachable(member, channel, reachable));
    }

    /** Runs an in-place update of the member's row; when the row is missing, seeds it and runs the update again. */
    private void seedingIfMissing(Transactor.Work work, MemberId member, BooleanSupplier update) {
        if (!update.getAsBoolean()) {
            seed(work, member);
            update.getAsBoolean();
        }
    }

    /** Rare changes: read the row, change it, write it back (the member is locked by the change itself). */
    private void change(Transactor.Work work, MemberId member, UnaryOperator<MemberStats> change) {
        MemberStatsStore stats = work.tx().stats();
        MemberStats row = stats.find(member).orElse(null);
        if (row == null) {
            seed(work, member);
            row = stats.find(member).orElse(null);
        }
        if (row != null) {
            stats.upsert(change.apply(row));
        }
    }

    /** Creates the member's row from the member as they are now, with no purchases. */
    private void seed(Transactor.Work work, MemberId id) {
        Member m = work.tx().members().findById(id).orElse(null);
        if (m == null) {
            return;
        }
        // A member from before statistics existed may already have climbed a tier.
        String tier = work.tx().ledger().account(id).map(a -> a.tier()).orElse(initialTier);
        work.tx().stats().upsert(MemberStats.joined(m.id(), m.joinedAt(), day(m.joinedAt()), m.birthday(),
                m.homeStore(), tier, m.telegramUserId() != null, m.phone() != null, m.blocked()));
    }

    private LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }
}
