package dev.kopilka.internal;

import dev.kopilka.Outcome;
import dev.kopilka.ProgramId;
import dev.kopilka.ledger.Balance;
import dev.kopilka.ledger.Grant;
import dev.kopilka.ledger.LedgerEntry;
import dev.kopilka.member.Member;
import dev.kopilka.member.MemberId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The ledger's bulk operations for the campaigns' daily sweep (a page of members in one transaction): the same
 * outcome member by member as the single-member calls, with the store asked in bulk.
 */
public interface BulkLedger {

    /** One member's grant in {@link #grantAll}. */
    record MemberGrant(MemberId member, Grant grant) {
    }

    /** A grant's entry and the member's balance right after it (null if it could not be read). */
    record Granted(LedgerEntry entry, Balance balance) {
    }

    /**
     * {@code Ledger.grant} for many members in one transaction (the caller's, when inside one); outcomes in the
     * order of {@code grants}.
     */
    List<Outcome<Granted>> grantAll(ProgramId program, List<MemberGrant> grants);

    /** {@code Ledger.balance} of many members at once (in the caller's transaction when inside one). */
    Map<MemberId, Balance> balances(ProgramId program, Collection<Member> members);
}
