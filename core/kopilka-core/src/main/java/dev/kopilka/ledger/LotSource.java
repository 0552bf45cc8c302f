package dev.kopilka.ledger;

/** Why a lot of points exists. */
public enum LotSource {
    /** Earned by a purchase. */
    PURCHASE,
    /** Welcome points for joining. */
    WELCOME,
    /** Granted by a campaign (reactivation, birthday, Telegram connected...). */
    CAMPAIGN,
    /** Granted by staff (reviews, employee bonuses, corrections). */
    MANUAL,
    /** Redeemed points given back by a return after their original lot expired. */
    REGRANT
}
