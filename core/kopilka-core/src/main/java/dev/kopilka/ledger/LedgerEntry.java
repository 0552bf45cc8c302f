package dev.kopilka.ledger;

import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.List;

/**
 * One immutable line of a member's points history. Entries are only ever appended; a correction is a new
 * entry that references the one it corrects ({@code relatedEntryId}).
 *
 * @param points     the change of the member's balance total (available + pending + reserved - debt)
 * @param lotId      the lot this entry created (EARN, GRANT, RESTORE into a regranted lot), else null
 * @param consumptions which lots gave (positive) or received (negative) points
 * @param debtChange how much the member's debt grew (positive) or shrank (negative)
 * @param reference  receipt id, ticket, return id or grant key the entry belongs to
 */
public record LedgerEntry(
        String id,
        MemberId member,
        EntryType type,
        long points,
        Instant at,
        String reference,
        String lotId,
        List<LotConsumption> consumptions,
        long debtChange,
        String relatedEntryId,
        String note) {

    public LedgerEntry {
        consumptions = List.copyOf(consumptions);
    }
}
