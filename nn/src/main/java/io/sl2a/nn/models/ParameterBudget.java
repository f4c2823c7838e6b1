package io.sl2a.nn.models;

/**
 * Sizing a model to about a number of trainable parameters ({@code --params N}), so that a
 * comparison sets models of equal size side by side. Each spec says how it grows
 * ({@link ModelSpec#scaledTo}); this searches one integer option for the count nearest the budget.
 */
public final class ParameterBudget {
    /** The largest option value tried: far past any network a 2-D fit trains. */
    static final int LARGEST = 1 << 16;

    private ParameterBudget() {
    }

    /**
     * {@code spec}'s configuration with the integer option {@code size} at the value whose parameter
     * count is nearest {@code budget} (of two equally near, the smaller), the other options as given.
     * The count must not fall as the value grows; a value the model refuses (too small, or a table
     * too large) is skipped. The option must not be given: {@code --params} decides it.
     */
    public static ModelConfig nearest(ModelSpec spec, int in, int out, OptionValues values, ModelOption size,
            long budget) {
        if (size == null) {
            throw new IllegalArgumentException("--params cannot size " + spec.name() + ": it declares no option to grow");
        }
        if (values.has(size)) {
            throw new IllegalArgumentException(size.flag() + " and --params both set the model's size: give one");
        }
        if (budget < 1) {
            throw new IllegalArgumentException("--params must be at least 1, got " + budget);
        }
        int lo = 1;
        ModelConfig low = at(spec, in, out, values, size, lo);
        while (low == null && lo < 64) { // a model's smallest width (WIRE's is 2)
            low = at(spec, in, out, values, size, ++lo);
        }
        if (low == null) {
            throw new IllegalArgumentException("no " + size.flag() + " makes a valid " + spec.name() + " model");
        }
        if (count(low) >= budget) {
            return low;
        }
        // Invariant: lo is valid and below the budget; hi is past it (or refused as too large).
        int hi = lo;
        ModelConfig high;
        do {
            lo = hi;
            hi = (int) Math.min(2L * hi, LARGEST);
            high = at(spec, in, out, values, size, hi);
        } while (high != null && count(high) < budget && hi < LARGEST);
        if (high != null && count(high) < budget) {
            return high; // the largest tried is still below the budget: the nearest there is
        }
        low = at(spec, in, out, values, size, lo);
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            ModelConfig m = at(spec, in, out, values, size, mid);
            if (m != null && count(m) < budget) {
                lo = mid;
                low = m;
            } else {
                hi = mid;
                high = m;
            }
        }
        return high != null && count(high) - budget < budget - count(low) ? high : low;
    }

    /** How far {@code config}'s parameter count is from {@code budget}, as a fraction of the budget. */
    public static double miss(ModelConfig config, long budget) {
        return Math.abs(count(config) - budget) / (double) budget;
    }

    /**
     * {@code config}'s trainable parameters; a model that reads its training image (INCODE) is
     * counted bound to a small blank one: its weights do not depend on the image's size.
     */
    public static long count(ModelConfig config) {
        if (config.readsTrainingImage()) {
            int side = 16;
            return config.forTrainingImage(new float[side * side * 3], side, side, 3).parameterCount();
        }
        return config.parameterCount();
    }

    private static ModelConfig at(ModelSpec spec, int in, int out, OptionValues values, ModelOption size, int value) {
        try {
            return spec.build(in, out, values.with(size, value));
        } catch (IllegalArgumentException refused) {
            return null;
        }
    }
}
