package dev.kopilka.testkit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The core module checked against the shared rules (the testkit's own classes are left out). */
@AnalyzeClasses(packages = "dev.kopilka",
        importOptions = {ImportOption.DoNotIncludeTests.class, CoreArchitectureTest.OnlyCore.class})
class CoreArchitectureTest {

    /** Imports only classes from the kopilka-core module. */
    static final class OnlyCore implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("kopilka-testkit") && !location.contains("/testkit/");
        }
    }

    @ArchTest
    static final ArchRule core_depends_only_on_the_jdk_slf4j_and_guava =
            KopilkaArchitectureRules.CORE_DEPENDS_ONLY_ON_THE_JDK_SLF4J_AND_GUAVA;

    @ArchTest
    static final ArchRule core_does_not_use_jdbc_http_or_telegram =
            KopilkaArchitectureRules.CORE_DOES_NOT_USE_JDBC_HTTP_OR_TELEGRAM;

    @ArchTest
    static final ArchRule public_signatures_do_not_expose_guava_or_jackson =
            KopilkaArchitectureRules.PUBLIC_SIGNATURES_DO_NOT_EXPOSE_GUAVA_OR_JACKSON;

    @ArchTest
    static final ArchRule public_signatures_do_not_expose_internals =
            KopilkaArchitectureRules.PUBLIC_SIGNATURES_DO_NOT_EXPOSE_INTERNALS;

    @ArchTest
    static final ArchRule features_do_not_reach_into_each_others_internals =
            KopilkaArchitectureRules.FEATURES_DO_NOT_REACH_INTO_EACH_OTHERS_INTERNALS;

    @ArchTest
    static final ArchRule ports_depend_only_on_public_types = KopilkaArchitectureRules.PORTS_DEPEND_ONLY_ON_PUBLIC_TYPES;

    @ArchTest
    static final ArchRule no_managers_or_helpers = KopilkaArchitectureRules.NO_MANAGERS_OR_HELPERS;
}
