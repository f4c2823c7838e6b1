package io.sl2a.backend.opencl;

import static org.jocl.CL.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * One kernel object with typed argument setters and padded launches. OpenCL captures arguments
 * at enqueue time, so one object can be enqueued repeatedly with different arguments.
 */
final class OpenClKernel implements AutoCloseable {
    /**
     * Work-group size of the one-dimensional kernels. Fixed rather than left to the driver: PoCL
     * compiles a work-group function per local size, and a driver-chosen size would follow the
     * batch size (and be 1 for a prime element count).
     */
    static final int LOCAL_1D = 64;

    private final cl_kernel kernel;
    private final String name;
    private final long local1d;

    OpenClKernel(cl_kernel kernel, String name, cl_device_id device) {
        this.kernel = kernel;
        this.name = name;
        ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(size), null);
        long maxGroup = Sizeof.size_t == 8 ? size.getLong(0) : size.getInt(0) & 0xffffffffL;
        this.local1d = Math.max(1, Math.min(LOCAL_1D, maxGroup));
    }

    String name() {
        return name;
    }

    OpenClKernel arg(int index, cl_mem buffer) {
        clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(buffer));
        return this;
    }

    OpenClKernel arg(int index, int value) {
        clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    OpenClKernel arg(int index, float value) {
        clSetKernelArg(kernel, index, Sizeof.cl_float, Pointer.to(new float[] {value}));
        return this;
    }

    /** {@code count} work-items (rounded up to the work-group size; the kernel bounds-checks). */
    void launch(cl_command_queue queue, long count) {
        long global = (count + local1d - 1) / local1d * local1d;
        clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {global}, new long[] {local1d}, 0, null, null);
    }

    /** A two-dimensional launch with the given global (already padded) and local sizes. */
    void launch(cl_command_queue queue, long globalX, long globalY, long localX, long localY) {
        clEnqueueNDRangeKernel(queue, kernel, 2, null, new long[] {globalX, globalY}, new long[] {localX, localY}, 0,
                null, null);
    }

    @Override
    public void close() {
        clReleaseKernel(kernel);
    }
}
