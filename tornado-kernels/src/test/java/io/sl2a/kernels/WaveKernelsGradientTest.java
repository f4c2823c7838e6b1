package io.sl2a.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The baselines' activations and their backward against central differences in double (h = 1e-5
 * of a period): sine and Gaussian exactly, FINER with its scale |z| + 1 held at the point's value,
 * as the reference's default backward does. And the bodies: bias added in place, f applied.
 */
class WaveKernelsGradientTest {
    private static double sine(double s, double z) {
        return Math.sin(s * z);
    }

    @Test
    void derivativesMatchCentralDifferences() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            float z = (float) (random.nextDouble() * 4 - 2);
            float s = (float) (1 + random.nextDouble() * 29);
            double h = 1e-5 / s;
            double sineDifference = (sine(s, z + h) - sine(s, z - h)) / (2 * h);
            assertEquals(sineDifference, WaveKernels.derivative(WaveKernels.SINE, z, s), 1e-4 * s, "sine at " + z);
            double g = s / 10;
            double gaussDifference = (Math.exp(-Math.pow(g * (z + h), 2)) - Math.exp(-Math.pow(g * (z - h), 2))) / (2 * h);
            assertEquals(gaussDifference, WaveKernels.derivative(WaveKernels.GAUSS, z, (float) g), 1e-4 * g * g,
                    "gauss at " + z);
            double frequency = s * (Math.abs(z) + 1.0);
            double finerDifference = (Math.sin(frequency * (z + h)) - Math.sin(frequency * (z - h))) / (2 * h);
            assertEquals(finerDifference, WaveKernels.derivative(WaveKernels.FINER, z, s), 1e-4 * frequency,
                    "finer (scale held) at " + z);
        }
    }

    @Test
    void valuesAreTheFormulas() {
        assertEquals((float) Math.sin(30f * 0.25f), WaveKernels.value(WaveKernels.SINE, 0.25f, 30f), 0f);
        assertEquals((float) Math.exp(-(3f * 0.5f) * (3f * 0.5f)), WaveKernels.value(WaveKernels.GAUSS, 0.5f, 3f), 0f);
        assertEquals((float) Math.sin(30f * 1.5f * -0.5f), WaveKernels.value(WaveKernels.FINER, -0.5f, 30f), 0f);
        assertEquals(1.0f, WaveKernels.value(WaveKernels.GAUSS, 0f, 10f), 0f);
    }

    @Test
    void theRowBodyAddsTheBiasInPlaceAndTheBackwardScales() {
        int width = 3;
        float[] bias = {0.1f, -0.2f, 0.3f};
        float[] pre = {0.5f, 0.5f, 0.5f, -1f, 0f, 1f};
        float[] y = new float[6];
        WaveKernels.biasWaveRow(1, bias, width, WaveKernels.SINE, 2f, pre, y);
        assertEquals(0.5f, pre[0], 0f, "row 0 untouched");
        assertEquals(0f, y[0], 0f, "row 0 untouched");
        for (int j = 0; j < width; j++) {
            float z = new float[] {-1f, 0f, 1f}[j] + bias[j];
            assertEquals(z, pre[3 + j], 0f, "pre keeps z = pre + bias");
            assertEquals((float) Math.sin(2f * z), y[3 + j], 0f);
        }
        float[] d = {1f, 2f, 3f, 4f, 5f, 6f};
        for (int i = 0; i < 6; i++) {
            WaveKernels.waveBackward(i, pre, d, WaveKernels.GAUSS, 1.5f, d);
        }
        assertEquals(1f * WaveKernels.derivative(WaveKernels.GAUSS, 0.5f, 1.5f), d[0], 0f);
        assertEquals(6f * WaveKernels.derivative(WaveKernels.GAUSS, pre[5], 1.5f), d[5], 0f);
    }
}
