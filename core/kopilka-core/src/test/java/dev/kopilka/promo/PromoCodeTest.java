package dev.kopilka.promo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.InvalidRequestException;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromoCodeTest {

    private static final Instant T = Instant.parse("2025-06-01T10:00:00Z");
    private static final MemberId ANNA = MemberId.of("anna");

    private static PromoCode code(PromoDiscount discount, long min, Instant from, Instant until, MemberId owner,
            int maxUses, int uses) {
        return new PromoCode("welcome-500", discount, min, from, until, owner, maxUses, uses, true, "welcome", T);
    }

    @Test
    void percentRoundsDownToTheKopeckAndFixedNeverExceedsTheReceipt() {
        assertThat(PromoDiscount.percent(12).discountKopecks(12_345)).isEqualTo(1_481);
        assertThat(new PromoDiscount.Percent(new java.math.BigDecimal("15")).discountKopecks(99)).isEqualTo(14);
        assertThat(PromoDiscount.rubles(500).discountKopecks(100_000)).isEqualTo(50_000);
        assertThat(PromoDiscount.rubles(500).discountKopecks(30_000)).isEqualTo(30_000);
        assertThatThrownBy(() -> PromoDiscount.percent(0)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> PromoDiscount.percent(101)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void codesAreCaseInsensitive() {
        assertThat(code(PromoDiscount.percent(12), 0, null, null, null, 1, 0).code()).isEqualTo("WELCOME-500");
        assertThatThrownBy(() -> PromoCode.normalize("no spaces")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theMinimumReceiptCountsAtTheThreshold() {
        PromoCode c = code(PromoDiscount.percent(12), 600_000, null, null, null, 10, 0);
        assertThat(c.check(ANNA, 600_000, T)).isInstanceOf(PromoCheck.Applicable.class);
        PromoCheck below = c.check(ANNA, 599_999, T);
        assertThat(below).isInstanceOf(PromoCheck.ConditionsNotMet.class);
        assertThat(below.maxmaCode()).isEqualTo(34);
        assertThat(below.message()).contains("6000.00 RUB").contains("5999.99 RUB");
    }

    @Test
    void theValidityWindowIncludesItsStartAndExcludesItsEnd() {
        Instant until = T.plusSeconds(3600);
        PromoCode c = code(PromoDiscount.percent(15), 0, T, until, null, 10, 0);
        assertThat(c.check(null, 1, T.minusMillis(1))).isInstanceOf(PromoCheck.OutsideValidity.class);
        assertThat(c.check(null, 1, T)).isInstanceOf(PromoCheck.Applicable.class);
        assertThat(c.check(null, 1, until.minusMillis(1))).isInstanceOf(PromoCheck.Applicable.class);
        PromoCheck late = c.check(null, 1, until);
        assertThat(late).isInstanceOf(PromoCheck.OutsideValidity.class);
        assertThat(late.maxmaCode()).isEqualTo(36);
    }

    @Test
    void aPersonalCodeIsOnlyForItsOwnerAndASingleUseCodeOnlyOnce() {
        PromoCode personal = code(PromoDiscount.rubles(500), 0, null, null, ANNA, 1, 0);
        assertThat(personal.check(ANNA, 1, T)).isInstanceOf(PromoCheck.Applicable.class);
        assertThat(personal.check(MemberId.of("boris"), 1, T)).isInstanceOf(PromoCheck.ConditionsNotMet.class);
        assertThat(personal.check(null, 1, T)).isInstanceOf(PromoCheck.ConditionsNotMet.class);
        PromoCheck used = personal.withUses(1).check(ANNA, 1, T);
        assertThat(used).isEqualTo(new PromoCheck.UsedUp("WELCOME-500", 1, 1));
        assertThat(used.maxmaCode()).isEqualTo(35);
        assertThatThrownBy(() -> personal.withUses(2)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void generatedCodesAvoidAmbiguousCharactersAndAreReproducibleForASeed() {
        PromoCodeGenerator a = new PromoCodeGenerator(8, "KB-", new Random(3));
        PromoCodeGenerator b = new PromoCodeGenerator(8, "KB-", new Random(3));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String code = a.next();
            assertThat(code).isEqualTo(b.next()).startsWith("KB-").hasSize(11);
            assertThat(code.substring(3)).doesNotContainPattern("[01OIL]");
            assertThat(code.substring(3)).matches("[" + PromoCodeGenerator.ALPHABET + "]{8}");
            seen.add(code);
        }
        assertThat(seen).hasSize(2_000);
    }

    @Test
    void takenCodesAreSkippedAndAnExhaustedSpaceIsReported() {
        PromoCodeGenerator g = new PromoCodeGenerator(4, "", new Random(1));
        String first = new PromoCodeGenerator(4, "", new Random(1)).next();
        assertThat(g.nextUnused(first::equals)).isNotEqualTo(first);
        assertThatThrownBy(() -> g.nextUnused(c -> true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kopilka.promo.code-length");
    }

    @Test
    void aBatchDrawsWhatOneByOneWouldAndRedrawsCollisionsInOneQueryPerRound() {
        PromoCodeGenerator single = new PromoCodeGenerator(6, "B-", new Random(7));
        List<String> oneByOne = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            oneByOne.add(single.nextUnused(c -> false));
        }
        List<Integer> asked = new java.util.ArrayList<>();
        List<String> batch = new PromoCodeGenerator(6, "B-", new Random(7)).nextUnused(50, codes -> {
            asked.add(codes.size());
            return java.util.Set.of();
        });
        assertThat(batch).isEqualTo(oneByOne);
        assertThat(asked).containsExactly(50);

        // Stored codes, and codes twice in the batch, are drawn again; only those are asked about again.
        String[] drawn = new PromoCodeGenerator(4, "", new Random(3)).nextUnused(3, c -> java.util.Set.of())
                .toArray(String[]::new);
        List<java.util.Collection<String>> rounds = new java.util.ArrayList<>();
        List<String> redrawn = new PromoCodeGenerator(4, "", new Random(3)).nextUnused(3, codes -> {
            rounds.add(List.copyOf(codes));
            return rounds.size() == 1 ? java.util.Set.of(drawn[1]) : java.util.Set.of();
        });
        assertThat(redrawn).hasSize(3).doesNotHaveDuplicates().doesNotContain(drawn[1]);
        assertThat(redrawn.get(0)).isEqualTo(drawn[0]);
        assertThat(redrawn.get(2)).isEqualTo(drawn[2]);
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(1)).containsExactly(redrawn.get(1));
        assertThatThrownBy(() -> new PromoCodeGenerator(4, "", new Random(1)).nextUnused(2, c -> java.util.Set.copyOf(c)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kopilka.promo.code-length");
    }
}
