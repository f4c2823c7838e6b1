package io.sl2a.tasks.io;

import java.util.Locale;

/** A count and its noun for the messages a user reads: "1 epoch", "2 epochs", "1,024 fits". */
public final class Plural {
    private Plural() {
    }

    /** {@code count} and {@code noun}, with an "s" unless the count is one. */
    public static String of(long count, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", count, noun, count == 1 ? "" : "s");
    }
}
