package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.ProgramId;
import dev.kopilka.checkout.port.RedemptionCodeStore;
import dev.kopilka.checkout.port.RedemptionCodeStore.PendingCode;
import dev.kopilka.member.MemberId;
import dev.kopilka.store.port.KopilkaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every store's {@link RedemptionCodeStore} must pass: a pending code is kept exactly and found from
 * another transaction, replaced, removed, rolled back with its transaction, swept when expired, and never seen
 * by another program. Part of {@link KopilkaStoreContract}, so every store that passes that kit passes this.
 */
public abstract class RedemptionCodeStoreContract {

    /** Nanosecond precision on purpose: stores must keep instants exactly. */
    protected static final Instant T0 = Instant.parse("2026-03-02T09:00:00.123456789Z");

    protected abstract KopilkaStore store();

    protected abstract ProgramId program();

    private <T> T write(Function<RedemptionCodeStore, T> work) {
        return store().inTransaction(program(), tx -> work.apply(tx.redemptionCodes()));
    }

    private Optional<PendingCode> find(String txid) {
        return store().readOnly(program(), tx -> tx.redemptionCodes().find(txid));
    }

    private static PendingCode code(String txid, String member, long points, Instant expiresAt, int attempts) {
        return new PendingCode(txid, MemberId.of(member), points, "00112233445566778899aabbccddeeff",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", expiresAt, attempts);
    }

    @Test
    @DisplayName("a pending code is kept exactly, replaced by the receipt's next one, and removed")
    void keptReplacedRemoved() {
        PendingCode first = code("till-1-0001", "m1", 1_500, T0.plus(Duration.ofMinutes(5)), 3);
        write(s -> {
            s.put(first);
            return null;
        });
        assertThat(find("till-1-0001")).contains(first);
        assertThat(find("till-1-0002")).isEmpty();

        PendingCode wrongOnce = first.withAttemptsLeft(2);
        write(s -> {
            s.put(wrongOnce);
            return null;
        });
        assertThat(find("till-1-0001")).contains(wrongOnce);
        PendingCode reissued = code("till-1-0001", "m1", 2_000, T0.plus(Duration.ofMinutes(9)), 3);
        write(s -> {
            s.put(reissued);
            return null;
        });
        assertThat(find("till-1-0001")).contains(reissued);

        write(s -> {
            s.remove("till-1-0001");
            s.remove("till-1-0404"); // none: nothing happens
            return null;
        });
        assertThat(find("till-1-0001")).isEmpty();
    }

    @Test
    @DisplayName("what a transaction wrote to the codes is undone when it fails")
    void rolledBackWithTheTransaction() {
        PendingCode kept = code("r-1", "m1", 700, T0.plus(Duration.ofMinutes(5)), 3);
        write(s -> {
            s.put(kept);
            return null;
        });
        assertThatThrownBy(() -> write(s -> {
            s.put(code("r-2", "m2", 800, T0.plus(Duration.ofMinutes(5)), 3));
            s.put(kept.withAttemptsLeft(1));
            s.remove("r-1");
            throw new IllegalStateException("the till went away");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(find("r-1")).contains(kept);
        assertThat(find("r-2")).isEmpty();
    }

    @Test
    @DisplayName("expired codes are swept (expiry at or before now), pending ones stay")
    void expiredAreSwept() {
        write(s -> {
            s.put(code("old", "m1", 100, T0.minusSeconds(1), 3));
            s.put(code("edge", "m2", 100, T0, 3));
            s.put(code("live", "m3", 100, T0.plusNanos(1), 3));
            return null;
        });
        assertThat(this.<Integer>write(s -> s.removeExpired(T0))).isEqualTo(2);
        assertThat(find("old")).isEmpty();
        assertThat(find("edge")).isEmpty();
        assertThat(find("live")).isPresent();
    }

    @Test
    @DisplayName("programs never see each other's codes")
    void programsAreIsolated() {
        write(s -> {
            s.put(code("same-txid", "m1", 100, T0.plus(Duration.ofMinutes(5)), 3));
            return null;
        });
        ProgramId other = ProgramId.of(program().value() + "-other");
        Optional<PendingCode> seen = store().readOnly(other, tx -> tx.redemptionCodes().find("same-txid"));
        assertThat(seen).isEmpty();
        int swept = store().inTransaction(other, tx -> tx.redemptionCodes().removeExpired(T0.plus(Duration.ofDays(1))));
        assertThat(swept).isZero();
        assertThat(find("same-txid")).isPresent();
    }
}
