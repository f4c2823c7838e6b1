package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.KernelContext;

/**
 * {@link TornadoGemm#gemm}'s Java body on the JVM, no TornadoVM device: the kernel runs over its
 * grid as OpenCL would run it, one thread per work-item of a work-group, {@code localBarrier} a real
 * barrier of the group, {@code allocateFloatLocalArray} one array shared by the group (filled with
 * NaN, so an element read before it is staged shows), the ids set in each work-item's
 * {@link KernelContext} (its fields are final: set by reflection). Checks the arithmetic against a
 * double-precision product for every transpose case, odd sizes, partial tiles, row-count extents
 * below the grid's size, overwriting (C full of NaN: it must not be read) and accumulating. The
 * emulation runs in a class loader of its own: see {@link KernelContextEmulation}.
 */
class TornadoGemmEmulationTest {
    private static final double TOLERANCE = 1e-5;
    private static final KernelContextEmulation EMULATION = KernelContextEmulation.of(Emulator.class, TornadoGemm.class);

    @Test
    void everyTransposeCaseAndOddSizesMatchTheReference() throws Exception {
        int[][] shapes = {{37, 45, 29}, {1, 1, 1}, {5, 3, 300}, {70, 33, 64}, {32, 32, 32}, {3, 130, 7}};
        for (int[] s : shapes) {
            for (int tA = 0; tA < 2; tA++) {
                for (int tB = 0; tB < 2; tB++) {
                    for (int acc = 0; acc < 2; acc++) {
                        check(s[0], s[1], s[2], s[0], s[1], s[2], tA, tB, acc, s[0], s[1]);
                    }
                }
            }
        }
    }

    @Test
    void rowCountExtentsBoundTheWorkBelowTheGrid() throws Exception {
        // rows = 29 of at most 70: m, n or k is the row count; the grid covers 70.
        int rows = 29;
        int maxRows = 70;
        for (int tA = 0; tA < 2; tA++) {
            for (int tB = 0; tB < 2; tB++) {
                check(rows, 19, 23, 0, 19, 23, tA, tB, 0, maxRows, 19);
                check(19, rows, 23, 19, 0, 23, tA, tB, 1, 19, maxRows);
                check(19, 23, rows, 19, 23, 0, tA, tB, 0, 19, 23);
            }
        }
    }

    /**
     * Split-k: the slices' partial products add up to the product, for k the row count or fixed,
     * slices that do and do not divide k in whole tiles, and more slices than k has tiles (the
     * last ones empty: they store zeros).
     */
    @Test
    void slicesOfKSumToTheProduct() throws Exception {
        int m = 37;
        int n = 45;
        for (int k : new int[] {29, 64, 300}) {
            for (int slices : new int[] {2, 3, 5}) {
                for (int tA = 0; tA < 2; tA++) {
                    Random random = new Random(13L * k + slices + tA);
                    float[] a = TornadoTestSupport.uniform(random, m * k, -1, 1);
                    float[] b = TornadoTestSupport.uniform(random, k * n, -1, 1);
                    float[] partial = new float[slices * m * n];
                    Arrays.fill(partial, Float.NaN); // every slice overwrites its part
                    EMULATION.invoke("runSlices", m, n, slices, new int[] {k}, a, b, partial, 0, tA, 0);
                    float[] summed = new float[m * n];
                    double[] expected = new double[m * n];
                    for (int r = 0; r < m; r++) {
                        for (int q = 0; q < n; q++) {
                            double sum = 0;
                            for (int p = 0; p < k; p++) {
                                sum += (double) (tA != 0 ? a[p * m + r] : a[r * k + p]) * b[p * n + q];
                            }
                            expected[r * n + q] = sum;
                            float total = 0;
                            for (int s = 0; s < slices; s++) {
                                total += partial[s * m * n + r * n + q];
                            }
                            summed[r * n + q] = total;
                        }
                    }
                    float[] expectedFloats = new float[m * n];
                    for (int i = 0; i < expected.length; i++) {
                        expectedFloats[i] = (float) expected[i];
                    }
                    TornadoTestSupport.assertClose(expectedFloats, summed, TOLERANCE,
                            "k " + k + ", " + slices + " slices, tA " + tA);
                }
            }
        }
    }

    /** One product; {@code *Spec} as the kernel takes them (0: the row count, which is then m, n or k). */
    private static void check(int m, int n, int k, int mSpec, int nSpec, int kSpec, int tA, int tB, int accumulate,
            int maxM, int maxN) throws Exception {
        int rows = mSpec == 0 ? m : nSpec == 0 ? n : kSpec == 0 ? k : 1;
        Random random = new Random(31L * m + 7L * n + k + 2L * tA + tB);
        float[] a = TornadoTestSupport.uniform(random, m * k, -1, 1);
        float[] b = TornadoTestSupport.uniform(random, k * n, -1, 1);
        // C as large as the grid could reach; past m x n it must stay untouched.
        int capacity = maxM * maxN;
        float[] c = accumulate != 0 ? TornadoTestSupport.uniform(random, capacity, -1, 1) : new float[capacity];
        if (accumulate == 0) {
            Arrays.fill(c, Float.NaN);
        }
        float[] before = c.clone();
        float[] expected = before.clone();
        for (int r = 0; r < m; r++) {
            for (int q = 0; q < n; q++) {
                double sum = accumulate != 0 ? before[r * n + q] : 0.0;
                for (int p = 0; p < k; p++) {
                    double av = tA != 0 ? a[p * m + r] : a[r * k + p];
                    double bv = tB != 0 ? b[q * k + p] : b[p * n + q];
                    sum += av * bv;
                }
                expected[r * n + q] = (float) sum;
            }
        }
        run(maxM, maxN, new int[] {rows}, a, b, c, mSpec, nSpec, kSpec, tA, tB, accumulate);
        String what = String.format("%dx%dx%d tA=%d tB=%d accumulate=%d", m, n, k, tA, tB, accumulate);
        float[] product = Arrays.copyOf(c, m * n);
        TornadoTestSupport.assertClose(Arrays.copyOf(expected, m * n), product, TOLERANCE, what);
        for (int i = m * n; i < capacity; i++) {
            assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(c[i]), what + ": C[" + i
                    + "] past m x n was written");
        }
    }

    private static void run(int maxM, int maxN, int[] rows, float[] a, float[] b, float[] c, int mSpec, int nSpec,
            int kSpec, int tA, int tB, int accumulate) throws Exception {
        EMULATION.invoke("run", maxM, maxN, rows, a, b, c, mSpec, nSpec, kSpec, tA, tB, accumulate);
    }

    /**
     * Runs in the isolated loader (its nested classes too): the TornadoGemm and KernelContext it names
     * are the copies. Only plain arrays and ints cross over.
     */
    static final class Emulator {
        private Emulator() {
        }

        /** Runs the kernel over TornadoGemm.grid(maxM, maxN). */
        static void run(int maxM, int maxN, int[] rows, float[] a, float[] b, float[] c, int mSpec, int nSpec,
                int kSpec, int tA, int tB, int accumulate) throws Exception {
            EmulatedGrid.run(TornadoGemm.grid(maxM, maxN).getGlobalWork(), TornadoGemm.grid(maxM, maxN).getLocalWork(),
                    item -> TornadoGemm.gemm(item, rows, new int[] {mSpec, nSpec, kSpec, 1}, a, b, c, tA, tB, accumulate));
        }

        /** Runs the kernel split over {@code slices} of k, each slice's product at partial[slice*m*n ..]. */
        static void runSlices(int m, int n, int slices, int[] rows, float[] a, float[] b, float[] partial, int kSpec,
                int tA, int tB) throws Exception {
            EmulatedGrid.run(TornadoGemm.grid(m, n, slices).getGlobalWork(),
                    TornadoGemm.grid(m, n, slices).getLocalWork(),
                    item -> TornadoGemm.gemm(item, rows, new int[] {m, n, kSpec, slices}, a, b, partial, tA, tB, 0));
        }
    }
}
