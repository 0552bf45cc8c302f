package dev.kopilka.ledger;

/**
 * Points taken from ({@code points > 0}) or put back into ({@code points < 0}) one lot by one entry. A
 * redemption records exactly which lots it consumed, so a return can give back exactly those points.
 */
public record LotConsumption(String lotId, long points) {

    public LotConsumption {
        if (points == 0) {
            throw new IllegalArgumentException("empty consumption of lot " + lotId);
        }
    }

    public LotConsumption negate() {
        return new LotConsumption(lotId, -points);
    }
}
