package io.sl2a.nn.graph;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a parameter starts: the reference initialisation its layer prescribes. A layer of its own may bring its own rule
 * (implement this).
 */
public interface Initializer {
    /** Fills {@code values}, drawing from {@code random} (one stream for the whole network, in parameter order). */
    void fill(float[] values, SplittableRandom random);

    /**
     * Fills {@code values} knowing the parameters initialised before it (by name), for an
     * initialisation that depends on another parameter's draw; most ignore them.
     */
    default void fill(float[] values, SplittableRandom random, java.util.Map<String, float[]> earlier) {
        fill(values, random);
    }

    /** Gamma(shape, rate) draws (Commons Math, seeded from the stream), rounded to float. */
    record GammaDistributed(double shape, double rate) implements Initializer {
        @Override
        public void fill(float[] values, SplittableRandom random) {
            org.apache.commons.math3.distribution.GammaDistribution gamma =
                    new org.apache.commons.math3.distribution.GammaDistribution(
                            new org.apache.commons.math3.random.Well19937c(random.nextLong()), shape, 1.0 / rate);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) gamma.sample();
            }
        }
    }

    /**
     * {@code base}'s draw with row r scaled by {@code factor * sqrt(scale[r])}, {@code scale} an
     * earlier parameter with one value per row (GaborNet's filter weights, scaled by their gamma).
     */
    record ScaledRows(Initializer base, String scale, double factor) implements Initializer {
        @Override
        public void fill(float[] values, SplittableRandom random) {
            throw new IllegalStateException("ScaledRows needs the parameter " + scale + " drawn before it");
        }

        @Override
        public void fill(float[] values, SplittableRandom random, java.util.Map<String, float[]> earlier) {
            float[] rows = earlier.get(scale);
            if (rows == null || values.length % rows.length != 0) {
                throw new IllegalStateException("ScaledRows needs the parameter " + scale + " drawn before it, one value a row");
            }
            base.fill(values, random, earlier);
            int rowLength = values.length / rows.length;
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] * (factor * Math.sqrt(rows[i / rowLength])));
            }
        }
    }

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

    /**
     * efficient-kan's spline weights [out, in, G + 3]: small noise U(-1/2, 1/2) * scaleNoise / G at
     * the G + 1 grid points, fitted by least squares (the minimum-norm solution, as
     * torch.linalg.lstsq's default driver gives it for this underdetermined system) with the
     * cubic bases; the bases at the grid points come from {@code bases} (row m: the C bases at
     * grid point m), their pseudo-inverse from Commons Math's SVD.
     */
    record SplineNoiseFit(int in, int out, double[][] bases, double scaleNoise) implements Initializer {
        @Override
        public void fill(float[] values, SplittableRandom random) {
            int points = bases.length;
            int count = bases[0].length;
            int gridSize = points - 1;
            double[][] pseudoInverse = new org.apache.commons.math3.linear.SingularValueDecomposition(
                    new org.apache.commons.math3.linear.Array2DRowRealMatrix(bases,
                            false)).getSolver().getInverse().getData();
            double[][][] noise = new double[points][in][out];
            for (int m = 0; m < points; m++) {
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        noise[m][i][o] = (random.nextDouble() - 0.5) * scaleNoise / gridSize;
                    }
                }
            }
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    for (int c = 0; c < count; c++) {
                        double sum = 0;
                        for (int m = 0; m < points; m++) {
                            sum += pseudoInverse[c][m] * noise[m][i][o];
                        }
                        values[(o * in + i) * count + c] = (float) sum;
                    }
                }
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
