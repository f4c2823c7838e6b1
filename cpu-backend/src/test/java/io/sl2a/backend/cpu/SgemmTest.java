package io.sl2a.backend.cpu;

import static io.sl2a.kernels.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.kernels.LinearKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link Sgemm} implementations against a naive double product, on random shapes with BLAS
 * addressing: transposes, offsets, leading dimensions wider than the matrices, alpha != 1 and
 * beta 0 / 1 / 0.5.
 *
 * <p>Besides the values of C, each case checks the BLAS contract around them: the elements of the
 * C array outside the m x n window (offset prefix, padding columns, tail) are bit-for-bit unchanged;
 * with beta 0 the window starts as NaN, which must not leak (C is not read); and the padding and
 * offset regions of A and B hold NaN, which must not be read either.
 *
 * <p>Tolerance 1e-5 relative to the largest |C|: float dot products of up to ~600 unit-scale terms,
 * blocked or not, stay within a few 1e-7 of the double result at that scale.
 */
class SgemmTest {
    private static final double TOLERANCE = 1e-5;
    private static ParallelFor one;
    private static ParallelFor three;
    private static Optional<OpenBlasSgemm> openBlas;

    @BeforeAll
    static void setUp() {
        one = new ParallelFor(1);
        three = new ParallelFor(3);
        openBlas = OpenBlasSgemm.load();
    }

    @AfterAll
    static void tearDown() {
        one.close();
        three.close();
    }

    private static OpenBlasSgemm openBlas() {
        assumeTrue(openBlas.isPresent(), "OpenBLAS (libopenblas.so.0) not found: OpenBLAS cases skipped");
        return openBlas.get();
    }

    /** A thread-safe single-threaded Sgemm from the kernel body, counting its calls. */
    private static final class BodySgemm implements Sgemm {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "gemmRow";
        }

        @Override
        public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a,
                int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
            calls.incrementAndGet();
            for (int row = 0; row < m; row++) {
                LinearKernels.gemmRow(row, n, k, alpha, a, aOffset, transposeA ? 1 : lda, transposeA ? lda : 1, b,
                        bOffset, transposeB ? 1 : ldb, transposeB ? ldb : 1, beta, c, cOffset, ldc);
            }
        }
    }

    /** One product with its operands laid out in padded arrays. */
    record Shape(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float beta, int aOffset,
            int lda, int bOffset, int ldb, int cOffset, int ldc) {

        static Shape random(Random random, int m, int n, int k) {
            boolean transposeA = random.nextBoolean();
            boolean transposeB = random.nextBoolean();
            float[] alphas = {1.0f, 0.75f, -1.5f};
            float[] betas = {0.0f, 1.0f, 0.5f};
            int aWidth = transposeA ? m : k;
            int bWidth = transposeB ? k : n;
            return new Shape(transposeA, transposeB, m, n, k, alphas[random.nextInt(3)], betas[random.nextInt(3)],
                    random.nextInt(6), aWidth + random.nextInt(4), random.nextInt(6), bWidth + random.nextInt(4),
                    random.nextInt(6), n + random.nextInt(4));
        }

        int aRows() {
            return transposeA ? k : m;
        }

        int aWidth() {
            return transposeA ? m : k;
        }

        int bRows() {
            return transposeB ? n : k;
        }

        int bWidth() {
            return transposeB ? k : n;
        }

        @Override
        public String toString() {
            return String.format("%dx%dx%d tA=%b tB=%b alpha=%s beta=%s aOff=%d lda=%d bOff=%d ldb=%d cOff=%d ldc=%d",
                    m, n, k, transposeA, transposeB, alpha, beta, aOffset, lda, bOffset, ldb, cOffset, ldc);
        }
    }

    /** A matrix of {@code rows x width} values in [-1, 1) at {@code offset} with leading dimension {@code ld}; NaN elsewhere. */
    private static float[] padded(Random random, int offset, int rows, int width, int ld) {
        float[] values = new float[offset + rows * ld + 2];
        java.util.Arrays.fill(values, Float.NaN);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                values[offset + r * ld + j] = (float) (2.0 * random.nextDouble() - 1.0);
            }
        }
        return values;
    }

    private static boolean inWindow(Shape s, int index) {
        int relative = index - s.cOffset();
        if (relative < 0) {
            return false;
        }
        int row = relative / s.ldc();
        int column = relative % s.ldc();
        return row < s.m() && column < s.n();
    }

    /** Runs {@code gemm} on the shape and checks C against the double product and the untouched regions. */
    private static void check(Sgemm gemm, Shape s, long seed) {
        Random random = new Random(seed);
        float[] a = padded(random, s.aOffset(), s.aRows(), s.aWidth(), s.lda());
        float[] b = padded(random, s.bOffset(), s.bRows(), s.bWidth(), s.ldb());
        float[] c = new float[s.cOffset() + s.m() * s.ldc() + 3];
        for (int i = 0; i < c.length; i++) {
            c[i] = inWindow(s, i) && s.beta() == 0.0f ? Float.NaN : (float) (2.0 * random.nextDouble() - 1.0);
        }
        float[] before = c.clone();
        double[] expected = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            expected[i] = before[i];
        }
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double sum = 0.0;
                for (int p = 0; p < s.k(); p++) {
                    double av = s.transposeA() ? a[s.aOffset() + p * s.lda() + i] : a[s.aOffset() + i * s.lda() + p];
                    double bv = s.transposeB() ? b[s.bOffset() + j * s.ldb() + p] : b[s.bOffset() + p * s.ldb() + j];
                    sum += av * bv;
                }
                int at = s.cOffset() + i * s.ldc() + j;
                expected[at] = s.alpha() * sum + (s.beta() == 0.0f ? 0.0 : s.beta() * (double) before[at]);
            }
        }
        gemm.sgemm(s.transposeA(), s.transposeB(), s.m(), s.n(), s.k(), s.alpha(), a, s.aOffset(), s.lda(), b,
                s.bOffset(), s.ldb(), s.beta(), c, s.cOffset(), s.ldc());
        String what = gemm.name() + " " + s;
        for (int i = 0; i < c.length; i++) {
            if (!inWindow(s, i)) {
                assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(c[i]),
                        what + ": C outside the window changed at " + i);
            }
        }
        assertClose(expected, c, TOLERANCE, what);
    }

    /** Random small shapes: n below and around the vector panel, m not a multiple of 4, k across K-blocks. */
    private static List<Shape> smallShapes(long seed, int count) {
        Random random = new Random(seed);
        List<Shape> shapes = new ArrayList<>();
        int[][] fixed = {{1, 1, 1}, {3, 5, 7}, {5, 15, 9}, {4, 16, 3}, {7, 17, 2}, {9, 32, 5}, {6, 33, 4}, {13, 64, 3},
            {2, 3, 257}, {6, 19, 600}, {37, 19, 23}};
        for (int[] mnk : fixed) {
            shapes.add(Shape.random(random, mnk[0], mnk[1], mnk[2]));
        }
        for (int i = 0; i < count; i++) {
            int m = 1 + random.nextInt(45);
            int n = 1 + random.nextInt(i % 2 == 0 ? 15 : 70);
            int k = 1 + random.nextInt(i % 5 == 0 ? 400 : 40);
            shapes.add(Shape.random(random, m, n, k));
        }
        return shapes;
    }

    /** Shapes with over 2^20 multiply-adds and an extent of at least 32: partitioned by rows or columns. */
    private static List<Shape> partitionedShapes(long seed, int count) {
        Random random = new Random(seed);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(Shape.random(random, 300, 70, 50));
        shapes.add(Shape.random(random, 50, 300, 70));
        for (int i = 0; i < count; i++) {
            int wide = 33 + random.nextInt(200);
            int narrow = 3 + random.nextInt(Math.min(wide, 60));
            int m = i % 2 == 0 ? wide : narrow;
            int n = i % 2 == 0 ? narrow : wide + 1; // n > m: split by columns
            int k = (int) ((1L << 20) / ((long) m * n)) + 1 + random.nextInt(20);
            shapes.add(Shape.random(random, m, n, k));
        }
        return shapes;
    }

    @Test
    void javaVectorSgemmSingleThread() {
        Sgemm gemm = new JavaVectorSgemm(one);
        long seed = 1;
        for (Shape s : smallShapes(71, 50)) {
            check(gemm, s, seed++);
        }
    }

    @Test
    void javaVectorSgemmThreeThreads() {
        Sgemm gemm = new JavaVectorSgemm(three);
        long seed = 100;
        for (Shape s : smallShapes(72, 50)) {
            check(gemm, s, seed++);
        }
        for (Shape s : partitionedShapes(73, 2)) {
            check(gemm, s, seed++);
        }
    }

    @Test
    void partitionedSgemmSplitsLargeProductsAndKeepsSmallOnesWhole() {
        BodySgemm body = new BodySgemm();
        Sgemm gemm = new PartitionedSgemm(body, three);
        long seed = 200;
        for (Shape s : partitionedShapes(74, 6)) {
            body.calls.set(0);
            check(gemm, s, seed++);
            assertTrue(body.calls.get() > 1, "not partitioned: " + s);
        }
        for (Shape s : smallShapes(75, 10)) {
            body.calls.set(0);
            check(gemm, s, seed++);
            assertEquals(1, body.calls.get(), "small product split: " + s);
        }
    }

    @Test
    void partitionedSgemmOnOneThreadIsOneCall() {
        BodySgemm body = new BodySgemm();
        Sgemm gemm = new PartitionedSgemm(body, one);
        Shape s = partitionedShapes(76, 0).get(0);
        check(gemm, s, 300);
        assertEquals(1, body.calls.get());
    }

    @Test
    void openBlasSgemm() {
        Sgemm gemm = openBlas();
        long seed = 400;
        for (Shape s : smallShapes(77, 30)) {
            check(gemm, s, seed++);
        }
    }

    @Test
    void partitionedOpenBlasSgemm() {
        Sgemm gemm = new PartitionedSgemm(openBlas(), three);
        long seed = 500;
        for (Shape s : partitionedShapes(78, 6)) {
            check(gemm, s, seed++);
        }
        for (Shape s : smallShapes(79, 10)) {
            check(gemm, s, seed++);
        }
    }

    /**
     * k = 0: C = beta C, and nothing of A or B is read (they are shorter than m x 1 here). With beta 1
     * the Java product keeps C's bits, negative zeros included (adding an empty product's +0 would turn
     * them positive); beta 0 clears C, NaN included.
     */
    private static void checkEmptyInnerDimension(Sgemm gemm, boolean keepsZeroSigns) {
        int m = 6;
        int n = 37;
        float[] nan = {Float.NaN, Float.NaN, Float.NaN};
        for (float beta : new float[] {1.0f, 0.0f, 0.5f}) {
            float[] c = new float[m * n + 2];
            Random random = new Random(17);
            for (int i = 0; i < c.length; i++) {
                c[i] = i % 3 == 0 ? -0.0f : (float) (2.0 * random.nextDouble() - 1.0);
            }
            c[5] = beta == 0.0f ? Float.NaN : c[5];
            float[] before = c.clone();
            gemm.sgemm(false, false, m, n, 0, 1.0f, nan, 0, 1, nan, 0, n, beta, c, 0, n);
            for (int i = 0; i < c.length; i++) {
                float expected = i >= m * n ? before[i] : beta == 1.0f ? before[i] : beta == 0.0f ? 0.0f : beta * before[i];
                String what = gemm.name() + " beta " + beta + " at " + i + ": expected " + expected + ", got " + c[i];
                if (keepsZeroSigns) {
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(c[i]), what);
                } else {
                    assertTrue(expected == c[i] || Float.isNaN(expected) && Float.isNaN(c[i]), what);
                }
            }
        }
    }

    @Test
    void anEmptyInnerDimensionScalesC() {
        checkEmptyInnerDimension(new JavaVectorSgemm(one), true);
        checkEmptyInnerDimension(new JavaVectorSgemm(three), true);
        checkEmptyInnerDimension(new PartitionedSgemm(new JavaVectorSgemm(one), three), true);
    }

    /**
     * OpenBLAS likewise (its beta 1 turns negative zeros positive: compared as values), and the bounds
     * check must not refuse A and B, which hold no element of an empty product.
     */
    @Test
    void anEmptyInnerDimensionScalesCOnOpenBlas() {
        checkEmptyInnerDimension(openBlas(), false);
    }
}
