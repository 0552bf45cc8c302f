package dev.kopilka.telegram;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.kopilka.testkit.KopilkaArchitectureRules;
import org.junit.jupiter.api.Test;

class TelegramArchitectureTest {

    @Test
    void theAdapterUsesOnlyThePublicApiOfTheCore() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kopilka.telegram");
        KopilkaArchitectureRules.ADAPTERS_NEVER_DEPEND_ON_CORE_INTERNALS.check(classes);
        KopilkaArchitectureRules.NO_MANAGERS_OR_HELPERS.check(classes);
        KopilkaArchitectureRules.PUBLIC_SIGNATURES_DO_NOT_EXPOSE_GUAVA_OR_JACKSON.check(classes);
    }
}
