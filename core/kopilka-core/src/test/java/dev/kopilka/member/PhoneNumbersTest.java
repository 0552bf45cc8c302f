package dev.kopilka.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.InvalidRequestException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"8 (999) 123-45-67", "+7 999 1234567", "89991234567", "79991234567", "9991234567",
            "+7 (999) 123-45-67", "8.999.123.45.67", " +79991234567 "})
    void russianFormatsBecomeE164(String raw) {
        assertThat(PhoneNumbers.normalize(raw, 7)).isEqualTo("+79991234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8 999 CALL-ME", "12345", "+7 999 123", "+7 999 123 45 67 89", "+0 123 456 789", "", "   "})
    void garbageIsRefusedNamingTheField(String raw) {
        assertThatThrownBy(() -> PhoneNumbers.normalize(raw, 7))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("phone"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+49 30 1234567", "+375 29 123-45-67"})
    void internationalNumbersKeepTheirCountry(String raw) {
        assertThat(PhoneNumbers.normalize(raw, 7)).startsWith("+" + raw.replaceAll("[^0-9]", "").substring(0, 2));
    }

    @Property
    void anyFormattingOfOneNumberNormalisesAlike(@ForAll("formatted") String raw) {
        assertThat(PhoneNumbers.normalize(raw, 7)).isEqualTo("+79161234567");
    }

    @Provide
    Arbitrary<String> formatted() {
        Arbitrary<String> prefix = Arbitraries.of("8", "+7", "7", "", "+7 ", "8 ");
        Arbitrary<String> sep = Arbitraries.of("", " ", "-", ".");
        return net.jqwik.api.Combinators.combine(prefix, sep, Arbitraries.of(true, false), sep, sep)
                .as((p, s1, parens, s2, s3) -> p + s1 + (parens ? "(916)" : "916") + s2 + "123" + s3 + "45" + s1 + "67");
    }
}
