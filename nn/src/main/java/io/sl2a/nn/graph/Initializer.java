package io.sl2a.nn.graph;

import java.util.Arrays;
import java.util.SplittableRandom;

/** How a parameter starts: the reference initialisation its layer prescribes. */
public sealed interface Initializer {
    /** Fills {@code values}, drawing from {@code random} (one stream for the whole network, in parameter order). */
    void fill(float[] values, SplittableRandom random);

    /** U(-bound, bound), drawn in double and rounded to float. */
    record Uniform(double bound) implements Initializer {
        @Override
        public void fill(float[] values, SplittableRandom random) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * bound);
            }
        }
    }

    /** N(0, std^2), drawn in double (the generator's Gaussian) and rounded to float. */
    record Normal(double std) implements Initializer {
        @Override
        public void fill(float[] values, SplittableRandom random) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
        }
    }

    /** Every value the same (LayerNorm's weight 1 and bias 0); draws nothing. */
    record Constant(float value) implements Initializer {
        @Override
        public void fill(float[] values, SplittableRandom random) {
            Arrays.fill(values, value);
        }
    }
}
