package dev.kopilka.store;

import dev.kopilka.config.ConfigKeys;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.StoreProvider;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the store named by {@code kopilka.store}: {@code memory}, the name of a provider found on the
 * classpath, or {@code auto} — a durable provider if there is one, else memory with a warning.
 */
public final class Stores {

    private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

    public static final String MEMORY = "memory";
    public static final String AUTO = "auto";

    private Stores() {
    }

    public static KopilkaStore open(KopilkaConfig config) {
        String wanted = config.storeName();
        List<StoreProvider> providers = providers();
        if (wanted.equals(MEMORY) || (wanted.equals(AUTO) && providers.isEmpty())) {
            if (wanted.equals(AUTO)) {
                LOG.warn("No durable store on the classpath (add dev.kopilka:kopilka-jdbc): everything is kept in "
                        + "memory and lost when the process stops");
            }
            return new InMemoryStore();
        }
        Optional<StoreProvider> provider = chosen(wanted, providers);
        if (provider.isEmpty()) {
            throw new InvalidConfigurationException(config.source(), List.of(unknownStore(wanted, providers)));
        }
        return provider.get().open(config);
    }

    /**
     * Every problem of {@code kopilka.store} and of the chosen store's own keys, without opening it (a bad
     * {@code kopilka.store} value itself is reported by the core's {@link KopilkaConfig#validate()}).
     */
    public static List<ConfigProblem> problems(KopilkaConfig config) {
        String wanted;
        try {
            wanted = config.storeName();
        } catch (InvalidConfigurationException e) {
            return List.of();
        }
        if (wanted.equals(MEMORY)) {
            return List.of();
        }
        List<StoreProvider> providers = providers();
        if (wanted.equals(AUTO) && providers.isEmpty()) {
            return List.of();
        }
        return chosen(wanted, providers).map(p -> p.problems(config))
                .orElseGet(() -> List.of(unknownStore(wanted, providers)));
    }

    private static List<StoreProvider> providers() {
        return ServiceLoader.load(StoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    private static Optional<StoreProvider> chosen(String wanted, List<StoreProvider> providers) {
        return providers.stream().filter(p -> wanted.equals(AUTO) || p.name().equals(wanted)).findFirst();
    }

    private static ConfigProblem unknownStore(String wanted, List<StoreProvider> providers) {
        String available = providers.stream().map(StoreProvider::name).collect(Collectors.joining(", "));
        return new ConfigProblem(ConfigKeys.STORE, "must be auto, memory or a store on the classpath ("
                + (available.isEmpty() ? "none found" : available) + ")", wanted, null);
    }
}
