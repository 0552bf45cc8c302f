package dev.kopilka.store.port;

import dev.kopilka.checkout.port.SaleRecord;
import dev.kopilka.ledger.port.MemberLedger;
import dev.kopilka.member.Member;
import java.util.Objects;
import java.util.Optional;

/**
 * How a sale begins ({@link StoreTransaction#startSale}): either the receipt was already sold (a replay,
 * answered from {@code earlier}), or the member was not found, or the member is locked and {@code ledger} is
 * their ledger as read <em>after</em> the lock was granted.
 */
public record SaleStart(Optional<SaleRecord> earlier, Optional<Member> member, MemberLedger ledger) {

    public SaleStart {
        Objects.requireNonNull(earlier, "earlier");
        Objects.requireNonNull(member, "member");
        if (earlier.isEmpty() && member.isPresent()) {
            Objects.requireNonNull(ledger, "ledger of a locked member");
        }
    }

    public static SaleStart replay(SaleRecord earlier) {
        return new SaleStart(Optional.of(earlier), Optional.empty(), null);
    }

    public static SaleStart memberNotFound() {
        return new SaleStart(Optional.empty(), Optional.empty(), null);
    }

    public static SaleStart locked(Member member, MemberLedger ledger) {
        return new SaleStart(Optional.empty(), Optional.of(member), ledger);
    }
}
