package io.sl2a.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

/** Shared helpers of the compute-layer tests: seeded random arrays, finite differences, error checks. */
public final class TestSupport {
    private TestSupport() {
    }

    /** {@code n} floats drawn uniformly from [lo, hi). */
    public static float[] uniform(Random random, int n, double lo, double hi) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return values;
    }

    public static float[] filled(int n, float value) {
        float[] values = new float[n];
        Arrays.fill(values, value);
        return values;
    }

    public static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    /** {@code sum_i g[i] * y[i]} over the first {@code n} values, accumulated in double. */
    public static double dot(float[] g, float[] y, int n) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += (double) g[i] * y[i];
        }
        return sum;
    }

    /**
     * Central difference of {@code f} with respect to {@code x[i]}: {@code (f(x+h) - f(x-h)) / 2h}, where the
     * step actually taken is the difference of the two float-rounded arguments (so the rounding of
     * {@code x +- h} to float does not bias the quotient). {@code x[i]} is restored afterwards.
     */
    public static double centralDifference(float[] x, int i, double h, DoubleSupplier f) {
        float original = x[i];
        float plus = (float) (original + h);
        float minus = (float) (original - h);
        x[i] = plus;
        double fPlus = f.getAsDouble();
        x[i] = minus;
        double fMinus = f.getAsDouble();
        x[i] = original;
        return (fPlus - fMinus) / ((double) plus - (double) minus);
    }

    /** Central differences of {@code f} with respect to every element of {@code x}. */
    public static double[] numericalGradient(float[] x, double h, DoubleSupplier f) {
        double[] gradient = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            gradient[i] = centralDifference(x, i, h, f);
        }
        return gradient;
    }

    public static double maxAbs(double[] values) {
        double max = 0.0;
        for (double value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    /**
     * {@code max_i |actual[i] - expected[i]| / max_i |expected[i]|}: the error relative to the largest
     * magnitude of the expected values (0 when both are all zero). NaN anywhere gives NaN.
     */
    public static double maxRelativeError(double[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("lengths differ: " + expected.length + " vs " + actual.length);
        }
        double scale = maxAbs(expected);
        double worst = 0.0;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(actual[i] - expected[i]);
            if (Double.isNaN(error)) {
                return Double.NaN;
            }
            worst = Math.max(worst, error);
        }
        return worst == 0.0 ? 0.0 : worst / (scale > 0.0 ? scale : Double.MIN_NORMAL);
    }

    /** Fails unless {@link #maxRelativeError} is at most {@code tolerance}; the message names the worst element. */
    public static void assertClose(double[] expected, float[] actual, double tolerance, String what) {
        double error = maxRelativeError(expected, actual);
        if (error <= tolerance) {
            return;
        }
        int worstAt = 0;
        double worst = -1.0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(actual[i] - expected[i]);
            if (Double.isNaN(e) || e > worst) {
                worst = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
                worstAt = i;
            }
        }
        fail(String.format("%s: max error relative to max magnitude %.3g > %.3g (worst at [%d]: expected %.9g, got %.9g;"
                + " max |expected| %.6g, %d values)", what, error, tolerance, worstAt, expected[worstAt], actual[worstAt],
                maxAbs(expected), expected.length));
    }

    public static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertClose(toDouble(expected), actual, tolerance, what);
    }

    /** Compares a gradient in double (e.g. finite differences) with a float one. */
    public static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        float[] rounded = new float[actual.length];
        for (int i = 0; i < actual.length; i++) {
            rounded[i] = (float) actual[i];
        }
        assertClose(expected, rounded, tolerance, what);
    }
}
