package dev.kopilka.checkout.port;

import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Secondary port: the pending one-time codes that confirm a redemption at the till, one per receipt (txid) of the
 * program. Kept by the store, written in the till's transaction, so a pending code survives a restart and every
 * application instance on the same store sees it. Only a salted hash of each code is kept. Checked by
 * {@code RedemptionCodeStoreContract} in kopilka-testkit.
 */
public interface RedemptionCodeStore {

    /** The receipt's pending code, expired or not. */
    Optional<PendingCode> find(String txid);

    /** Keeps the receipt's pending code, replacing the one it had. */
    void put(PendingCode code);

    /** Forgets the receipt's code (it was used, or voided by wrong attempts); nothing when there is none. */
    void remove(String txid);

    /** Forgets every code of the program expired at {@code now} (its expiry not after it); how many. */
    int removeExpired(Instant now);

    /**
     * A pending code: for whom, for how many points, the salted SHA-256 of the code (hex), until when, and how many
     * wrong attempts are left.
     */
    record PendingCode(String txid, MemberId member, long points, String salt, String hash, Instant expiresAt,
            int attemptsLeft) {

        public PendingCode {
            Objects.requireNonNull(txid, "txid");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /** The same code after one more wrong attempt. */
        public PendingCode withAttemptsLeft(int left) {
            return new PendingCode(txid, member, points, salt, hash, expiresAt, left);
        }
    }
}
