package dev.kopilka.checkout.internal;

import dev.kopilka.ProgramId;
import dev.kopilka.Refusal;
import dev.kopilka.checkout.RedemptionConfirmation;
import dev.kopilka.member.MemberId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-time codes that confirm a redemption at the till, one per receipt (program + txid).
 *
 * <p>Kept IN MEMORY: a restart voids pending codes, and the till's next request without a code sends a new one
 * (codes live minutes, so no store port was added for them). With several application instances behind a
 * balancer the till must reach the same instance for the retry, or the member gets a second code. Only a salted
 * SHA-256 of each code is kept; the plain code exists only in the outbox message to the member.
 */
final class RedemptionCodes {

    private static final int DIGITS = 6;
    /** Bounds memory when tills ask for codes and never come back; the oldest expired ones go first. */
    private static final int MAX_PENDING = 100_000;

    private record Key(ProgramId program, String txid) {
    }

    private record Pending(MemberId member, long points, String hash, Instant expiresAt, int attemptsLeft) {
    }

    /** What {@link #check} decided: go on (refusal null), or refuse; {@code issued} is a new plain code to send. */
    record Verdict(Refusal refusal, String issued, Instant expiresAt) {
    }

    private final RedemptionConfirmation settings;
    private final SecureRandom random = new SecureRandom();
    private final byte[] salt = new byte[16];
    private final Map<Key, Pending> pending = new ConcurrentHashMap<>();

    RedemptionCodes(RedemptionConfirmation settings) {
        this.settings = settings;
        random.nextBytes(salt);
    }

    boolean appliesTo(long points) {
        return settings.appliesTo(points);
    }

    /** Checks the code given with a redemption of {@code points}, or issues one when none was given. */
    synchronized Verdict check(ProgramId program, String txid, MemberId member, long points, String code,
            Instant now) {
        Key key = new Key(program, txid);
        Pending p = pending.get(key);
        boolean valid = p != null && p.expiresAt().isAfter(now) && p.member().equals(member) && p.points() == points;
        if (code == null) {
            if (valid) {
                return new Verdict(new Refusal.ConfirmationRequired(txid, points, p.expiresAt(), false), null,
                        p.expiresAt());
            }
            evictExpired(now);
            String issued = String.format("%0" + DIGITS + "d", random.nextInt((int) Math.pow(10, DIGITS)));
            Instant expiresAt = now.plus(settings.ttl());
            pending.put(key, new Pending(member, points, hash(txid, issued), expiresAt, settings.maxAttempts()));
            return new Verdict(new Refusal.ConfirmationRequired(txid, points, expiresAt, true), issued, expiresAt);
        }
        if (!valid) {
            return new Verdict(new Refusal.ConfirmationExpired(txid), null, null);
        }
        if (!MessageDigest.isEqual(hash(txid, code).getBytes(StandardCharsets.US_ASCII),
                p.hash().getBytes(StandardCharsets.US_ASCII))) {
            int left = p.attemptsLeft() - 1;
            if (left <= 0) {
                pending.remove(key);
            } else {
                pending.put(key, new Pending(p.member(), p.points(), p.hash(), p.expiresAt(), left));
            }
            return new Verdict(new Refusal.WrongConfirmationCode(txid, left), null, null);
        }
        return new Verdict(null, null, p.expiresAt());
    }

    /** The redemption went through: the code cannot be used again. */
    void used(ProgramId program, String txid) {
        pending.remove(new Key(program, txid));
    }

    private void evictExpired(Instant now) {
        if (pending.size() >= MAX_PENDING) {
            pending.values().removeIf(p -> !p.expiresAt().isAfter(now));
            if (pending.size() >= MAX_PENDING) {
                pending.clear(); // a flood: tills asked again get new codes
            }
        }
    }

    private String hash(String txid, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update((txid + ':' + code).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
