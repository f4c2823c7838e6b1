package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.KernelContext;

/**
 * {@link TornadoReduce}'s Java bodies on the JVM, no TornadoVM device, emulated as
 * {@link TornadoGemmEmulationTest} does (one virtual thread per work-item of a work-group,
 * {@code localBarrier} a real barrier, local arrays shared by the group and filled with NaN, in a
 * class loader of its own: see there). Checks the sums against double-precision references for
 * widths below, at and past a group's columns, row counts below, at and past its slices (and 0),
 * overwriting and accumulating; values past the row count are NaN (they must not be read) and
 * outputs past the width must stay untouched.
 */
class TornadoReduceEmulationTest {
    private static final double TOLERANCE = 1e-5;
    private static final KernelContextEmulation EMULATION = KernelContextEmulation.of(Emulator.class,
            TornadoReduce.class);
    private static final int[] WIDTHS = {1, 3, 16, 63, 64, 65, 130, 256};
    private static final int[] ROW_COUNTS = {0, 1, 15, 16, 17, 290, 1000};

    /** Both layouts: 0 sliced (CPUs), 1 coalesced (GPUs). */
    @org.junit.jupiter.params.ParameterizedTest(name = "coalesced {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
    void columnSumsMatchTheReference(int coalesced) throws Exception {
        for (int width : WIDTHS) {
            for (int count : ROW_COUNTS) {
                for (int accumulate = 0; accumulate < 2; accumulate++) {
                    Random random = new Random(31L * width + count + accumulate);
                    float[] dY = withNaNsPast(TornadoTestSupport.uniform(random, count * width, -1, 1), 7 * width);
                    float[] out = TornadoTestSupport.uniform(random, width + 5, -1, 1);
                    float[] before = out.clone();
                    float[] expected = new float[width];
                    for (int j = 0; j < width; j++) {
                        double sum = accumulate != 0 ? before[j] : 0.0;
                        for (int r = 0; r < count; r++) {
                            sum += dY[r * width + j];
                        }
                        expected[j] = (float) sum;
                    }
                    invoke("columnSum", coalesced, new int[] {count}, width, dY, out, accumulate);
                    String what = "width " + width + ", rows " + count + ", accumulate " + accumulate
                            + ", coalesced " + coalesced;
                    TornadoTestSupport.assertClose(expected, Arrays.copyOf(out, width), TOLERANCE, what);
                    assertUntouched(before, out, width, what);
                }
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "coalesced {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1})
    void layerNormParamGradsMatchTheReference(int coalesced) throws Exception {
        for (int width : WIDTHS) {
            for (int count : ROW_COUNTS) {
                Random random = new Random(17L * width + count);
                float[] dY = withNaNsPast(TornadoTestSupport.uniform(random, count * width, -1, 1), 7 * width);
                float[] x = withNaNsPast(TornadoTestSupport.uniform(random, count * width, -2, 2), 7 * width);
                float[] mean = withNaNsPast(TornadoTestSupport.uniform(random, count, -1, 1), 7);
                float[] rstd = withNaNsPast(TornadoTestSupport.uniform(random, count, 0.5, 2), 7);
                float[] dGamma = new float[width + 5];
                float[] dBeta = new float[width + 5];
                Arrays.fill(dGamma, Float.NaN); // overwritten: not read
                Arrays.fill(dBeta, Float.NaN);
                float[] gammaBefore = dGamma.clone();
                float[] betaBefore = dBeta.clone();
                float[] expectedGamma = new float[width];
                float[] expectedBeta = new float[width];
                for (int j = 0; j < width; j++) {
                    double gamma = 0.0;
                    double beta = 0.0;
                    for (int r = 0; r < count; r++) {
                        double d = dY[r * width + j];
                        gamma += d * ((x[r * width + j] - (double) mean[r]) * rstd[r]);
                        beta += d;
                    }
                    expectedGamma[j] = (float) gamma;
                    expectedBeta[j] = (float) beta;
                }
                invoke("layerNormParamGrad", coalesced, new int[] {count}, width, dY, x, mean, rstd, dGamma, dBeta);
                String what = "width " + width + ", rows " + count + ", coalesced " + coalesced;
                TornadoTestSupport.assertClose(expectedGamma, Arrays.copyOf(dGamma, width), TOLERANCE, what + " gamma");
                TornadoTestSupport.assertClose(expectedBeta, Arrays.copyOf(dBeta, width), TOLERANCE, what + " beta");
                assertUntouched(gammaBefore, dGamma, width, what + " gamma");
                assertUntouched(betaBefore, dBeta, width, what + " beta");
            }
        }
    }

    @Test
    void wholeSumAddsToTheTotal() throws Exception {
        int group = TornadoReduce.SUM_GROUP;
        for (int count : new int[] {0, 1, 7, group - 1, group, group + 1, 1000, 70_000}) {
            Random random = new Random(count);
            float[] values = withNaNsPast(TornadoTestSupport.uniform(random, count, -1, 1), 300);
            float[] total = {1.5f, 42.0f};
            double sum = total[0];
            for (int i = 0; i < count; i++) {
                sum += values[i];
            }
            invoke("sum", new int[] {count}, values, total);
            TornadoTestSupport.assertClose(new float[] {(float) sum}, new float[] {total[0]}, TOLERANCE,
                    "rows " + count);
            assertEquals(42.0f, total[1], "rows " + count + ": total[1] written");
        }
    }

    /** {@code values} followed by {@code extra} NaNs: the buffer past the row count. */
    private static float[] withNaNsPast(float[] values, int extra) {
        float[] padded = Arrays.copyOf(values, values.length + extra);
        Arrays.fill(padded, values.length, padded.length, Float.NaN);
        return padded;
    }

    private static void assertUntouched(float[] before, float[] after, int from, String what) {
        for (int i = from; i < before.length; i++) {
            assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(after[i]),
                    what + ": [" + i + "] past the width was written");
        }
    }

    private static void invoke(String name, Object... args) throws Exception {
        EMULATION.invoke(name, args);
    }

    /**
     * Runs in the isolated loader (its nested classes too): the TornadoReduce and KernelContext it
     * names are the copies. Only plain arrays and ints cross over.
     */
    static final class Emulator {
        private Emulator() {
        }

        private static uk.ac.manchester.tornado.api.WorkerGrid grid(int width, int coalesced) {
            return TornadoReduce.columnGrid(width, coalesced != 0 ? TornadoReduce.Layout.COALESCED
                    : TornadoReduce.Layout.SLICED);
        }

        static void columnSum(int coalesced, int[] rows, int width, float[] dY, float[] out, int accumulate)
                throws Exception {
            int[] shape = {width};
            EmulatedGrid.run(grid(width, coalesced).getGlobalWork(), grid(width, coalesced).getLocalWork(),
                    item -> {
                        if (coalesced != 0) {
                            TornadoReduce.columnSumCoalesced(item, rows, shape, dY, out, accumulate);
                        } else {
                            TornadoReduce.columnSum(item, rows, shape, dY, out, accumulate);
                        }
                    });
        }

        static void layerNormParamGrad(int coalesced, int[] rows, int width, float[] dY, float[] x, float[] mean,
                float[] rstd, float[] dGamma, float[] dBeta) throws Exception {
            int[] shape = {width};
            EmulatedGrid.run(grid(width, coalesced).getGlobalWork(), grid(width, coalesced).getLocalWork(),
                    item -> {
                        if (coalesced != 0) {
                            TornadoReduce.layerNormParamGradCoalesced(item, rows, shape, dY, x, mean, rstd, dGamma,
                                    dBeta);
                        } else {
                            TornadoReduce.layerNormParamGrad(item, rows, shape, dY, x, mean, rstd, dGamma, dBeta);
                        }
                    });
        }

        static void sum(int[] rows, float[] values, float[] total) throws Exception {
            EmulatedGrid.run(TornadoReduce.sumGrid().getGlobalWork(), TornadoReduce.sumGrid().getLocalWork(),
                    item -> TornadoReduce.sum(item, rows, values, total));
        }
    }
}
