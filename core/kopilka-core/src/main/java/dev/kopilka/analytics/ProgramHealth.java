package dev.kopilka.analytics;

import java.math.BigDecimal;
import java.util.List;

/**
 * The program as a whole.
 *
 * @param members            members who joined by the end of the period
 * @param activeMembers      members with a purchase in the period
 * @param repeatPurchaseRate members with two or more purchases / members with one or more (null: no buyers)
 * @param cardUsageRate      identified receipts / (identified + anonymous receipts reported by the till)
 * @param cohorts            LTV per join month
 * @param pointsExpired      points expired in the period
 */
public record ProgramHealth(long members, long activeMembers, long repeatMembers, BigDecimal repeatPurchaseRate,
        long identifiedReceipts, long anonymousReceipts, BigDecimal cardUsageRate, List<Cohort> cohorts,
        Liability liability, long pointsExpired) {

    public ProgramHealth {
        cohorts = List.copyOf(cohorts);
    }
}
