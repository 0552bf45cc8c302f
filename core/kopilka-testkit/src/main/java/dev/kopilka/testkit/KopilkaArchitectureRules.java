package dev.kopilka.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;

/**
 * The architecture rules of Kopilka, named as sentences and shared so every module checks itself with the
 * same ones:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.kopilka", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     @ArchTest static final ArchRule features = KopilkaArchitectureRules.FEATURES_DO_NOT_REACH_INTO_EACH_OTHERS_INTERNALS;
 * }
 * }</pre>
 */
public final class KopilkaArchitectureRules {

    /** The core's features: each has a public API at its root, {@code port} and {@code internal} packages. */
    public static final Set<String> CORE_FEATURES = Set.of("member", "ledger", "checkout", "promo", "config", "store",
            "event", "segment", "campaign", "messaging", "analytics");

    private KopilkaArchitectureRules() {
    }

    public static final ArchRule CORE_DEPENDS_ONLY_ON_THE_JDK_SLF4J_AND_GUAVA = classes()
            .that().resideInAPackage("dev.kopilka..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.annotation..", "dev.kopilka..",
                    "org.slf4j..", "com.google.common..", "com.google.errorprone..", "org.checkerframework..", "")
            .as("core depends on nothing but the JDK, slf4j and Guava");

    public static final ArchRule CORE_DOES_NOT_USE_JDBC_HTTP_OR_TELEGRAM = noClasses()
            .that().resideInAPackage("dev.kopilka..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..",
                    "org.telegram..", "com.zaxxer..", "com.fasterxml..")
            .as("core uses no JDBC, HTTP, Telegram, Hikari or Jackson types");

    public static final ArchRule PUBLIC_SIGNATURES_DO_NOT_EXPOSE_GUAVA_OR_JACKSON = classes()
            .that().arePublic().and().resideOutsideOfPackage("..internal..")
            .should(notExposeInPublicSignatures("com.google.common.", "com.fasterxml.jackson."))
            .as("no Guava or Jackson type appears in a public signature");

    public static final ArchRule PUBLIC_SIGNATURES_DO_NOT_EXPOSE_INTERNALS = classes()
            .that().arePublic().and().resideOutsideOfPackage("..internal..")
            .should(notExposeInPublicSignatures(internalPrefixes()))
            .as("public API does not expose internal types");

    public static final ArchRule FEATURES_DO_NOT_REACH_INTO_EACH_OTHERS_INTERNALS = classes()
            .that().resideInAPackage("dev.kopilka.*..")
            .should(notDependOnAnotherFeaturesInternals())
            .as("features do not reach into each other's internal packages");

    public static final ArchRule PORTS_DEPEND_ONLY_ON_PUBLIC_TYPES = noClasses()
            .that().resideInAPackage("..port..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .as("ports are made of public types only");

    public static final ArchRule ADAPTERS_NEVER_DEPEND_ON_CORE_INTERNALS = classes()
            .that().resideInAPackage("dev.kopilka..")
            .and(new DescribedPredicate<JavaClass>("are not in a core feature") {
                @Override
                public boolean test(JavaClass c) {
                    return !isCorePackage(c.getPackageName());
                }
            })
            .should(notDependOnCoreInternals())
            .allowEmptyShould(true)
            .as("adapters never depend on core internals");

    public static final ArchRule NO_MANAGERS_OR_HELPERS = noClasses()
            .that().resideInAPackage("dev.kopilka..")
            .should().haveSimpleNameEndingWith("Manager").orShould().haveSimpleNameEndingWith("Helper")
            .orShould().haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Utils")
            .as("classes are named in the domain's language, never *Manager, *Helper or *Utils");

    private static String[] internalPrefixes() {
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        prefixes.add("dev.kopilka.internal.");
        for (String feature : CORE_FEATURES) {
            prefixes.add("dev.kopilka." + feature + ".internal.");
        }
        return prefixes.toArray(String[]::new);
    }

    static boolean isCorePackage(String pkg) {
        if (pkg.equals("dev.kopilka") || pkg.startsWith("dev.kopilka.internal")) {
            return true;
        }
        String feature = featureOf(pkg);
        return feature != null && CORE_FEATURES.contains(feature);
    }

    /** {@code dev.kopilka.ledger.internal} → {@code ledger}; the root package has none. */
    static String featureOf(String pkg) {
        if (!pkg.startsWith("dev.kopilka.")) {
            return null;
        }
        String rest = pkg.substring("dev.kopilka.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static boolean isFeatureInternal(String pkg) {
        String feature = featureOf(pkg);
        return feature != null && CORE_FEATURES.contains(feature)
                && pkg.startsWith("dev.kopilka." + feature + ".internal");
    }

    private static ArchCondition<JavaClass> notDependOnAnotherFeaturesInternals() {
        return new ArchCondition<>("not depend on another feature's internal package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = featureOf(item.getPackageName());
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    if (isFeatureInternal(target) && !target.startsWith("dev.kopilka." + own + ".")) {
                        events.add(SimpleConditionEvent.violated(item, d.getDescription()));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> notDependOnCoreInternals() {
        return new ArchCondition<>("not depend on core internal packages") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    String target = d.getTargetClass().getPackageName();
                    if (isFeatureInternal(target) || target.startsWith("dev.kopilka.internal")) {
                        events.add(SimpleConditionEvent.violated(item, d.getDescription()));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> notExposeInPublicSignatures(String... forbiddenPrefixes) {
        return new ArchCondition<>("not expose " + String.join(", ", forbiddenPrefixes) + " in public signatures") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaCodeUnit unit : item.getCodeUnits()) {
                    if (!unit.getModifiers().contains(JavaModifier.PUBLIC)) {
                        continue;
                    }
                    for (JavaClass type : unit.getAllInvolvedRawTypes()) {
                        report(item, unit.getFullName(), type, events, forbiddenPrefixes);
                    }
                }
                for (JavaField field : item.getFields()) {
                    if (field.getModifiers().contains(JavaModifier.PUBLIC)) {
                        for (JavaClass type : field.getAllInvolvedRawTypes()) {
                            report(item, field.getFullName(), type, events, forbiddenPrefixes);
                        }
                    }
                }
            }
        };
    }

    private static void report(JavaClass item, String member, JavaClass type, ConditionEvents events,
            String... forbiddenPrefixes) {
        for (String prefix : forbiddenPrefixes) {
            if (type.getName().startsWith(prefix)) {
                events.add(SimpleConditionEvent.violated(item, member + " exposes " + type.getName()));
            }
        }
    }
}
