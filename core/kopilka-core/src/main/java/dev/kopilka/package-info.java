/** Kopilka: an embeddable loyalty-program SDK. Start at {@link dev.kopilka.Kopilka}. */
package dev.kopilka;
