package dev.kopilka.checkout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AllocationTest {

    @Property
    void partsAddUpAndNeverExceedTheirWeight(@ForAll @Size(min = 1, max = 20) long[] rawWeights,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long seed) {
        long[] weights = Arrays.stream(rawWeights).map(w -> Math.abs(w % 10_000_000_000L)).toArray();
        long sum = Arrays.stream(weights).sum();
        long total = sum == 0 ? 0 : seed % (sum + 1);
        long[] parts = Allocation.proportional(total, weights);
        assertThat(Arrays.stream(parts).sum()).isEqualTo(total);
        for (int i = 0; i < parts.length; i++) {
            assertThat(parts[i]).isBetween(0L, weights[i]);
        }
    }

    @Test
    void hugeProductsStayExact() {
        long[] parts = Allocation.proportional(Long.MAX_VALUE / 2, new long[] {Long.MAX_VALUE / 2, Long.MAX_VALUE / 2});
        assertThat(parts[0] + parts[1]).isEqualTo(Long.MAX_VALUE / 2);
    }

    @Test
    void tiesGoToTheFirstLine() {
        assertThat(Allocation.proportional(100, new long[] {333, 333, 333})).containsExactly(34, 33, 33);
    }
}
