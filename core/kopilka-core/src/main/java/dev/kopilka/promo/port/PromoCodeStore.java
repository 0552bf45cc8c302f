package dev.kopilka.promo.port;

/** Secondary port: the promo codes of one program, bound to one store transaction. */
public interface PromoCodeStore {
}
