package dev.kopilka.campaign;

import java.time.LocalDate;
import java.util.Map;

/**
 * What one daily sweep did.
 *
 * @param ran       false when another instance holds the day's run
 * @param treated   new treated participations per campaign
 * @param control   new control participations per campaign
 * @param capped    new capped participations per campaign
 * @param followUps follow-up messages enqueued per campaign
 */
public record SweepReport(LocalDate day, boolean ran, int membersScanned, Map<String, Integer> treated,
        Map<String, Integer> control, Map<String, Integer> capped, Map<String, Integer> followUps) {

    public SweepReport {
        treated = Map.copyOf(treated);
        control = Map.copyOf(control);
        capped = Map.copyOf(capped);
        followUps = Map.copyOf(followUps);
    }
}
