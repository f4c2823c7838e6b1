package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.program.Op;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Op.ColumnCopy} through its body {@link ColumnKernels#columnCopy}: what it checks, a slice and
 * a concatenation that round-trip, and that its backward (the same op with src and dst swapped,
 * accumulating) is its adjoint.
 *
 * <p>The copies are exact; the adjoint identity {@code <F x, y> = <x, F^T y>} is checked to 1e-12
 * relative: both sides are the same products of floats summed in double, in different orders.
 */
class ColumnKernelsTest {
    private static final int ROWS = 13;

    /** Applies an op's body over {@code rows} rows, as a backend does. */
    private static void apply(Op.ColumnCopy o, float[] src, float[] dst, int rows) {
        for (int i = 0; i < rows * o.width(); i++) {
            ColumnKernels.columnCopy(i, src, o.srcWidth(), o.srcOffset(), dst, o.dstWidth(), o.dstOffset(), o.width(),
                    o.accumulate() ? 1 : 0);
        }
    }

    /** The backward: the gradient of dst's block accumulated into the gradient of src's block. */
    private static Op.ColumnCopy adjoint(Op.ColumnCopy o, String dDst, String dSrc) {
        return new Op.ColumnCopy(dDst, o.dstWidth(), o.dstOffset(), dSrc, o.srcWidth(), o.srcOffset(), o.width(), true);
    }

    @Test
    void copiesTheBlockOverwritingOrAccumulatingAndLeavesTheRestOfDst() {
        Random random = new Random(61);
        int rows = 5;
        float[] src = uniform(random, rows * 9, -1.0, 1.0);
        float[] start = uniform(random, (rows + 2) * 6, -1.0, 1.0);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] dst = start.clone();
            apply(new Op.ColumnCopy("s", 9, 2, "d", 6, 1, 4, accumulate), src, dst, rows);
            for (int row = 0; row < rows + 2; row++) {
                for (int c = 0; c < 6; c++) {
                    int at = row * 6 + c;
                    boolean inBlock = row < rows && c >= 1 && c < 5;
                    float copied = inBlock ? src[row * 9 + 2 + c - 1] : 0.0f;
                    float wanted = !inBlock ? start[at] : accumulate ? start[at] + copied : copied;
                    assertEquals(wanted, dst[at], 0.0f, "accumulate=" + accumulate + " row " + row + " column " + c);
                }
            }
        }
    }

    @Test
    void aSliceThenAConcatenationRoundTrips() {
        Random random = new Random(62);
        int width = 5;
        float[] x = uniform(random, ROWS * width, -1.0, 1.0);
        float[] first = uniform(random, ROWS, -1.0, 1.0);
        float[] rest = uniform(random, ROWS * (width - 1), -1.0, 1.0);
        float[] z = uniform(random, ROWS * width, -1.0, 1.0);
        apply(new Op.ColumnCopy("x", width, 0, "first", 1, 0, 1, false), x, first, ROWS);
        apply(new Op.ColumnCopy("x", width, 1, "rest", width - 1, 0, width - 1, false), x, rest, ROWS);
        for (int row = 0; row < ROWS; row++) {
            assertEquals(x[row * width], first[row], 0.0f, "first column of row " + row);
        }
        apply(new Op.ColumnCopy("first", 1, 0, "z", width, 0, 1, false), first, z, ROWS);
        apply(new Op.ColumnCopy("rest", width - 1, 0, "z", width, 1, width - 1, false), rest, z, ROWS);
        assertArrayEquals(x, z);
    }

    @Test
    void aConcatenationThenItsSlicesRoundTrip() {
        Random random = new Random(63);
        float[] a = uniform(random, ROWS * 2, -1.0, 1.0);
        float[] b = uniform(random, ROWS * 3, -1.0, 1.0);
        float[] ab = uniform(random, ROWS * 5, -1.0, 1.0);
        apply(new Op.ColumnCopy("a", 2, 0, "ab", 5, 0, 2, false), a, ab, ROWS);
        apply(new Op.ColumnCopy("b", 3, 0, "ab", 5, 2, 3, false), b, ab, ROWS);
        float[] a2 = new float[a.length];
        float[] b2 = new float[b.length];
        apply(new Op.ColumnCopy("ab", 5, 0, "a2", 2, 0, 2, false), ab, a2, ROWS);
        apply(new Op.ColumnCopy("ab", 5, 2, "b2", 3, 0, 3, false), ab, b2, ROWS);
        assertArrayEquals(a, a2);
        assertArrayEquals(b, b2);
    }

    @Test
    void theSwappedAccumulatingCopyIsTheAdjoint() {
        Random random = new Random(64);
        // {srcWidth, srcOffset, dstWidth, dstOffset, width}: slices, concatenation halves, an inner block.
        int[][] blocks = {{5, 0, 1, 0, 1}, {5, 1, 4, 0, 4}, {3, 0, 7, 0, 3}, {4, 0, 7, 3, 4}, {9, 2, 6, 1, 4}};
        for (int[] b : blocks) {
            Op.ColumnCopy forward = new Op.ColumnCopy("x", b[0], b[1], "y", b[2], b[3], b[4], false);
            Op.ColumnCopy backward = adjoint(forward, "dY", "dX");
            float[] x = uniform(random, ROWS * b[0], -1.0, 1.0);
            float[] dY = uniform(random, ROWS * b[2], -1.0, 1.0);
            // F x: the block of x in an otherwise zero y (F is linear in x alone).
            float[] fx = new float[ROWS * b[2]];
            apply(forward, x, fx, ROWS);
            // F^T dY into a zero gradient.
            float[] ftY = new float[ROWS * b[0]];
            apply(backward, dY, ftY, ROWS);
            double left = dot(fx, dY, fx.length);
            double right = dot(x, ftY, x.length);
            assertEquals(left, right, 1e-12 * Math.max(1.0, Math.abs(left)), java.util.Arrays.toString(b));
            // Accumulating: a gradient already there gains F^T dY, exactly.
            float[] start = uniform(random, ROWS * b[0], -1.0, 1.0);
            float[] dX = start.clone();
            apply(backward, dY, dX, ROWS);
            for (int i = 0; i < dX.length; i++) {
                assertEquals(start[i] + ftY[i], dX[i], 0.0f, java.util.Arrays.toString(b) + " dX[" + i + "]");
            }
        }
    }

    @Test
    void readsAndWrites() {
        assertEquals(List.of("s"), new Op.ColumnCopy("s", 3, 0, "d", 2, 0, 2, false).reads());
        assertEquals(List.of("s", "d"), new Op.ColumnCopy("s", 3, 0, "d", 2, 0, 2, true).reads());
        assertEquals(List.of("d"), new Op.ColumnCopy("s", 3, 0, "d", 2, 0, 2, true).writes());
    }

    @Test
    void refusesABlockThatDoesNotFitAndOneBuffer() {
        new Op.ColumnCopy("s", 3, 1, "d", 4, 2, 2, false); // fits exactly on both sides
        assertThrows(IllegalArgumentException.class, () -> new Op.ColumnCopy("s", 3, 2, "d", 4, 0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new Op.ColumnCopy("s", 3, 0, "d", 4, 3, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new Op.ColumnCopy("s", 3, -1, "d", 4, 0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new Op.ColumnCopy("s", 3, 0, "d", 4, -1, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new Op.ColumnCopy("s", 3, 0, "d", 4, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Op.ColumnCopy("s", 0, 0, "d", 4, 0, 1, false));
        assertThrows(IllegalArgumentException.class,
                () -> new Op.ColumnCopy("s", 3, Integer.MAX_VALUE, "d", 4, 0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new Op.ColumnCopy("s", 4, 0, "s", 4, 2, 2, false));
    }
}
