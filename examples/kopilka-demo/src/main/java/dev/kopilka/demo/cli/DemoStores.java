package dev.kopilka.demo.cli;

import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.jdbc.JdbcStore;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stores of the demo's dry runs (the till walk-through, simulations): the embedded H2 file database of
 * {@code kopilka-jdbc} — the store {@code kopilka.store=auto} picks when nothing is configured — in a file of
 * its own that is replaced at each run, so that every run starts empty and a seed always gives the same run;
 * or the heap.
 */
public final class DemoStores {

    /** Where a dry run keeps its data. */
    public enum Kind {
        /** The embedded H2 file database under the data directory, a fresh file per run. */
        H2,
        /** The heap: nothing written, several times faster for large simulations. */
        MEMORY;

        public static Kind parse(String option, String value) {
            return switch (value == null ? "" : value.strip().toLowerCase(Locale.ROOT)) {
                case "h2" -> H2;
                case "memory" -> MEMORY;
                default -> throw new UserError(option + " must be h2 or memory, was '" + value + "'");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The H2 files of a database {@code file} (without extension). */
    private static final List<String> H2_FILES = List.of(".mv.db", ".trace.db", ".lock.db");

    private DemoStores() {
    }

    /**
     * Opens an empty store: for H2 the database {@code dataDir/name} is deleted first, then created and
     * migrated by {@link JdbcStore#fromConfig} (the program's other keys apply; the URL is the demo's).
     */
    public static KopilkaStore openEmpty(Kind kind, Path dataDir, String name, KopilkaConfig program) {
        if (kind == Kind.MEMORY) {
            return new InMemoryStore();
        }
        Path file = file(dataDir, name);
        try {
            Files.createDirectories(dataDir);
            for (String suffix : H2_FILES) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "");
            throw new UserError("--data-dir: cannot create the database " + file + ".mv.db in " + dataDir + " ("
                    + reason + ")");
        }
        return JdbcStore.fromConfig(Configs.overlay(program, Map.of(JdbcStore.URL, url(dataDir, name))));
    }

    /** The database file of {@code name} under {@code dataDir}, without H2's extension. */
    public static Path file(Path dataDir, String name) {
        return dataDir.resolve(name).toAbsolutePath().normalize();
    }

    /** The embedded database's URL ({@link JdbcStore#fromConfig} raises H2's statement cache). */
    static String url(Path dataDir, String name) {
        return "jdbc:h2:file:" + file(dataDir, name);
    }
}
