package dev.kopilka.demo.cli;

import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loading the user's properties with errors that name the file and key, and overlaying the demo's own settings. */
public final class Configs {

    private Configs() {
    }

    /** Reads and validates a properties file; every problem becomes one {@link UserError} naming file and keys. */
    public static KopilkaConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such properties file");
        }
        try {
            KopilkaConfig config = KopilkaConfig.load(file);
            java.util.List<dev.kopilka.config.ConfigProblem> problems = new java.util.ArrayList<>(config.validate());
            problems.addAll(DemoSettings.problems(config));
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(file.toString(), problems);
            }
            return config;
        } catch (InvalidConfigurationException e) {
            throw userError(file.toString(), e);
        }
    }

    /** An invalid configuration as the user reads it: the source, then one line per problem (key, rule, value). */
    public static UserError userError(String source, InvalidConfigurationException e) {
        return new UserError(source + ": " + e.getMessage());
    }

    /** The config with some keys replaced or added (the demo's wiring of a user's program). */
    public static KopilkaConfig overlay(KopilkaConfig base, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : base.keys()) {
            values.put(key, base.get(key));
        }
        values.putAll(overrides);
        return KopilkaConfig.fromMap(values);
    }

    /** The same program with no campaigns: how the history before the launch is loaded. */
    public static KopilkaConfig withoutCampaigns(KopilkaConfig base) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : base.keys()) {
            if (!key.startsWith("kopilka.campaigns.")) {
                values.put(key, base.get(key));
            }
        }
        return KopilkaConfig.fromMap(values);
    }
}
