package dev.kopilka.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The rules catch what they are meant to: run them over classes that break them on purpose (the testkit's
 * own main classes use JUnit and ArchUnit, and this test's package-mates reach into core internals).
 */
class ArchitectureRulesCanFailTest {

    @Test
    void theDependencyRuleRejectsForeignLibraries() {
        JavaClasses testkit = new ClassFileImporter().importClasses(KopilkaStoreContract.class);
        assertThatThrownBy(() -> KopilkaArchitectureRules.CORE_DEPENDS_ONLY_ON_THE_JDK_SLF4J_AND_GUAVA.check(testkit))
                .isInstanceOf(AssertionError.class).hasMessageContaining("org.junit");
    }

    @Test
    void theAdapterRuleRejectsAClassThatUsesCoreInternals() {
        JavaClasses offender = new ClassFileImporter().importClasses(ReachesIntoInternals.class);
        assertThatThrownBy(() -> KopilkaArchitectureRules.ADAPTERS_NEVER_DEPEND_ON_CORE_INTERNALS.check(offender))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Transactor");
    }

    @Test
    void theNamingRuleRejectsManagers() {
        JavaClasses offender = new ClassFileImporter().importClasses(PointsManager.class);
        assertThatThrownBy(() -> KopilkaArchitectureRules.NO_MANAGERS_OR_HELPERS.check(offender))
                .isInstanceOf(AssertionError.class).hasMessageContaining("PointsManager");
    }

    @Test
    void thePublicApiRuleRejectsAnExposedInternalType() {
        JavaClasses offender = new ClassFileImporter().importClasses(ExposesInternals.class);
        assertThatThrownBy(() -> KopilkaArchitectureRules.PUBLIC_SIGNATURES_DO_NOT_EXPOSE_INTERNALS.check(offender))
                .isInstanceOf(AssertionError.class).hasMessageContaining("exposes dev.kopilka.internal.Transactor");
    }

    /** Public, outside internal, handing out a kernel internal: what the rule forbids. */
    public static final class ExposesInternals {
        public dev.kopilka.internal.Transactor transactor() {
            return null;
        }
    }

    static final class ReachesIntoInternals {
        dev.kopilka.internal.Transactor transactor;
    }

    static final class PointsManager {
    }
}
