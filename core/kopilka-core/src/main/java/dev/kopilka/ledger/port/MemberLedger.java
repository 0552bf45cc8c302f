package dev.kopilka.ledger.port;

import dev.kopilka.ledger.Account;
import dev.kopilka.ledger.Lot;
import dev.kopilka.ledger.Reservation;
import java.util.List;
import java.util.Optional;

/**
 * What {@code MemberPoints} loads of one member before settling: the account row (none before the first
 * change), the lots that still hold points and the open reservations. A store reads it in one go where it can
 * ({@link LedgerStore#memberLedger}).
 */
public record MemberLedger(Optional<Account> account, List<Lot> lotsWithPoints, List<Reservation> reservations) {

    public MemberLedger {
        account = account == null ? Optional.empty() : account;
        lotsWithPoints = List.copyOf(lotsWithPoints);
        reservations = List.copyOf(reservations);
    }
}
