package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.kopilka.Kopilka;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.member.MemberRef;
import dev.kopilka.member.Registration;
import dev.kopilka.testkit.KopilkaArchitectureRules;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DiscoveryAndConfigTest {

    @Test
    void withKopilkaJdbcOnTheClasspathTheDefaultStoreIsDurable() {
        String url = "jdbc:h2:mem:discovery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Map<String, String> props = Map.of("kopilka.jdbc.url", url, "kopilka.program.id", "shop");
        try (Kopilka first = Kopilka.builder(KopilkaConfig.fromMap(props)).build()) {
            first.members().register(first.program(), Registration.withPhone("+79991234567")).orElseThrow();
        }
        // a second engine on the same database sees the member: the data was not in the first one's memory
        try (Kopilka second = Kopilka.builder(KopilkaConfig.fromMap(props)).build()) {
            assertThat(second.members().find(second.program(), MemberRef.phone("89991234567"))).isPresent();
        }
    }

    @Test
    void anH2UrlGetsALargerStatementCacheUnlessItSetsOne() throws Exception {
        assertThat(JdbcStore.withH2QueryCache("jdbc:h2:file:./data/kopilka"))
                .isEqualTo("jdbc:h2:file:./data/kopilka;QUERY_CACHE_SIZE=" + JdbcStore.H2_QUERY_CACHE_SIZE);
        assertThat(JdbcStore.withH2QueryCache("jdbc:h2:mem:x;query_cache_size=16")).isEqualTo("jdbc:h2:mem:x;query_cache_size=16");

        String url = "jdbc:h2:mem:cache-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (JdbcStore store = JdbcStore.fromConfig(KopilkaConfig.fromMap(Map.of("kopilka.jdbc.url", url)));
                java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                java.sql.ResultSet rs = c.createStatement().executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")) {
            assertThat(store.dialect()).isNotNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(JdbcStore.H2_QUERY_CACHE_SIZE);
        }
    }

    @Test
    void badJdbcSettingsAreReportedTogether() {
        KopilkaConfig config = KopilkaConfig.fromMap(Map.of("kopilka.jdbc.url", "jdbc:oracle:thin:@x",
                "kopilka.jdbc.pool-size", "0", "kopilka.jdbc.table-prefix", "Bad Prefix"));
        assertThatThrownBy(() -> JdbcStore.fromConfig(config))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.key())
                        .containsExactlyInAnyOrder("kopilka.jdbc.url", "kopilka.jdbc.pool-size", "kopilka.jdbc.table-prefix"));
    }

    @Test
    void badJdbcSettingsAreReportedWithTheOtherSectionsBeforeAnythingIsOpened() {
        KopilkaConfig config = KopilkaConfig.fromMap(Map.of("kopilka.jdbc.pool-size", "0",
                "kopilka.earning.delay", "tomorrow", "kopilka.campaigns.welcome.trigger", "on-full-moon",
                "kopilka.campaigns.welcome.message", "Hello", "kopilka.messaging.batch-size", "0"));
        assertThatThrownBy(() -> Kopilka.builder(config).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.key())
                        .containsExactlyInAnyOrder("kopilka.jdbc.pool-size", "kopilka.earning.delay",
                                "kopilka.campaigns.welcome.trigger", "kopilka.messaging.batch-size"));
    }

    @Test
    void anUnknownJdbcKeyIsAProblemWithTheClosestKnownOne() {
        KopilkaConfig config = KopilkaConfig.fromMap(Map.of("kopilka.jdbc.pool-sise", "8",
                "kopilka.jdbc.pasword", "s3cret-value"));
        assertThatThrownBy(() -> JdbcStore.fromConfig(config))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).extracting(p -> p.key() + " -> " + p.suggestion())
                            .containsExactlyInAnyOrder("kopilka.jdbc.pool-sise -> kopilka.jdbc.pool-size",
                                    "kopilka.jdbc.pasword -> kopilka.jdbc.password");
                    assertThat(e.getMessage()).doesNotContain("s3cret-value");
                });
    }

    @Test
    void anUnknownStoreNameListsTheAvailableOnes() {
        assertThatThrownBy(() -> Kopilka.builder(KopilkaConfig.fromMap(Map.of("kopilka.store", "mongodb"))).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("kopilka.store").hasMessageContaining("mongodb").hasMessageContaining("jdbc");
    }

    @Test
    void theAdapterUsesOnlyThePublicApiOfTheCore() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kopilka.jdbc");
        KopilkaArchitectureRules.ADAPTERS_NEVER_DEPEND_ON_CORE_INTERNALS.check(classes);
        KopilkaArchitectureRules.NO_MANAGERS_OR_HELPERS.check(classes);
    }
}
