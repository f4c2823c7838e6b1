package io.sl2a.reproduce;

/** What our measurement says of one of the paper's claims. */
public enum Verdict {
    HOLDS("holds"),
    DOES_NOT_HOLD("does not hold"),
    /** Measured on other data or at another scale than the claim's figure: shown, not judged. */
    NOT_COMPARABLE("not comparable");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** {@link #HOLDS} when {@code holds}, else {@link #DOES_NOT_HOLD}. */
    public static Verdict of(boolean holds) {
        return holds ? HOLDS : DOES_NOT_HOLD;
    }
}
