package dev.kopilka.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kopilka.ProgramId;
import dev.kopilka.campaign.Participation;
import dev.kopilka.member.MemberId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recording a campaign participation is one statement, inserted or found taken (insert-if-absent per dialect),
 * never a look-up followed by an insert.
 */
class CampaignInsertRoundTripTest {

    @ParameterizedTest
    @EnumSource(value = TestDatabases.Kind.class, names = {"H2_MEMORY", "POSTGRESQL", "MARIADB"})
    void aParticipationIsOneStatementWhetherNewOrTaken(TestDatabases.Kind kind) {
        RoundTripCounter counter = new RoundTripCounter(TestDatabases.dataSource(kind));
        JdbcStore store = JdbcStore.builder(counter).build();
        ProgramId program = ProgramId.of("cp-" + UUID.randomUUID().toString().substring(0, 8));
        Participation p = new Participation("welcome", MemberId.of("m1"), "once", Participation.Group.TREATED,
                Instant.parse("2026-05-01T10:00:00Z"), 250, null, "CODE-1", List.of("msg-1"));

        int[] counts = new int[2];
        boolean[] answers = new boolean[2];
        store.inTransaction(program, tx -> {
            counter.reset();
            answers[0] = tx.campaigns().insert(p);
            counts[0] = counter.count();
            counter.reset();
            answers[1] = tx.campaigns().insert(p);
            counts[1] = counter.count();
            return null;
        });
        assertThat(answers).containsExactly(true, false);
        assertThat(counts[0]).as("a new participation on %s: %s", kind, counter.log()).isEqualTo(1);
        assertThat(counts[1]).as("a participation already there on %s: %s", kind, counter.log()).isEqualTo(1);
        store.close();
    }
}
