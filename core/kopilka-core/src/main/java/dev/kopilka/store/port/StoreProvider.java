package dev.kopilka.store.port;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.KopilkaConfig;
import java.util.List;

/**
 * Opens a {@link KopilkaStore} from configuration. Adapters register one in
 * {@code META-INF/services/dev.kopilka.store.port.StoreProvider}; {@code kopilka.store} chooses by
 * {@link #name()}.
 */
public interface StoreProvider {

    /** The value of {@code kopilka.store} that selects this provider, e.g. {@code jdbc}. */
    String name();

    /** Opens the store; the caller closes it. Throws {@code InvalidConfigurationException} for bad settings. */
    KopilkaStore open(KopilkaConfig config);

    /**
     * Every problem of this store's keys, without opening anything: checked with the rest of the configuration
     * when Kopilka is built, so all problems are reported at once. Default: none.
     */
    default List<ConfigProblem> problems(KopilkaConfig config) {
        return List.of();
    }
}
