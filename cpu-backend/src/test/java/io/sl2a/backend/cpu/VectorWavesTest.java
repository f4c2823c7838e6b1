package io.sl2a.backend.cpu;

import static io.sl2a.kernels.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sl2a.kernels.WaveKernels;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorWaves} against the formulas in double precision written here, at widths that use
 * only the scalar tail, only whole vectors, and both. The arguments are formed in float as the
 * bodies form them (the pre-activations {@code pre + bias} are compared bit for bit); the sine,
 * cosine and exponential are the vectorised ones, within a few ulps, so the functions' values are
 * compared within 2e-6 of the largest magnitude. Everything outside the rows or elements a call
 * covers must keep its bits.
 */
class VectorWavesTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    private static final int ROWS = 6;
    private static final double TOLERANCE = 2e-6;

    private static int[] widths() {
        return IntStream.of(1, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 100).filter(w -> w > 0).distinct()
                .toArray();
    }

    private static int[][] rowRanges() {
        return new int[][] {{0, ROWS}, {1, 4}};
    }

    private static float[] random(SplittableRandom random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((2.0 * random.nextDouble() - 1.0) * scale);
        }
        return values;
    }

    private static double[] widen(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }

    private static void assertBitsOutside(float[] before, float[] after, int from, int to, String what) {
        for (int i = 0; i < before.length; i++) {
            if (i < from || i >= to) {
                assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(after[i]),
                        what + ": changed outside its range at [" + i + "]");
            }
        }
    }

    /** The activation in double from the float argument the body forms. */
    private static double value(int kind, float z, float scale) {
        if (kind == WaveKernels.SINE) {
            return Math.sin(scale * z);
        }
        if (kind == WaveKernels.GAUSS) {
            float sz = scale * z;
            return Math.exp(-(sz * sz));
        }
        float frequency = scale * (Math.abs(z) + 1.0f);
        return Math.sin(frequency * z);
    }

    private static double derivative(int kind, float z, float scale) {
        if (kind == WaveKernels.SINE) {
            return Math.cos(scale * z) * scale;
        }
        if (kind == WaveKernels.GAUSS) {
            float sz = scale * z;
            return -2.0 * sz * scale * Math.exp(-(sz * sz));
        }
        float frequency = scale * (Math.abs(z) + 1.0f);
        return Math.cos(frequency * z) * frequency;
    }

    private static final int[] KINDS = {WaveKernels.SINE, WaveKernels.GAUSS, WaveKernels.FINER};
    private static final float[] SCALES = {30.0f, 2.0f, 5.0f};

    @Test
    void biasWaveRowsAddsTheBiasAndAppliesTheWave() {
        SplittableRandom random = new SplittableRandom(21);
        for (int k = 0; k < KINDS.length; k++) {
            int kind = KINDS[k];
            float scale = SCALES[k];
            for (int width : widths()) {
                for (int[] range : rowRanges()) {
                    float[] bias = random(random, width, 0.5);
                    float[] pre = random(random, ROWS * width, 1.0);
                    float[] y = random(random, ROWS * width, 1.0);
                    float[] expectedPre = pre.clone();
                    double[] expectedY = widen(y);
                    for (int row = range[0]; row < range[1]; row++) {
                        for (int j = 0; j < width; j++) {
                            int at = row * width + j;
                            float z = pre[at] + bias[j];
                            expectedPre[at] = z;
                            expectedY[at] = value(kind, z, scale);
                        }
                    }
                    float[] yBefore = y.clone();
                    VectorWaves.biasWaveRows(range[0], range[1], bias, width, kind, scale, pre, y);
                    String what = "biasWaveRows kind " + kind + " width " + width + " rows " + range[0] + ".."
                            + range[1];
                    for (int i = 0; i < pre.length; i++) {
                        assertEquals(Float.floatToRawIntBits(expectedPre[i]), Float.floatToRawIntBits(pre[i]),
                                what + ": pre at [" + i + "]");
                    }
                    assertBitsOutside(yBefore, y, range[0] * width, range[1] * width, what + ": y");
                    assertClose(expectedY, y, TOLERANCE, what + ": y");
                }
            }
        }
    }

    @Test
    void waveBackwardIsTheGradientTimesTheDerivative() {
        SplittableRandom random = new SplittableRandom(22);
        for (int k = 0; k < KINDS.length; k++) {
            int kind = KINDS[k];
            float scale = SCALES[k];
            for (int length : new int[] {0, 1, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 100}) {
                for (int from : new int[] {0, 3}) {
                    for (boolean inPlace : new boolean[] {false, true}) {
                        int size = from + length + 5;
                        float[] pre = random(random, size, 1.0);
                        float[] dY = random(random, size, 1.0);
                        float[] dPre = inPlace ? dY : random(random, size, 1.0);
                        float[] before = dPre.clone();
                        double[] expected = widen(dPre);
                        for (int i = from; i < from + length; i++) {
                            expected[i] = dY[i] * derivative(kind, pre[i], scale);
                        }
                        VectorWaves.waveBackward(from, from + length, pre, dY, kind, scale, dPre);
                        String what = "waveBackward kind " + kind + " [" + from + ", " + (from + length) + ")"
                                + (inPlace ? " in place" : "");
                        assertBitsOutside(before, dPre, from, from + length, what);
                        assertClose(expected, dPre, TOLERANCE, what);
                    }
                }
            }
        }
    }

    /** INCODE's coefficients a, b, c, d: amplitude exp(a), frequency exp(b) omega, phase c, shift d. */
    private static final float[] COEFFICIENTS = {0.2f, -0.3f, 0.4f, -0.1f};
    private static final float OMEGA = 30.0f;

    @Test
    void incodeSineRowsIsTheScaledShiftedSine() {
        SplittableRandom random = new SplittableRandom(23);
        float amplitude = (float) Math.exp(COEFFICIENTS[0]);
        float frequency = (float) Math.exp(COEFFICIENTS[1]) * OMEGA;
        for (int width : widths()) {
            for (int[] range : rowRanges()) {
                float[] pre = random(random, ROWS * width, 1.0);
                float[] y = random(random, ROWS * width, 1.0);
                float[] before = y.clone();
                double[] expected = widen(y);
                for (int row = range[0]; row < range[1]; row++) {
                    for (int j = 0; j < width; j++) {
                        int at = row * width + j;
                        float theta = frequency * pre[at] + COEFFICIENTS[2];
                        expected[at] = amplitude * Math.sin(theta) + COEFFICIENTS[3];
                    }
                }
                VectorWaves.incodeSineRows(range[0], range[1], pre, COEFFICIENTS, width, OMEGA, y);
                String what = "incodeSineRows width " + width + " rows " + range[0] + ".." + range[1];
                assertBitsOutside(before, y, range[0] * width, range[1] * width, what);
                assertClose(expected, y, TOLERANCE, what);
            }
        }
    }

    @Test
    void incodeSineBackwardRowsGivesTheInputGradientAndTheRowSums() {
        SplittableRandom random = new SplittableRandom(24);
        float amplitude = (float) Math.exp(COEFFICIENTS[0]);
        float frequency = (float) Math.exp(COEFFICIENTS[1]) * OMEGA;
        float c = COEFFICIENTS[2];
        float d = COEFFICIENTS[3];
        for (int width : widths()) {
            for (int[] range : rowRanges()) {
                for (boolean inPlace : new boolean[] {false, true}) {
                    float[] pre = random(random, ROWS * width, 1.0);
                    float[] y = random(random, ROWS * width, 1.0);
                    float[] dY = random(random, ROWS * width, 1.0);
                    float[] dPre = inPlace ? dY : random(random, ROWS * width, 1.0);
                    float[] grads = random(random, ROWS * 4, 1.0);
                    float[] dPreBefore = dPre.clone();
                    float[] gradsBefore = grads.clone();
                    double[] expectedDPre = widen(dPre);
                    double[] expectedGrads = widen(grads);
                    for (int row = range[0]; row < range[1]; row++) {
                        double a = 0;
                        double b = 0;
                        double cc = 0;
                        double dd = 0;
                        for (int j = 0; j < width; j++) {
                            int at = row * width + j;
                            float p = pre[at];
                            float g = dY[at];
                            double gCos = g * amplitude * Math.cos(frequency * p + c);
                            a += g * ((double) y[at] - d);
                            b += gCos * frequency * p;
                            cc += gCos;
                            dd += g;
                            expectedDPre[at] = gCos * frequency;
                        }
                        expectedGrads[row * 4] = a;
                        expectedGrads[row * 4 + 1] = b;
                        expectedGrads[row * 4 + 2] = cc;
                        expectedGrads[row * 4 + 3] = dd;
                    }
                    VectorWaves.incodeSineBackwardRows(range[0], range[1], pre, y, COEFFICIENTS, dY, width, OMEGA,
                            dPre, grads);
                    String what = "incodeSineBackwardRows width " + width + " rows " + range[0] + ".." + range[1]
                            + (inPlace ? " in place" : "");
                    assertBitsOutside(dPreBefore, dPre, range[0] * width, range[1] * width, what + ": dPre");
                    assertBitsOutside(gradsBefore, grads, range[0] * 4, range[1] * 4, what + ": row sums");
                    assertClose(expectedDPre, dPre, TOLERANCE, what + ": dPre");
                    // Sums of up to 100 float terms: a few 1e-7 of their magnitudes.
                    assertClose(expectedGrads, grads, 1e-5, what + ": row sums");
                }
            }
        }
    }
}
