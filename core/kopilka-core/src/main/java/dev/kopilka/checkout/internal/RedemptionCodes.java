package dev.kopilka.checkout.internal;

import dev.kopilka.Refusal;
import dev.kopilka.checkout.RedemptionConfirmation;
import dev.kopilka.checkout.port.RedemptionCodeStore;
import dev.kopilka.checkout.port.RedemptionCodeStore.PendingCode;
import dev.kopilka.member.MemberId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The one-time codes that confirm a redemption at the till, one per receipt (program + txid), kept by the store
 * ({@link RedemptionCodeStore}) in the till's own transaction: a pending code survives a restart and is the same
 * for every application instance on the store, so the till's retry may reach any of them. Only a salted SHA-256 of
 * each code is kept (a random salt per code); the plain code exists only in the outbox message to the member.
 */
final class RedemptionCodes {

    private static final int DIGITS = 6;

    /** What {@link #check} decided: go on (refusal null), or refuse; {@code issued} is a new plain code to send. */
    record Verdict(Refusal refusal, String issued, Instant expiresAt) {
    }

    private final RedemptionConfirmation settings;
    private final SecureRandom random = new SecureRandom();

    RedemptionCodes(RedemptionConfirmation settings) {
        this.settings = settings;
    }

    boolean appliesTo(long points) {
        return settings.appliesTo(points);
    }

    /**
     * Checks the code given with a redemption of {@code points}, or issues one when none was given; in the till's
     * transaction, under the member's lock (so two tills cannot race on one receipt's code).
     */
    Verdict check(RedemptionCodeStore store, String txid, MemberId member, long points, String code, Instant now) {
        PendingCode p = store.find(txid).orElse(null);
        boolean valid = p != null && p.expiresAt().isAfter(now) && p.member().equals(member) && p.points() == points;
        if (code == null) {
            if (valid) {
                return new Verdict(new Refusal.ConfirmationRequired(txid, points, p.expiresAt(), false), null,
                        p.expiresAt());
            }
            store.removeExpired(now); // housekeeping: tills that asked for a code and never came back
            String issued = String.format("%0" + DIGITS + "d", random.nextInt((int) Math.pow(10, DIGITS)));
            Instant expiresAt = now.plus(settings.ttl());
            byte[] saltBytes = new byte[16];
            random.nextBytes(saltBytes);
            String salt = HexFormat.of().formatHex(saltBytes);
            store.put(new PendingCode(txid, member, points, salt, hash(salt, txid, issued), expiresAt,
                    settings.maxAttempts()));
            return new Verdict(new Refusal.ConfirmationRequired(txid, points, expiresAt, true), issued, expiresAt);
        }
        if (!valid) {
            return new Verdict(new Refusal.ConfirmationExpired(txid), null, null);
        }
        if (!MessageDigest.isEqual(hash(p.salt(), txid, code).getBytes(StandardCharsets.US_ASCII),
                p.hash().getBytes(StandardCharsets.US_ASCII))) {
            int left = p.attemptsLeft() - 1;
            if (left <= 0) {
                store.remove(txid);
            } else {
                store.put(p.withAttemptsLeft(left));
            }
            return new Verdict(new Refusal.WrongConfirmationCode(txid, left), null, null);
        }
        return new Verdict(null, null, p.expiresAt());
    }

    /** The redemption goes through in this transaction: the code cannot be used again once it commits. */
    void used(RedemptionCodeStore store, String txid) {
        store.remove(txid);
    }

    private static String hash(String salt, String txid, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(salt));
            sha.update((txid + ':' + code).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
