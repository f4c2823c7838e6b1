package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Helpers shared by the tornado tests (the same checks as tornado-kernels' TestSupport). */
final class TornadoTestSupport {
    private TornadoTestSupport() {
    }

    /** The device the tests use: {@code -Dsl2a.tornado.test.device=...} (a selector), else TornadoVM's default. */
    static TornadoBackend openBackend() {
        return new TornadoBackend(System.getProperty("sl2a.tornado.test.device"));
    }

    static float[] uniform(Random random, int n, double lo, double hi) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return values;
    }

    /** Max error relative to the largest magnitude of {@code expected}; NaN anywhere gives NaN. */
    static double maxRelativeError(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("lengths differ: " + expected.length + " vs " + actual.length);
        }
        double scale = 0.0;
        double worst = 0.0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double error = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(error)) {
                return Double.NaN;
            }
            worst = Math.max(worst, error);
        }
        return worst == 0.0 ? 0.0 : worst / (scale > 0.0 ? scale : Double.MIN_NORMAL);
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double error = maxRelativeError(expected, actual);
        if (error <= tolerance) {
            return;
        }
        int worstAt = 0;
        double worst = -1.0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs((double) actual[i] - expected[i]);
            if (Double.isNaN(e) || e > worst) {
                worst = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
                worstAt = i;
            }
        }
        fail(String.format("%s: max error relative to max magnitude %.3g > %.3g (worst at [%d]: expected %.9g, got %.9g;"
                + " %d values)", what, error, tolerance, worstAt, expected[worstAt], actual[worstAt], expected.length));
    }
}
