package io.sl2a.backend.opencl;

import io.sl2a.kernels.ConvolutionKernels;
import java.util.ArrayList;
import java.util.List;
import org.jocl.cl_command_queue;
import org.jocl.cl_mem;

/**
 * What the OpenCL families of operations share: the queue, the program's device buffers, the
 * kernels (every one created is kept, to be released with the program), the matrix product, and
 * the launch helpers.
 */
final class OpenClOpContext {
    /** Row chunks of the two-stage column sums: chunks x width work-items in the first stage. */
    static final int PARTIAL_CHUNKS = 64;

    private final cl_command_queue queue;
    private final OpenClKernels kernels;
    private final OpenClBuffers buffers;
    private final OpenClGemm gemm;
    private final int maxRows;
    /** Every kernel object created, released with the program. */
    private final List<OpenClKernel> created = new ArrayList<>();

    OpenClOpContext(cl_command_queue queue, OpenClKernels kernels, OpenClBuffers buffers, OpenClGemm gemm,
            int maxRows) {
        this.queue = queue;
        this.kernels = kernels;
        this.buffers = buffers;
        this.gemm = gemm;
        this.maxRows = maxRows;
    }

    cl_command_queue queue() {
        return queue;
    }

    OpenClGemm gemm() {
        return gemm;
    }

    int maxRows() {
        return maxRows;
    }

    List<OpenClKernel> created() {
        return created;
    }

    OpenClKernel kernel(String name) {
        OpenClKernel kernel = kernels.create(name);
        created.add(kernel);
        return kernel;
    }

    cl_mem buffer(String name) {
        return buffers.get(name);
    }

    /** The buffer's length in floats. */
    long length(String name) {
        return buffers.length(name);
    }

    /** A launch over the batch's rays, {@code rows / samples} (none when the batch holds no whole ray). */
    void rays(OpenClKernel kernel, int countArg, int rows, int samples) {
        if (rows >= samples) {
            counted(kernel, countArg, rows / samples);
        }
    }

    /** Sets the trailing bound argument and launches that many work-items. */
    void counted(OpenClKernel kernel, int countArg, int count) {
        kernel.arg(countArg, count).launch(queue, count);
    }

    /** The window positions of a convolution or pooling: outH * outW. */
    static int positions(int height, int width, int kernel, int stride, int pad) {
        return ConvolutionKernels.outSize(height, kernel, stride, pad)
                * ConvolutionKernels.outSize(width, kernel, stride, pad);
    }

    static int chunkRows(int rows, int chunks) {
        return (rows + chunks - 1) / chunks;
    }

    /** The second stage of a two-stage sum: {@code out[j] = sum over chunks of partial[chunk, j]}. */
    OpenClKernel reducePartials(cl_mem partial, int chunks, int width, cl_mem out) {
        return kernel("reduce_partials").arg(0, partial).arg(1, chunks).arg(2, width).arg(3, out).arg(4, width);
    }
}
