package dev.kopilka.ledger.port;

/** Secondary port: the ledger of one program, bound to one store transaction. */
public interface LedgerStore {
}
