package dev.kopilka;

/**
 * The result of an operation that may be refused for a business reason: either {@link Accepted} with a
 * value or {@link Refused} with a {@link Refusal} saying why. Refusals wrote nothing.
 */
public sealed interface Outcome<T> {

    static <T> Outcome<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Outcome<T> refused(Refusal refusal) {
        return new Refused<>(refusal);
    }

    record Accepted<T>(T value) implements Outcome<T> {
    }

    record Refused<T>(Refusal refusal) implements Outcome<T> {
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The value, or an {@link IllegalStateException} naming the refusal (handy in tests and scripts). */
    default T orElseThrow() {
        if (this instanceof Accepted<T> a) {
            return a.value();
        }
        throw new IllegalStateException("refused: " + ((Refused<T>) this).refusal());
    }

    /** Transforms an accepted value; a refusal passes through unchanged. */
    default <R> Outcome<R> map(java.util.function.Function<? super T, ? extends R> mapper) {
        if (this instanceof Accepted<T> a) {
            return new Accepted<>(mapper.apply(a.value()));
        }
        return new Refused<>(((Refused<T>) this).refusal());
    }

    /** The refusal, or null when accepted. */
    default Refusal refusal() {
        return this instanceof Refused<T> r ? r.refusal() : null;
    }
}
