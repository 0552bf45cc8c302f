package dev.kopilka.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.messaging.Channel;
import dev.kopilka.segment.internal.SegmentCatalog;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentSyntaxTest {

    @Test
    void parsesEveryConditionWithPrecedence() {
        SegmentRule rule = SegmentSyntax.parse("days-since-purchase >= 60 and purchases(P365D) >= 2 or not "
                + "reachable(telegram)");
        assertThat(rule).isEqualTo(new SegmentRule.AnyOf(List.of(
                new SegmentRule.AllOf(List.of(new SegmentRule.DaysSinceLastPurchase(60, null),
                        new SegmentRule.PurchaseCount(Period.ofDays(365), 2, null))),
                new SegmentRule.Not(new SegmentRule.Reachable(Channel.TELEGRAM)))));
        assertThat(SegmentSyntax.parse("spend(P1Y) in 6000..10000.50")).isEqualTo(
                new SegmentRule.PurchaseSum(Period.ofYears(1), 600_000, 1_000_050L));
        assertThat(SegmentSyntax.parse("store in (msk-1, 'Tver Central')")).isEqualTo(
                new SegmentRule.PurchasedAtStore(Set.of("msk-1", "Tver Central"), null));
        assertThat(SegmentSyntax.parse("tier = gold")).isEqualTo(new SegmentRule.InTier(Set.of("gold")));
        assertThat(SegmentSyntax.parse("days-to-birthday = 2")).isEqualTo(new SegmentRule.BirthdayInDays(2, 2));
        assertThat(SegmentSyntax.parse("age < 30")).isEqualTo(new SegmentRule.Age(0, 29));
        assertThat(SegmentSyntax.parse("purchases > 3")).isEqualTo(new SegmentRule.PurchaseCount(null, 4, null));
        assertThat(SegmentSyntax.parse("rfm-monetary >= 4")).isEqualTo(new SegmentRule.Rfm(1, 5, 1, 5, 4, 5));
        assertThat(SegmentSyntax.parse("average-receipt <= 1500")).isEqualTo(new SegmentRule.AverageReceipt(0, 150_000L));
        assertThat(SegmentSyntax.parse("not (segment(vip) or blocked)")).isEqualTo(new SegmentRule.Not(
                new SegmentRule.AnyOf(List.of(new SegmentRule.Named("vip"), new SegmentRule.Blocked()))));
        assertThat(SegmentSyntax.parse("days-since-joining in 0..30 and days-since-purchase <= 7")).isEqualTo(
                new SegmentRule.AllOf(List.of(new SegmentRule.DaysSinceJoining(0, 30),
                        new SegmentRule.DaysSinceLastPurchase(0, 7))));
    }

    @Test
    void formattedRulesParseBackToTheSameRule() {
        for (String text : List.of("days-since-purchase >= 60 and purchases(P365D) >= 2",
                "(tier in (gold, silver) or store(P90D) in (msk-1)) and not reachable(sms)",
                "spend in 6000..10000 and average-receipt >= 99.9 and age in 18..35",
                "rfm-recency in 4..5 and rfm-frequency >= 4 and rfm-monetary = 5", "days-to-birthday in 0..7",
                "not (segment(vip) and blocked)")) {
            SegmentRule rule = SegmentSyntax.parse(text);
            assertThat(SegmentSyntax.parse(SegmentSyntax.format(rule))).as(text).isEqualTo(rule);
        }
    }

    @Test
    void errorsNameThePositionAndTheBadToken() {
        assertThatThrownBy(() -> SegmentSyntax.parse("days-since-purchase >= 60 and purchses(P30D) >= 2"))
                .isInstanceOfSatisfying(SegmentSyntaxException.class, e -> {
                    assertThat(e.position()).isEqualTo(31);
                    assertThat(e.token()).isEqualTo("purchses");
                });
        assertThatThrownBy(() -> SegmentSyntax.parse("purchases(30 days) >= 2"))
                .isInstanceOfSatisfying(SegmentSyntaxException.class, e -> assertThat(e.token()).isEqualTo("30"));
        assertThatThrownBy(() -> SegmentSyntax.parse("spend >= 10.005"))
                .isInstanceOfSatisfying(SegmentSyntaxException.class, e -> assertThat(e.problem()).contains("2 decimals"));
        assertThatThrownBy(() -> SegmentSyntax.parse("rfm-monetary = 6"))
                .isInstanceOfSatisfying(SegmentSyntaxException.class, e -> assertThat(e.token()).isEqualTo("6"));
        assertThatThrownBy(() -> SegmentSyntax.parse("age in 30..20")).isInstanceOf(SegmentSyntaxException.class);
        assertThatThrownBy(() -> SegmentSyntax.parse("purchases >= 2 and"))
                .isInstanceOfSatisfying(SegmentSyntaxException.class, e -> assertThat(e.token()).isNull());
        assertThatThrownBy(() -> SegmentSyntax.parse("purchases >= 2 purchases >= 3"))
                .isInstanceOfSatisfying(SegmentSyntaxException.class, e -> assertThat(e.position()).isEqualTo(16));
        assertThatThrownBy(() -> SegmentSyntax.parse("reachable(fax)")).isInstanceOf(SegmentSyntaxException.class);
        assertThatThrownBy(() -> SegmentSyntax.parse("tier ~ gold")).isInstanceOf(SegmentSyntaxException.class);
    }

    @Test
    void builtInsExistAndCanBeOverridden() {
        SegmentCatalog defaults = SegmentCatalog.from(KopilkaConfig.defaults());
        assertThat(defaults.definitions()).extracting(SegmentDefinition::name)
                .containsExactlyInAnyOrder("regulars", "churn-risk", "loyal", "vip");
        SegmentCatalog custom = SegmentCatalog.from(KopilkaConfig.fromMap(Map.of(
                "kopilka.segments.vip.rule", "spend(P365D) >= 50000",
                "kopilka.segments.sleeping-vip.rule", "segment(vip) and days-since-purchase >= 90",
                "kopilka.segments.sleeping-vip.description", "VIPs who went quiet")));
        assertThat(custom.definition("vip").orElseThrow().builtIn()).isFalse();
        assertThat(custom.resolve(new SegmentRule.Named("sleeping-vip"))).isEqualTo(new SegmentRule.AllOf(List.of(
                new SegmentRule.PurchaseSum(Period.ofDays(365), 5_000_000, null),
                new SegmentRule.DaysSinceLastPurchase(90, null))));
    }

    @Test
    void everyProblemOfTheSegmentKeysIsReportedAtOnce() {
        KopilkaConfig config = KopilkaConfig.fromMap(Map.of(
                "kopilka.segments.a.rule", "purchases >= 2 and segment(b)",
                "kopilka.segments.b.rule", "segment(a)",
                "kopilka.segments.c.rule", "days-since-purchase >> 3",
                "kopilka.segments.d.rule", "segment(regualrs)",
                "kopilka.segments.e.rulez", "blocked",
                "kopilka.segments.Bad_Name.rule", "blocked"));
        assertThatThrownBy(() -> SegmentCatalog.from(config)).isInstanceOfSatisfying(
                InvalidConfigurationException.class, e -> {
                    List<ConfigProblem> p = e.problems();
                    assertThat(p).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                            "kopilka.segments.a.rule", "kopilka.segments.c.rule", "kopilka.segments.d.rule",
                            "kopilka.segments.e.rulez", "kopilka.segments.Bad_Name.rule");
                    assertThat(p).anySatisfy(q -> {
                        assertThat(q.rule()).contains("position 22");
                        assertThat(q.value()).isEqualTo(">");
                    });
                    assertThat(p).anySatisfy(q -> assertThat(q.suggestion()).isEqualTo("regulars"));
                    assertThat(p).anySatisfy(q -> assertThat(q.rule()).contains("cycle"));
                });
    }
}
