package dev.kopilka.store.port;

import dev.kopilka.config.KopilkaConfig;

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
}
