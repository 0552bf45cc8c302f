package dev.kopilka.store;

import dev.kopilka.config.ConfigKeys;
import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.InvalidConfigurationException;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.store.memory.InMemoryStore;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.StoreProvider;
import java.util.List;
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
        List<StoreProvider> providers = ServiceLoader.load(StoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (wanted.equals(MEMORY) || (wanted.equals(AUTO) && providers.isEmpty())) {
            if (wanted.equals(AUTO)) {
                LOG.warn("No durable store on the classpath (add dev.kopilka:kopilka-jdbc): everything is kept in "
                        + "memory and lost when the process stops");
            }
            return new InMemoryStore();
        }
        for (StoreProvider provider : providers) {
            if (wanted.equals(AUTO) || provider.name().equals(wanted)) {
                return provider.open(config);
            }
        }
        String available = providers.stream().map(StoreProvider::name).collect(Collectors.joining(", "));
        throw new InvalidConfigurationException(config.source(), List.of(new ConfigProblem(ConfigKeys.STORE,
                "must be auto, memory or a store on the classpath (" + (available.isEmpty() ? "none found" : available)
                        + ")", wanted, null)));
    }
}
