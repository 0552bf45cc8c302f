package dev.kopilka.checkout.port;

/** Secondary port: the checkout records of one program, bound to one store transaction. */
public interface CheckoutStore {
}
