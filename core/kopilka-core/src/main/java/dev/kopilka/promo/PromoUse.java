package dev.kopilka.promo;

import dev.kopilka.member.MemberId;
import java.time.Instant;

/** One use of a promo code by a receipt. */
public record PromoUse(String code, MemberId member, String txid, Instant at) {
}
