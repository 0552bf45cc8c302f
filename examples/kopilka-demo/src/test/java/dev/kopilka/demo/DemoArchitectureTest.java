package dev.kopilka.demo;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.kopilka.testkit.KopilkaArchitectureRules;

/** The demo uses Kopilka like any integrator: through the public API only. */
@AnalyzeClasses(packages = "dev.kopilka.demo", importOptions = ImportOption.DoNotIncludeTests.class)
class DemoArchitectureTest {

    @ArchTest
    static final ArchRule adapters_never_depend_on_core_internals =
            KopilkaArchitectureRules.ADAPTERS_NEVER_DEPEND_ON_CORE_INTERNALS;

    @ArchTest
    static final ArchRule no_managers_or_helpers = KopilkaArchitectureRules.NO_MANAGERS_OR_HELPERS;
}
