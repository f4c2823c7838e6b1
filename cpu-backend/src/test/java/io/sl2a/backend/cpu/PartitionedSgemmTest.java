package io.sl2a.backend.cpu;

import static io.sl2a.kernels.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.kernels.LinearKernels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How {@link PartitionedSgemm} splits a product: whole below 2^20 multiply-adds or an extent of
 * 32, on one thread, else into slabs of C, rows when C is at least as tall as wide, columns
 * otherwise, at most one a thread, every edge on a multiple of 16, as even as those edges allow
 * (a slab 16 smaller would not cover the extent in as many slabs), none empty, together covering
 * C once. Each case also checks C against a double product.
 */
class PartitionedSgemmTest {

    /** One single-threaded call: the rows or columns of C it covered. */
    private record Call(int start, int size) {
    }

    /** The kernel body as a product, recording which slab of C each call covers. */
    private static final class RecordingSgemm implements Sgemm {
        final List<Call> calls = new ArrayList<>();
        final boolean rows;
        final int ldc;

        RecordingSgemm(boolean rows, int ldc) {
            this.rows = rows;
            this.ldc = ldc;
        }

        @Override
        public String name() {
            return "body";
        }

        @Override
        public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a,
                int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
            synchronized (calls) {
                calls.add(rows ? new Call(cOffset / this.ldc, m) : new Call(cOffset, n));
            }
            for (int row = 0; row < m; row++) {
                LinearKernels.gemmRow(row, n, k, alpha, a, aOffset, transposeA ? 1 : lda, transposeA ? lda : 1, b,
                        bOffset, transposeB ? 1 : ldb, transposeB ? ldb : 1, beta, c, cOffset, ldc);
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4} on {5} threads: split {6}")
    @CsvSource({
        // at the thresholds
        "128, 64, 128, false, false, 3, true", "128, 64, 127, false, false, 3, false", "32, 32, 1024, false, false, 3, true",
        "31, 31, 1200, false, false, 3, false", "300, 300, 300, false, false, 1, false",
        // rows of C
        "96, 40, 300, true, false, 3, true", "97, 40, 300, false, true, 3, true", "40, 33, 800, false, false, 3, true",
        "300, 70, 50, true, true, 5, true", "64, 64, 256, false, false, 2, true", "50, 17, 1300, false, false, 3, true",
        // columns of C
        "40, 96, 300, false, false, 3, true", "33, 97, 400, true, false, 3, true", "20, 300, 200, false, true, 2, true",
        "10, 1000, 110, true, true, 4, true"})
    void slabsAreEvenSixteenAlignedAndCoverCOnce(int m, int n, int k, boolean transposeA, boolean transposeB,
            int threads, boolean split) {
        SplittableRandom random = new SplittableRandom(m * 1000L + n * 10L + k);
        int lda = (transposeA ? m : k) + 1;
        int ldb = (transposeB ? k : n) + 2;
        int ldc = n + 3;
        float[] a = new float[2 + (transposeA ? k : m) * lda];
        float[] b = new float[1 + (transposeB ? n : k) * ldb];
        float[] c = new float[4 + m * ldc];
        for (float[] values : new float[][] {a, b, c}) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (2.0 * random.nextDouble() - 1.0);
            }
        }
        double[] expected = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            expected[i] = c[i];
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transposeA ? a[2 + p * lda + i] : a[2 + i * lda + p];
                    double bv = transposeB ? b[1 + j * ldb + p] : b[1 + p * ldb + j];
                    sum += av * bv;
                }
                expected[4 + i * ldc + j] = 1.5 * sum + 0.5 * c[4 + i * ldc + j];
            }
        }
        boolean byRows = m >= n;
        RecordingSgemm body = new RecordingSgemm(byRows, ldc);
        try (ParallelFor parallel = new ParallelFor(threads)) {
            PartitionedSgemm gemm = new PartitionedSgemm(body, parallel);
            assertEquals("body x " + threads + " threads", gemm.name());
            gemm.sgemm(transposeA, transposeB, m, n, k, 1.5f, a, 2, lda, b, 1, ldb, 0.5f, c, 4, ldc);
        }
        String what = m + "x" + n + "x" + k;
        assertClose(expected, c, 1e-5, what);
        List<Call> calls = new ArrayList<>(body.calls);
        calls.sort(Comparator.comparingInt(Call::start));
        int extent = byRows ? m : n;
        if (!split) {
            assertEquals(List.of(new Call(byRows ? 0 : 4, extent)), calls, what + ": one call");
            return;
        }
        assertTrue(calls.size() > 1 && calls.size() <= threads, what + ": " + calls);
        int base = byRows ? 0 : 4; // columns are offsets into C, which starts at 4
        int slab = calls.get(0).size();
        assertEquals(0, slab % 16, what + ": slab " + slab);
        int at = 0;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            assertEquals(base + at, call.start(), what + ": slab " + i + " of " + calls);
            assertTrue(call.size() > 0, what + ": an empty slab in " + calls);
            assertTrue(i == calls.size() - 1 ? call.size() <= slab : call.size() == slab, what + ": uneven " + calls);
            at += call.size();
        }
        assertEquals(extent, at, what + ": covered");
        int slabsAllowed = Math.min(threads, extent / 16);
        assertTrue((long) (slab - 16) * slabsAllowed < extent, what + ": slabs of " + slab + " where " + (slab - 16)
                + " would do in " + slabsAllowed);
    }
}
