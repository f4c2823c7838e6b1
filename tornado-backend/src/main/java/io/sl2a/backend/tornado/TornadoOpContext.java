package io.sl2a.backend.tornado;

import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.program.Extent;
import io.sl2a.program.Program;
import java.util.Map;
import java.util.function.Supplier;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * What the TornadoVM families of operations share: the program's host buffers, the row count and
 * Adam scalars every execution transfers, the device, and which kernels it runs (the tiled product
 * where it fits, the local-memory column sums and their layout).
 *
 * @param reduceLayout the column sums' layout where they run in local memory; null: the loops
 */
record TornadoOpContext(Program program, Map<String, float[]> buffers, int[] rows, float[] scalars,
        TornadoDevice device, boolean tiledGemm, TornadoReduce.Layout reduceLayout) {
    /**
     * The products: {@code kernelcontext} (default: {@link TornadoGemm}, tiled in local memory, where
     * the device fits it) or {@code loop} (one row of C per work-item, {@link TornadoDenseTasks#matMul}: the
     * baseline for measurements). System property {@code sl2a.tornado.gemm}.
     */
    static final String GEMM_PROPERTY = "sl2a.tornado.gemm";
    /**
     * The column reductions (BiasGrad, LayerNorm's parameter gradients, AccumulateSum, the split-k
     * Chebyshev coefficient gradient): {@code kernelcontext} (default: {@link TornadoReduce}, a tree
     * in local memory per work-group, where the device fits it, in the layout for its kind: coalesced
     * on a GPU, sliced elsewhere), {@code sliced} or {@code coalesced} (that layout whatever the
     * device), or {@code loop} (the two-stage chunk loops of {@link TornadoTasks}: the baseline for
     * measurements). System property {@code sl2a.tornado.reduce}.
     */
    static final String REDUCE_PROPERTY = "sl2a.tornado.reduce";
    /** Split-k of the products with a long k: see {@link TornadoDenseOps}. System property {@code sl2a.tornado.splitk}. */
    static final String SPLIT_K_PROPERTY = "sl2a.tornado.splitk";
    static final int K_PER_SLICE = 512;
    static final int MAX_K_SLICES = 32;
    /** Tiles of C below which a GPU has too few work-groups for the product alone (an H200 has 132 SMs). */
    static final int SPLIT_BELOW_GROUPS = 256;

    /** The context of a program's buffers on {@code device}, with the kernels the properties ask for. */
    static TornadoOpContext of(Program program, Map<String, float[]> buffers, int[] rows, float[] scalars,
            TornadoDevice device) {
        String gemm = System.getProperty(GEMM_PROPERTY, "kernelcontext");
        if (!gemm.equals("kernelcontext") && !gemm.equals("loop")) {
            throw new IllegalArgumentException(GEMM_PROPERTY + " must be kernelcontext or loop: " + gemm);
        }
        return new TornadoOpContext(program, buffers, rows, scalars, device,
                gemm.equals("kernelcontext") && TornadoGemm.fits(device), reduceLayout(device));
    }

    /** The column sums' layout {@link #REDUCE_PROPERTY} asks for on {@code device}; null: the loops. */
    static TornadoReduce.Layout reduceLayout(TornadoDevice device) {
        String reduce = System.getProperty(REDUCE_PROPERTY, "kernelcontext");
        TornadoReduce.Layout layout = switch (reduce) {
            case "loop" -> null;
            case "kernelcontext" -> TornadoReduce.Layout.of(device);
            case "sliced" -> TornadoReduce.Layout.SLICED;
            case "coalesced" -> TornadoReduce.Layout.COALESCED;
            default -> throw new IllegalArgumentException(
                    REDUCE_PROPERTY + " must be kernelcontext, sliced, coalesced or loop: " + reduce);
        };
        return layout != null && TornadoReduce.fits(device) ? layout : null;
    }


    float[] buffer(String name) {
        float[] values = buffers.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return values;
    }

    int maxRows() {
        return program.maxRows();
    }

    /** The column sums run in local memory ({@link TornadoReduce}), not as the chunk loops. */
    boolean localReduce() {
        return reduceLayout != null;
    }

    /** The volume rendering's launch: the program's whole rays, at least one (an empty loop is no kernel). */
    int maxRays(int samples) {
        return Math.max(1, program.maxRows() / samples);
    }

    /** A {@link TornadoReduce} column sum, {@code out (+)= column sums of values}, in this program's layout. */
    void columnSumTask(TornadoOperation op, String kind, String output, Supplier<String> taskName, int[] count,
            int[] shape, float[] values, float[] out, boolean accumulate) {
        int add = flag(accumulate);
        op.task(kind, output, TornadoReduce.columnGrid(shape[0], reduceLayout),
                () -> reduceLayout == TornadoReduce.Layout.COALESCED
                        ? createPackage(taskName.get(), TornadoReduce::columnSumCoalesced, new KernelContext(), count,
                                shape, values, out, add)
                        : createPackage(taskName.get(), TornadoReduce::columnSum, new KernelContext(), count, shape,
                                values, out, add));
    }

    static int flag(boolean value) {
        return value ? 1 : 0;
    }

    /** The window positions of a convolution or pooling: outH * outW. */
    static int positions(int height, int width, int kernel, int stride, int pad) {
        return ConvolutionKernels.outSize(height, kernel, stride, pad) * ConvolutionKernels.outSize(width, kernel, stride, pad);
    }

    /** An extent as the tasks take it: the fixed size, or 0 for the row count. */
    static int spec(Extent extent) {
        return extent.isRows() ? 0 : extent.fixed();
    }
}
