package io.sl2a.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tensor comparison for the model tests: the largest error relative to the tensor's largest magnitude. */
public final class TensorAssertions {
    private TensorAssertions() {
    }

    public static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + " size");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance * scale,
                String.format("%s: max abs error %.3g exceeds %.0e x max |value| %.3g", what, worst, tolerance, scale));
    }
}
