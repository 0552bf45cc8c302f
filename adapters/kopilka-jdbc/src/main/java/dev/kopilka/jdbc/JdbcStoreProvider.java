package dev.kopilka.jdbc;

import dev.kopilka.config.ConfigProblem;
import dev.kopilka.config.KopilkaConfig;
import dev.kopilka.store.port.KopilkaStore;
import dev.kopilka.store.port.StoreProvider;
import java.util.List;

/** {@code kopilka.store=jdbc} (or {@code auto}): {@link JdbcStore#fromConfig(KopilkaConfig)}. */
public final class JdbcStoreProvider implements StoreProvider {

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public KopilkaStore open(KopilkaConfig config) {
        return JdbcStore.fromConfig(config);
    }

    @Override
    public List<ConfigProblem> problems(KopilkaConfig config) {
        return JdbcStore.problems(config);
    }
}
