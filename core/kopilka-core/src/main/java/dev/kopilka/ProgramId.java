package dev.kopilka;

/**
 * One retailer's loyalty program. Every call is scoped to a program: nothing of program A is visible
 * from program B, so one integrator can host many retailers in one store.
 */
public record ProgramId(String value) {

    public static final int MAX_LENGTH = 64;

    public ProgramId {
        Require.token(value, "programId", MAX_LENGTH);
    }

    public static ProgramId of(String value) {
        return new ProgramId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
