package io.sl2a.backend.tornado;

import io.sl2a.kernels.LinearKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks, one class a family of operations ({@link TornadoChebyshevTasks},
 * {@link TornadoDenseTasks}, {@link TornadoNormTasks}, {@link TornadoWaveTasks},
 * {@link TornadoComplexTasks}, {@link TornadoGridTasks}, {@link TornadoConvTasks},
 * {@link TornadoRenderTasks}, {@link TornadoLossTasks}, {@link TornadoOptimiserTasks}) and here the
 * second stages of the chunked column sums that several families share and the transfers' task.
 * Each is one {@code @Parallel} loop that calls a kernel body of
 * {@code io.sl2a.kernels} with the loop index as the work-item, and nothing else. The arithmetic
 * lives only in the bodies; these wrappers only decide the range and pass the arguments.
 *
 * <p>The batch row count changes from run to run, but a compiled task cannot: every task that
 * depends on it receives {@code rows}, a one-element {@code int[]} transferred with each execution,
 * loops to the largest count the program allows and skips work-items past {@code rows[0]}. The Adam
 * step scalars arrive the same way in {@code scalars} ({@code [stepSize, sqrtBiasCorrection2]}).
 *
 * <p>A matrix extent is passed as an int that is either its fixed size or {@code 0} for "the batch
 * row count" ({@link io.sl2a.program.Extent#rows()}; fixed extents are at least 1).
 *
 * <p>These classes must be compiled with local-variable debug information ({@code -g}), which
 * TornadoVM needs to find the {@code @Parallel} loops.
 */
public final class TornadoTasks {
    private TornadoTasks() {
    }

    /** Second stage of the column sums and of the scatter: {@code out[j] = sum over chunks}. */
    public static void reducePartials(float[] partial, float[] out, int chunks, int width) {
        for (@Parallel int column = 0; column < width; column++) {
            LinearKernels.reducePartials(column, partial, chunks, width, out);
        }
    }

    /** {@link #reducePartials} adding to {@code out} (BiasGrad with accumulate). */
    public static void accumulatePartials(float[] partial, float[] out, int chunks, int width) {
        for (@Parallel int column = 0; column < width; column++) {
            LinearKernels.accumulatePartials(column, partial, chunks, width, out);
        }
    }

    /** How many buffers one {@link #keepHostValues} task takes. */
    static final int KEEP_WIDTH = 12;

    /**
     * Computes nothing (its branch never runs: {@code rows[0]} is at least 1), but reads and writes
     * every buffer it is given. TornadoVM decides from the tasks' code whether a buffer is copied to
     * the device: one that no task reads is only allocated (and zeroed), so the parts an operation does
     * not write (rows past the row count, an output's other entries) would come back as zeros. Run
     * first in each graph, this task makes every resident buffer read-write, hence copied in.
     */
    public static void keepHostValues(int[] rows, float[] b0, float[] b1, float[] b2, float[] b3, float[] b4, float[] b5,
            float[] b6, float[] b7, float[] b8, float[] b9, float[] b10, float[] b11) {
        for (@Parallel int i = 0; i < 1; i++) {
            if (rows[0] < 0) {
                b0[0] = -b0[0];
                b1[0] = -b1[0];
                b2[0] = -b2[0];
                b3[0] = -b3[0];
                b4[0] = -b4[0];
                b5[0] = -b5[0];
                b6[0] = -b6[0];
                b7[0] = -b7[0];
                b8[0] = -b8[0];
                b9[0] = -b9[0];
                b10[0] = -b10[0];
                b11[0] = -b11[0];
            }
        }
    }
}
