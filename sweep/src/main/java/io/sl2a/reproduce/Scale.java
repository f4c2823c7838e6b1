package io.sl2a.reproduce;

import java.util.Locale;

/** How big {@code sl2a reproduce} runs each experiment. */
public enum Scale {
    /** The smallest run that goes through each experiment's code: for tests, not for conclusions. */
    TINY("the smallest run of each experiment (for tests): its figures mean nothing"),
    /** Fits on this laptop in about an hour: fewer and smaller signals, fewer epochs. */
    QUICK("reduced to finish on a 2-core laptop in about an hour: each experiment says what was reduced."
            + " Read its orders of models with care: its images (128x128 at most: 49,152 values) are smaller than the"
            + " models (180k to 440k parameters), so every model can learn them by heart, while the paper's 512x512"
            + " images (786,432 values) make the models compress; a model that wins here may lose there"),
    /** The paper's protocol. */
    PAPER("the paper's protocol");

    private final String description;

    Scale(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name on the command line: tiny, quick, paper. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One of three values by scale, in the order tiny, quick, paper. */
    public <T> T pick(T tiny, T quick, T paper) {
        return switch (this) {
            case TINY -> tiny;
            case QUICK -> quick;
            case PAPER -> paper;
        };
    }

    public int pick(int tiny, int quick, int paper) {
        return pick(Integer.valueOf(tiny), Integer.valueOf(quick), Integer.valueOf(paper));
    }
}
