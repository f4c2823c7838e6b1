package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/**
 * Op.MatMul at the shapes of a training step, named as {@code -Dsl2a.profile=true} labels them:
 * {@code MxNxK} with {@code rows} for the batch extent, {@code _tA}/{@code _tB} when an operand is
 * transposed. The first six are the low-rank hidden layer (width 256, rank 128):
 * <pre>
 * rowsx128x256      forward  h  = z L            (rows x 256) (256 x 128)
 * rowsx256x128      forward  y  = h R            (rows x 128) (128 x 256)
 * 128x256xrows_tA   backward dR = h^T dy         weight gradient
 * rowsx128x256_tB   backward dh = dy R^T         input gradient
 * 256x128xrows_tA   backward dL = z^T dh         weight gradient
 * rowsx256x128_tB   backward dz = dh L^T         input gradient
 * </pre>
 * and the output layer (3 channels): forward {@code rowsx3x256_tB}, weight gradient
 * {@code 3x256xrows_tA}, input gradient {@code rowsx256x3}.
 */
public class MatMulBench extends BatchOpBenchmark {
    @Param({"rowsx128x256", "rowsx256x128", "128x256xrows_tA", "rowsx128x256_tB", "256x128xrows_tA",
            "rowsx256x128_tB", "rowsx3x256_tB", "3x256xrows_tA", "rowsx256x3"})
    public String shape;

    @Param({"OPENBLAS", "JAVA"})
    public CpuBackend.GemmChoice gemm;

    /** The product a shape name stands for: extents, transposes. */
    public record Shape(Extent m, Extent n, Extent k, boolean transposeA, boolean transposeB) {
        public static Shape parse(String name) {
            String[] parts = name.split("_");
            String[] dims = parts[0].split("x");
            if (dims.length != 3) {
                throw new IllegalArgumentException("shape must be MxNxK[_tA][_tB], got " + name);
            }
            boolean tA = false;
            boolean tB = false;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "tA" -> tA = true;
                    case "tB" -> tB = true;
                    default -> throw new IllegalArgumentException("unknown suffix " + parts[i] + " in " + name);
                }
            }
            return new Shape(extent(dims[0]), extent(dims[1]), extent(dims[2]), tA, tB);
        }

        private static Extent extent(String text) {
            return text.equals("rows") ? Extent.rows() : Extent.of(Integer.parseInt(text));
        }

        /** Multiply-adds times two at {@code rows} batch rows. */
        public double flops(int rows) {
            return 2.0 * m.resolve(rows) * n.resolve(rows) * k.resolve(rows);
        }
    }

    @Override
    protected OpHarness createHarness() {
        Shape s = Shape.parse(shape);
        OpHarness.Builder b = OpHarness.builder(rows);
        // A is m x k, B is k x n, C is m x n (whatever the storage order): one extent may be rows.
        declare(b, "a", s.m(), s.k(), -1f, 1f);
        declare(b, "b", s.k(), s.n(), -1f, 1f);
        declare(b, "c", s.m(), s.n(), 0f, 0f);
        return b.op(new Op.MatMul("a", s.transposeA(), "b", s.transposeB(), "c", s.m(), s.n(), s.k(), false))
                .build(target(), gemm);
    }

    private static void declare(OpHarness.Builder b, String name, Extent first, Extent second, float lo, float hi) {
        if (first.isRows() && second.isRows()) {
            throw new IllegalArgumentException("at most one extent may be rows");
        }
        if (first.isRows() || second.isRows()) {
            b.perRow(name, first.isRows() ? second.fixed() : first.fixed(), lo, hi);
        } else {
            b.fixed(name, first.fixed() * second.fixed(), lo, hi);
        }
    }
}
