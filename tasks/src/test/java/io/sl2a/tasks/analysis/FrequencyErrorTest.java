package io.sl2a.tasks.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The spectral-bias measure: zero for an exact fit, one for a zero prediction, the DFT's magnitudes. */
class FrequencyErrorTest {
    private final float[] x = SpectralTarget.coordinates(SpectralTarget.POINTS);
    private final float[] target = SpectralTarget.values(x);
    private final FrequencyError error = new FrequencyError(target, SpectralTarget.FREQUENCIES);

    @Test
    void anExactFitHasNoErrorAndAZeroPredictionAnErrorOfOne() {
        assertArrayEquals(new double[] {0, 0, 0, 0}, error.of(target.clone()), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1, 1}, error.of(new float[target.length]), 1e-12);
        float[] half = target.clone();
        for (int i = 0; i < half.length; i++) {
            half[i] *= 0.5f;
        }
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, error.of(half), 1e-6, "the DFT is linear");
    }

    @Test
    void magnitudesAreTheDiscreteFourierTransforms() {
        double[] fft = error.magnitudes(target);
        for (int k = 0; k < SpectralTarget.FREQUENCIES.length; k++) {
            int bin = SpectralTarget.FREQUENCIES[k];
            double re = 0;
            double im = 0;
            for (int i = 0; i < target.length; i++) {
                double angle = -2 * Math.PI * bin * i / target.length;
                re += target[i] * Math.cos(angle);
                im += target[i] * Math.sin(angle);
            }
            assertEquals(Math.hypot(re, im), fft[k], 1e-9 * Math.hypot(re, im), "bin " + bin);
        }
    }

    @Test
    void theTargetIsTheProtocolsSignal() {
        assertEquals(300, x.length);
        assertEquals(-1f, x[0], 0f);
        assertEquals(1f, x[299], 0f);
        for (int i = 0; i < x.length; i++) {
            double t = x[i];
            double sum = Math.sin(3 * Math.PI * t) + Math.sin(5 * Math.PI * t) + Math.sin(7 * Math.PI * t)
                    + Math.sin(9 * Math.PI * t);
            assertEquals(2 * Math.rint(sum / 2), target[i], 0.0, "x = " + t);
            assertEquals(0, target[i] % 2, 0.0, "values are even integers");
        }
        assertThrows(IllegalArgumentException.class, () -> error.of(new float[10]));
        assertThrows(IllegalArgumentException.class, () -> new FrequencyError(new float[300], SpectralTarget.FREQUENCIES),
                "a target without energy at a bin has no relative error");
    }
}
