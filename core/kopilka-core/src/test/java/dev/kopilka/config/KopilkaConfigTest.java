package dev.kopilka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.ProgramId;
import dev.kopilka.checkout.ExpiredLotReturnPolicy;
import dev.kopilka.checkout.OverspentReturnPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KopilkaConfigTest {

    @Test
    void everyKeyHasItsDefault() {
        KopilkaConfig c = KopilkaConfig.defaults();
        assertThat(c.programId()).isEqualTo(ProgramId.of("default"));
        assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(c.storeName()).isEqualTo("auto");
        assertThat(c.pointValueKopecks()).isEqualTo(100);
        assertThat(c.earningRatePercent()).isEqualByComparingTo("5");
        assertThat(c.earningDelay()).isEqualTo(Period.ofDays(1));
        assertThat(c.earningValidity()).isEmpty();
        assertThat(c.inactivityExpiry()).isEmpty();
        assertThat(c.grantDefaultValidity()).isEmpty();
        assertThat(c.redemptionMaxPercent()).isEqualByComparingTo("30");
        assertThat(c.tierSpendWindow()).isEmpty();
        assertThat(c.tierReviewPeriod()).isEqualTo(Period.ofMonths(1));
        assertThat(c.tiers()).containsExactly(new TierSpec("base", 0, new BigDecimal("5")));
        assertThat(c.holdTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.overspentReturnPolicy()).isEqualTo(OverspentReturnPolicy.NEGATIVE_BALANCE);
        assertThat(c.expiredLotReturnPolicy()).isEqualTo(ExpiredLotReturnPolicy.REGRANT);
        assertThat(c.regrantValidity()).isEqualTo(Period.ofDays(30));
        assertThat(c.promoCodeLength()).isEqualTo(8);
        assertThat(c.promoCodePrefix()).isEmpty();
        assertThat(c.defaultCountryCode()).isEqualTo(7);
        assertThat(c.validate()).isEmpty();
    }

    @Test
    void theCosmeticsChainsRulesParse() {
        KopilkaConfig c = KopilkaConfig.fromMap(Map.of(
                "kopilka.redemption.max-percent", "30", "kopilka.earning.delay", "P1D",
                "kopilka.earning.expire-after-inactivity", "P1Y", "kopilka.points.value", "1.00",
                "kopilka.tiers.base.spend-from", "0", "kopilka.tiers.base.rate", "5",
                "kopilka.tiers.silver.spend-from", "30000", "kopilka.tiers.silver.rate", "7",
                "kopilka.tiers.gold.spend-from", "100000", "kopilka.tiers.gold.rate", "10")).requireValid();
        assertThat(c.inactivityExpiry()).contains(Period.ofYears(1));
        assertThat(c.tiers()).extracting(TierSpec::name, TierSpec::spendFromKopecks)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("base", 0L),
                        org.assertj.core.groups.Tuple.tuple("silver", 3_000_000L),
                        org.assertj.core.groups.Tuple.tuple("gold", 10_000_000L));
    }

    @Test
    void moneyIsExactToTheKopeck() {
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.points.value", "0.5")).pointValueKopecks()).isEqualTo(50);
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.points.value", " 2.10 ")).pointValueKopecks()).isEqualTo(210);
        assertProblem("kopilka.points.value", "1.005", "at most 2 decimals");
        assertProblem("kopilka.points.value", "-1", "must be positive");
        assertProblem("kopilka.points.value", "0", "must be positive");
        assertProblem("kopilka.points.value", "one rouble", "amount in RUB");
    }

    @Test
    void percentagesPeriodsAndChoicesAreChecked() {
        assertProblem("kopilka.redemption.max-percent", "130", "between 0 and 100");
        assertProblem("kopilka.earning.rate", "-1", "between 0 and 100");
        assertProblem("kopilka.earning.delay", "1 day", "ISO-8601");
        assertProblem("kopilka.earning.delay", "P-1D", "must not be negative");
        assertProblem("kopilka.tiers.review-period", "P0D", "longer than zero");
        assertProblem("kopilka.checkout.hold-ttl", "P1M", "fixed duration");
        assertProblem("kopilka.returns.overspent-policy", "forgive", "negative, cap");
        assertProblem("kopilka.returns.expired-lot-policy", "drop", "regrant, expire");
        assertProblem("kopilka.program.zone", "Mars/Olympus", "time zone");
        assertProblem("kopilka.promo.code-length", "3", "between 4 and 32");
        assertProblem("kopilka.promo.code-prefix", "kb_", "A-Z");
        assertProblem("kopilka.members.default-country-code", "abc", "whole number");
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.earning.validity", "P1Y")).earningValidity())
                .contains(Period.ofYears(1));
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.earning.delay", "PT2H")).earningDelay())
                .isEqualTo(Duration.ofHours(2));
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.returns.overspent-policy", "CAP")).overspentReturnPolicy())
                .isEqualTo(OverspentReturnPolicy.CAP_AT_AVAILABLE);
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.tiers.spend-window", "P12M")).tierSpendWindow())
                .contains(Period.ofMonths(12));
    }

    @Test
    void allProblemsAreReportedAtOnceNamingKeyRuleAndValue() {
        KopilkaConfig c = KopilkaConfig.fromMap(Map.of(
                "kopilka.redemption.max-percent", "130",
                "kopilka.earning.delay", "tomorrow",
                "kopilka.redemtion.max-percent", "30",
                "spring.datasource.url", "ignored"));

        List<ConfigProblem> problems = c.validate();

        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "kopilka.redemption.max-percent", "kopilka.earning.delay", "kopilka.redemtion.max-percent");
        ConfigProblem typo = problems.stream().filter(p -> p.key().equals("kopilka.redemtion.max-percent")).findFirst()
                .orElseThrow();
        assertThat(typo.rule()).isEqualTo("unknown key");
        assertThat(typo.suggestion()).isEqualTo("kopilka.redemption.max-percent");
        assertThatThrownBy(c::requireValid).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("3 configuration problems")
                .hasMessageContaining("kopilka.redemption.max-percent: must be between 0 and 100 (was '130')")
                .hasMessageContaining("did you mean kopilka.redemption.max-percent?");
    }

    @Test
    void keysOfOtherModulesAreLeftToThem() {
        assertThat(KopilkaConfig.fromMap(Map.of("kopilka.jdbc.url", "jdbc:h2:mem:x", "kopilka.telegram.token", "t"))
                .validate()).isEmpty();
    }

    @Test
    void tiersAreValidatedAsAWhole() {
        assertThat(problems(Map.of("kopilka.tiers.silver.spend-from", "30000")))
                .anySatisfy(p -> assertThat(p).hasToString("kopilka.tiers.silver.rate: is required for tier silver"));
        assertThat(problems(Map.of("kopilka.tiers.silver.spend-from", "30000", "kopilka.tiers.silver.rate", "7")))
                .anySatisfy(p -> assertThat(p.rule()).isEqualTo("the lowest tier must start at 0"));
        assertThat(problems(Map.of("kopilka.tiers.base.spend-from", "0", "kopilka.tiers.base.rate", "7",
                "kopilka.tiers.silver.spend-from", "30000", "kopilka.tiers.silver.rate", "5")))
                .anySatisfy(p -> assertThat(p.key()).isEqualTo("kopilka.tiers.silver.rate"));
        assertThat(problems(Map.of("kopilka.tiers.base.spend-from", "0", "kopilka.tiers.base.rate", "5",
                "kopilka.tiers.other.spend-from", "0", "kopilka.tiers.other.rate", "6")))
                .anySatisfy(p -> assertThat(p.rule()).startsWith("two tiers cannot start at the same spend"));
        assertThat(problems(Map.of("kopilka.tiers.Gold!.spend-from", "0", "kopilka.tiers.Gold!.rate", "5")))
                .anySatisfy(p -> assertThat(p.rule()).contains("tier names"));
    }

    @Test
    void aFileIsReadAsUtf8AndAMissingOneIsAClearError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("loyalty.properties");
        Files.writeString(file, "# программа лояльности\nkopilka.program.id=косметика\nkopilka.redemption.max-percent=25\n",
                StandardCharsets.UTF_8);
        KopilkaConfig c = KopilkaConfig.load(file).requireValid();
        assertThat(c.programId().value()).isEqualTo("косметика");
        assertThat(c.redemptionMaxPercent()).isEqualByComparingTo("25");
        assertThat(c.source()).isEqualTo(file.toString());

        assertThatThrownBy(() -> KopilkaConfig.load(dir.resolve("nope.properties")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("nope.properties")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void anAccessorNeverFallsBackToTheDefaultForABadValue() {
        KopilkaConfig c = KopilkaConfig.fromMap(Map.of("kopilka.redemption.max-percent", "thirty"));
        assertThatThrownBy(c::redemptionMaxPercent).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("kopilka.redemption.max-percent");
    }

    @Test
    void theEffectiveConfigurationListsEveryKey() {
        Map<String, String> effective = KopilkaConfig.fromMap(Map.of("kopilka.earning.delay", "P0D")).effective();
        assertThat(effective).containsEntry("kopilka.earning.delay", "P0D").containsEntry("kopilka.program.zone",
                "Europe/Moscow").containsKey("kopilka.tiers.base");
        assertThat(ConfigKeys.all()).extracting(ConfigKey::key).doesNotHaveDuplicates().allMatch(k -> k.startsWith("kopilka."));
    }

    private static List<ConfigProblem> problems(Map<String, String> props) {
        return KopilkaConfig.fromMap(props).validate();
    }

    private static void assertProblem(String key, String value, String ruleFragment) {
        List<ConfigProblem> problems = problems(Map.of(key, value));
        assertThat(problems).as("problems of %s=%s", key, value).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(key);
            assertThat(p.rule()).contains(ruleFragment);
            assertThat(p.value()).isEqualTo(value);
        });
    }

}
