package dev.kopilka.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.messaging.OutboxState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code JdbcOutboxStore.ofMember} reads a member's messages in three branches, one per index (final states,
 * waiting, sending): together they must name every outbox state exactly once, or a new state's messages would
 * silently vanish from the member's history.
 */
class OutboxMemberBranchesTest {

    @Test
    void everyStateIsInExactlyOneBranch() {
        List<String> named = new ArrayList<>();
        for (String predicate : List.of(JdbcOutboxStore.DONE, JdbcOutboxStore.WAITING, "state IN ('SENDING')")) {
            for (String quoted : predicate.substring(predicate.indexOf('(') + 1, predicate.indexOf(')')).split(",")) {
                named.add(quoted.trim().replace("'", ""));
            }
        }
        assertThat(named).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(OutboxState.values()).map(Enum::name).toList());
    }
}
