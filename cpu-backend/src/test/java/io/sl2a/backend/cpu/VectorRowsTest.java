package io.sl2a.backend.cpu;

import static io.sl2a.kernels.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sl2a.kernels.LayerNormKernels;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorRows} against plain scalar loops written here, at lengths that use only the scalar
 * tail (below the vector length), only whole vectors, and both, for every row range or element
 * range a caller may pass (from 0, from the middle, empty).
 *
 * <p>Every method but LayerNorm's promises the body's float operations in the body's order, so the
 * comparison is bit for bit. LayerNorm's row sums are taken in lanes, lane 0 up ({@link
 * VectorRows#sumInOrder}, which keeps a run's bits independent of when the JIT compiled the loop):
 * the reference here forms them the same way, so that is bit for bit too, and it is also held
 * against the double-precision formula. Everything outside the range must keep its bits.
 */
class VectorRowsTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    /** Rows of the row-wise cases; they run over rows [FROM_ROW, TO_ROW) and over all of them. */
    private static final int ROWS = 7;
    private static final int FROM_ROW = 2;
    private static final int TO_ROW = 6;

    /** Tail only, one vector, vector and tail, several vectors and a tail. */
    private static int[] widths() {
        return IntStream.of(1, 2, LANES - 1, LANES, LANES + 1, 2 * LANES, 2 * LANES + 3, 100).filter(w -> w > 0)
                .distinct().toArray();
    }

    /** The element ranges [from, from + length) of the elementwise cases. */
    private static int[] lengths() {
        return IntStream.of(0, 1, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 100).filter(n -> n >= 0).distinct()
                .toArray();
    }

    private static int[][] rowRanges() {
        return new int[][] {{0, ROWS}, {FROM_ROW, TO_ROW}, {3, 3}};
    }

    private static float[] random(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (2.0 * random.nextDouble() - 1.0);
        }
        return values;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": differs at [" + i + "]: expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    @Test
    void gatherSumRowsAddsTheAxesEntriesInAxisOrder() {
        SplittableRandom random = new SplittableRandom(1);
        int in = 3;
        int axisLength = 5;
        for (int outDim : widths()) {
            for (int[] range : rowRanges()) {
                float[] table = random(random, in * axisLength * outDim);
                float[] index = new float[ROWS * in];
                for (int i = 0; i < index.length; i++) {
                    index[i] = random.nextInt(axisLength);
                }
                float[] out = random(random, ROWS * outDim);
                float[] expected = out.clone();
                for (int row = range[0]; row < range[1]; row++) {
                    for (int o = 0; o < outDim; o++) {
                        float sum = table[(int) index[row * in] * outDim + o];
                        for (int i = 1; i < in; i++) {
                            sum += table[(i * axisLength + (int) index[row * in + i]) * outDim + o];
                        }
                        expected[row * outDim + o] = sum;
                    }
                }
                VectorRows.gatherSumRows(range[0], range[1], table, index, in, outDim, axisLength, out);
                assertBits(expected, out, "gatherSumRows outDim " + outDim + " rows " + range[0] + ".." + range[1]);
            }
        }
    }

    @Test
    void scatterAddRowsAddsEachRowIntoItsEntriesInRowOrder() {
        SplittableRandom random = new SplittableRandom(2);
        int in = 2;
        int axisLength = 3; // fewer positions than rows: rows share entries
        int tableOffset = 5;
        for (int outDim : widths()) {
            for (int[] range : rowRanges()) {
                float[] dOut = random(random, ROWS * outDim);
                float[] index = new float[ROWS * in];
                for (int i = 0; i < index.length; i++) {
                    index[i] = random.nextInt(axisLength);
                }
                float[] table = random(random, tableOffset + in * axisLength * outDim + 4);
                float[] expected = table.clone();
                for (int row = range[0]; row < range[1]; row++) {
                    for (int i = 0; i < in; i++) {
                        int entry = tableOffset + (i * axisLength + (int) index[row * in + i]) * outDim;
                        for (int o = 0; o < outDim; o++) {
                            expected[entry + o] += dOut[row * outDim + o];
                        }
                    }
                }
                VectorRows.scatterAddRows(range[0], range[1], dOut, index, in, outDim, axisLength, table, tableOffset);
                assertBits(expected, table, "scatterAddRows outDim " + outDim + " rows " + range[0] + ".." + range[1]);
            }
        }
    }

    @Test
    void addIntoAddsTheSourceWindowOntoTheTargetWindow() {
        SplittableRandom random = new SplittableRandom(3);
        for (int length : lengths()) {
            float[] source = random(random, length + 9);
            float[] target = random(random, length + 6);
            float[] expected = target.clone();
            for (int j = 0; j < length; j++) {
                expected[2 + j] += source[7 + j];
            }
            VectorRows.addInto(target, 2, source, 7, length);
            assertBits(expected, target, "addInto length " + length);
        }
    }

    @Test
    void biasActivationRowsAddsTheBiasAndAppliesTheActivation() {
        SplittableRandom random = new SplittableRandom(4);
        for (boolean relu : new boolean[] {false, true}) {
            for (int width : widths()) {
                for (int[] range : rowRanges()) {
                    float[] bias = random(random, width);
                    float[] y = random(random, ROWS * width);
                    float[] expected = y.clone();
                    for (int row = range[0]; row < range[1]; row++) {
                        for (int j = 0; j < width; j++) {
                            float v = y[row * width + j] + bias[j];
                            expected[row * width + j] = relu ? Math.max(v, 0.0f) : v;
                        }
                    }
                    VectorRows.biasActivationRows(range[0], range[1], bias, width, relu, y);
                    assertBits(expected, y, "biasActivationRows relu " + relu + " width " + width + " rows "
                            + range[0] + ".." + range[1]);
                }
            }
        }
    }

    @Test
    void biasActivationModulateRowsAlsoWritesTheModulatedInput() {
        SplittableRandom random = new SplittableRandom(5);
        for (boolean relu : new boolean[] {false, true}) {
            for (int width : widths()) {
                for (int[] range : rowRanges()) {
                    float[] bias = random(random, width);
                    float[] x = random(random, ROWS * width);
                    float[] y = random(random, ROWS * width);
                    float[] z = random(random, ROWS * width);
                    float[] expectedY = y.clone();
                    float[] expectedZ = z.clone();
                    for (int row = range[0]; row < range[1]; row++) {
                        for (int j = 0; j < width; j++) {
                            int at = row * width + j;
                            float v = y[at] + bias[j];
                            float activated = relu ? Math.max(v, 0.0f) : v;
                            expectedY[at] = activated;
                            expectedZ[at] = x[at] * activated;
                        }
                    }
                    VectorRows.biasActivationModulateRows(range[0], range[1], bias, x, width, relu, y, z);
                    String what = "biasActivationModulateRows relu " + relu + " width " + width + " rows " + range[0]
                            + ".." + range[1];
                    assertBits(expectedY, y, what + ": y");
                    assertBits(expectedZ, z, what + ": z");
                }
            }
        }
    }

    @Test
    void modulationBackwardOverAnElementRange() {
        SplittableRandom random = new SplittableRandom(6);
        for (boolean accumulate : new boolean[] {false, true}) {
            for (int length : lengths()) {
                for (int from : new int[] {0, 3}) {
                    int size = from + length + 5;
                    float[] dZ = random(random, size);
                    float[] x = random(random, size);
                    float[] yPrevious = random(random, size);
                    float[] dX = random(random, size);
                    float[] dYPrevious = random(random, size);
                    float[] expectedDX = dX.clone();
                    float[] expectedDY = dYPrevious.clone();
                    for (int i = from; i < from + length; i++) {
                        float toX = dZ[i] * yPrevious[i];
                        expectedDX[i] = accumulate ? dX[i] + toX : toX;
                        expectedDY[i] = dZ[i] * x[i];
                    }
                    VectorRows.modulationBackward(from, from + length, dZ, x, yPrevious, accumulate, dX, dYPrevious);
                    String what = "modulationBackward accumulate " + accumulate + " [" + from + ", " + (from + length)
                            + ")";
                    assertBits(expectedDX, dX, what + ": dX");
                    assertBits(expectedDY, dYPrevious, what + ": dYPrevious");
                }
            }
        }
    }

    @Test
    void reluBackwardIsTheGradientTimesTheSignOfTheOutput() {
        SplittableRandom random = new SplittableRandom(7);
        for (int length : lengths()) {
            for (int from : new int[] {0, 3}) {
                int size = from + length + 5;
                float[] y = random(random, size);
                for (int i = 0; i < size; i += 3) {
                    y[i] = 0.0f; // a ReLU's output is often exactly zero
                }
                float[] dY = random(random, size);
                float[] dX = random(random, size);
                float[] expected = dX.clone();
                for (int i = from; i < from + length; i++) {
                    expected[i] = dY[i] * Math.signum(y[i]);
                }
                VectorRows.reluBackward(from, from + length, y, dY, dX);
                assertBits(expected, dX, "reluBackward [" + from + ", " + (from + length) + ")");
            }
        }
    }

    @Test
    void reluBackwardMayRunInPlace() {
        SplittableRandom random = new SplittableRandom(8);
        int length = 2 * LANES + 3;
        float[] y = random(random, length);
        float[] d = random(random, length);
        float[] expected = new float[length];
        for (int i = 0; i < length; i++) {
            expected[i] = d[i] * Math.signum(y[i]);
        }
        VectorRows.reluBackward(0, length, y, d, d);
        assertBits(expected, d, "reluBackward in place");
    }

    @Test
    void multiplyOverAnElementRange() {
        SplittableRandom random = new SplittableRandom(9);
        for (boolean accumulate : new boolean[] {false, true}) {
            for (int length : lengths()) {
                for (int from : new int[] {0, 3}) {
                    int size = from + length + 5;
                    float[] a = random(random, size);
                    float[] b = random(random, size);
                    float[] out = random(random, size);
                    float[] expected = out.clone();
                    for (int i = from; i < from + length; i++) {
                        float product = a[i] * b[i];
                        expected[i] = accumulate ? out[i] + product : product;
                    }
                    VectorRows.multiply(from, from + length, a, b, accumulate, out);
                    assertBits(expected, out, "multiply accumulate " + accumulate + " [" + from + ", "
                            + (from + length) + ")");
                }
            }
        }
    }

    @Test
    void addColumnSumsAddsTheRowsInRowOrder() {
        SplittableRandom random = new SplittableRandom(10);
        for (int width : widths()) {
            for (int[] range : rowRanges()) {
                int offset = 3;
                float[] dY = random(random, ROWS * width);
                float[] sums = random(random, offset + width + 2);
                float[] expected = sums.clone();
                for (int row = range[0]; row < range[1]; row++) {
                    for (int j = 0; j < width; j++) {
                        expected[offset + j] += dY[row * width + j];
                    }
                }
                VectorRows.addColumnSums(range[0], range[1], dY, width, sums, offset);
                assertBits(expected, sums, "addColumnSums width " + width + " rows " + range[0] + ".." + range[1]);
            }
        }
    }

    @Test
    void addLayerNormParamGradsAddsTheRowsInRowOrder() {
        SplittableRandom random = new SplittableRandom(11);
        for (int width : widths()) {
            for (int[] range : rowRanges()) {
                int offset = 2;
                float[] dY = random(random, ROWS * width);
                float[] x = random(random, ROWS * width);
                float[] mean = random(random, ROWS);
                float[] rstd = new float[ROWS];
                for (int row = 0; row < ROWS; row++) {
                    rstd[row] = 0.5f + (float) random.nextDouble();
                }
                float[] dGamma = random(random, offset + width + 3);
                float[] dBeta = random(random, offset + width + 3);
                float[] expectedGamma = dGamma.clone();
                float[] expectedBeta = dBeta.clone();
                for (int row = range[0]; row < range[1]; row++) {
                    for (int j = 0; j < width; j++) {
                        float d = dY[row * width + j];
                        expectedGamma[offset + j] += d * ((x[row * width + j] - mean[row]) * rstd[row]);
                        expectedBeta[offset + j] += d;
                    }
                }
                VectorRows.addLayerNormParamGrads(range[0], range[1], dY, x, mean, rstd, width, dGamma, dBeta, offset);
                String what = "addLayerNormParamGrads width " + width + " rows " + range[0] + ".." + range[1];
                assertBits(expectedGamma, dGamma, what + ": dGamma");
                assertBits(expectedBeta, dBeta, what + ": dBeta");
            }
        }
    }

    /** The sum of {@code values[base + j]} over j below {@code width} as the vector code forms it. */
    private static float laneSum(float[] values, int base, int width) {
        int bound = width / LANES * LANES;
        float[] lanes = new float[LANES];
        for (int j = 0; j < bound; j++) {
            lanes[j % LANES] += values[base + j];
        }
        float sum = 0.0f;
        for (int lane = 0; lane < LANES; lane++) {
            sum += lanes[lane];
        }
        for (int j = bound; j < width; j++) {
            sum += values[base + j];
        }
        return sum;
    }

    @Test
    void layerNormForwardRowsMatchesTheLaneOrderedFormulaBitForBit() {
        SplittableRandom random = new SplittableRandom(12);
        float eps = 1e-5f;
        for (int width : widths()) {
            for (int[] range : rowRanges()) {
                float[] x = random(random, ROWS * width);
                for (int i = 0; i < x.length; i++) {
                    x[i] = 3.0f * x[i] + 0.5f; // a mean away from zero
                }
                float[] gamma = random(random, width);
                float[] beta = random(random, width);
                float[] y = random(random, ROWS * width);
                float[] mean = random(random, ROWS);
                float[] rstd = random(random, ROWS);
                float[] expectedY = y.clone();
                float[] expectedMean = mean.clone();
                float[] expectedRstd = rstd.clone();
                double[] exactY = new double[y.length];
                for (int i = 0; i < y.length; i++) {
                    exactY[i] = y[i];
                }
                for (int row = range[0]; row < range[1]; row++) {
                    int base = row * width;
                    if (width < LANES) {
                        // Below a vector the body runs, as it is.
                        LayerNormKernels.forwardRow(row, x, gamma, beta, width, eps, expectedY, expectedMean,
                                expectedRstd);
                    } else {
                        float mu = laneSum(x, base, width) / width;
                        int bound = width / LANES * LANES;
                        float[] lanes = new float[LANES];
                        for (int j = 0; j < bound; j++) {
                            float d = x[base + j] - mu;
                            lanes[j % LANES] = Math.fma(d, d, lanes[j % LANES]);
                        }
                        float square = 0.0f;
                        for (int lane = 0; lane < LANES; lane++) {
                            square += lanes[lane];
                        }
                        for (int j = bound; j < width; j++) {
                            float d = x[base + j] - mu;
                            square += d * d;
                        }
                        float r = (float) (1.0 / Math.sqrt(square / width + eps));
                        for (int j = 0; j < width; j++) {
                            expectedY[base + j] = (x[base + j] - mu) * r * gamma[j] + beta[j];
                        }
                        expectedMean[row] = mu;
                        expectedRstd[row] = r;
                    }
                    double exactMean = 0.0;
                    for (int j = 0; j < width; j++) {
                        exactMean += x[base + j];
                    }
                    exactMean /= width;
                    double variance = 0.0;
                    for (int j = 0; j < width; j++) {
                        variance += (x[base + j] - exactMean) * (x[base + j] - exactMean);
                    }
                    double exactRstd = 1.0 / Math.sqrt(variance / width + eps);
                    for (int j = 0; j < width; j++) {
                        exactY[base + j] = (x[base + j] - exactMean) * exactRstd * gamma[j] + beta[j];
                    }
                }
                VectorRows.layerNormForwardRows(range[0], range[1], x, gamma, beta, width, eps, y, mean, rstd);
                String what = "layerNormForwardRows width " + width + " rows " + range[0] + ".." + range[1];
                assertBits(expectedY, y, what + ": y");
                assertBits(expectedMean, mean, what + ": mean");
                assertBits(expectedRstd, rstd, what + ": rstd");
                assertClose(exactY, y, 1e-5, what + " against the double formula");
            }
        }
    }

    @Test
    void layerNormBackwardRowsMatchesTheLaneOrderedFormulaBitForBit() {
        SplittableRandom random = new SplittableRandom(13);
        for (int width : widths()) {
            for (int[] range : rowRanges()) {
                float[] dY = random(random, ROWS * width);
                float[] x = random(random, ROWS * width);
                float[] gamma = random(random, width);
                float[] mean = random(random, ROWS);
                float[] rstd = new float[ROWS];
                for (int row = 0; row < ROWS; row++) {
                    rstd[row] = 0.5f + (float) random.nextDouble();
                }
                float[] dX = random(random, ROWS * width);
                float[] expected = dX.clone();
                double[] exact = new double[dX.length];
                for (int i = 0; i < dX.length; i++) {
                    exact[i] = dX[i];
                }
                for (int row = range[0]; row < range[1]; row++) {
                    int base = row * width;
                    float mu = mean[row];
                    float r = rstd[row];
                    if (width < LANES) {
                        LayerNormKernels.backwardRow(row, dY, x, gamma, mean, rstd, width, expected);
                    } else {
                        int bound = width / LANES * LANES;
                        float[] gLanes = new float[LANES];
                        float[] hLanes = new float[LANES];
                        for (int j = 0; j < bound; j++) {
                            float g = dY[base + j] * gamma[j];
                            float xhat = (x[base + j] - mu) * r;
                            gLanes[j % LANES] += g;
                            hLanes[j % LANES] = Math.fma(g, xhat, hLanes[j % LANES]);
                        }
                        float gSum = 0.0f;
                        float hSum = 0.0f;
                        for (int lane = 0; lane < LANES; lane++) {
                            gSum += gLanes[lane];
                            hSum += hLanes[lane];
                        }
                        for (int j = bound; j < width; j++) {
                            float g = dY[base + j] * gamma[j];
                            gSum += g;
                            hSum += g * ((x[base + j] - mu) * r);
                        }
                        float meanG = gSum / width;
                        float meanGXhat = hSum / width;
                        for (int j = 0; j < width; j++) {
                            float g = dY[base + j] * gamma[j];
                            float xhat = (x[base + j] - mu) * r;
                            expected[base + j] = r * (g - meanG - xhat * meanGXhat);
                        }
                    }
                    double meanG = 0.0;
                    double meanGXhat = 0.0;
                    for (int j = 0; j < width; j++) {
                        double g = (double) dY[base + j] * gamma[j];
                        meanG += g;
                        meanGXhat += g * ((x[base + j] - (double) mu) * r);
                    }
                    meanG /= width;
                    meanGXhat /= width;
                    for (int j = 0; j < width; j++) {
                        double g = (double) dY[base + j] * gamma[j];
                        double xhat = (x[base + j] - (double) mu) * r;
                        exact[base + j] = r * (g - meanG - xhat * meanGXhat);
                    }
                }
                VectorRows.layerNormBackwardRows(range[0], range[1], dY, x, gamma, mean, rstd, width, dX);
                String what = "layerNormBackwardRows width " + width + " rows " + range[0] + ".." + range[1];
                assertBits(expected, dX, what);
                assertClose(exact, dX, 1e-5, what + " against the double formula");
            }
        }
    }

    @Test
    void sumInOrderAddsTheLanesFromLaneZeroUp() {
        SplittableRandom random = new SplittableRandom(14);
        float[] values = new float[LANES];
        // Large terms that cancel, with small ones between them: the order decides the sum's bits.
        for (int lane = 0; lane < LANES; lane++) {
            values[lane] = lane % 4 == 0 ? 1e8f : lane % 4 == 2 ? -1e8f : 1.0f + (float) random.nextDouble();
        }
        for (int pass = 0; pass < 3; pass++) {
            float expected = 0.0f;
            for (float value : values) {
                expected += value;
            }
            float sum = VectorRows.sumInOrder(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, values, 0));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(sum),
                    "sumInOrder " + java.util.Arrays.toString(values) + ": expected " + expected + ", got " + sum);
            values = random(random, LANES);
        }
    }
}
