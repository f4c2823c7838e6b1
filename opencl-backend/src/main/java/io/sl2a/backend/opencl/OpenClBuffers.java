package io.sl2a.backend.opencl;

import io.sl2a.backend.DeviceMemoryException;
import static org.jocl.CL.*;

import io.sl2a.program.BufferSpec;
import io.sl2a.program.Program;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * The device buffers of one compiled program: one per {@link BufferSpec} and the scratch the
 * operations need (Chebyshev basis chunk, two partial-sum buffers shared by every op: the queue is
 * in order, so ops never use them at the same time). Sizes are checked before anything is allocated.
 */
final class OpenClBuffers implements AutoCloseable {
    static final String BASIS = "#basis";
    static final String PARTIAL_A = "#partialA";
    static final String PARTIAL_B = "#partialB";

    private final Map<String, cl_mem> buffers = new LinkedHashMap<>();
    private final Map<String, Long> lengths = new LinkedHashMap<>();

    OpenClBuffers(cl_context context, cl_command_queue queue, OpenClDevices.Device device, Program program,
            OpenClOpBinder.Scratch scratch) {
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (BufferSpec spec : program.buffers().values()) {
            // In long: a program too large for the device must be refused with its size, not overflow.
            wanted.put(spec.name(), spec.rowWidth() > 0 ? (long) program.maxRows() * spec.rowWidth() : spec.size());
        }
        wanted.put(BASIS, scratch.basisFloats());
        wanted.put(PARTIAL_A, scratch.partialFloats());
        wanted.put(PARTIAL_B, scratch.partialFloats());
        checkFits(device, wanted, scratch);
        try {
            for (Map.Entry<String, Long> e : wanted.entrySet()) {
                // Zero-length buffers are an error in OpenCL: hold at least one float.
                long bytes = 4L * Math.max(1, e.getValue());
                cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
                buffers.put(e.getKey(), mem);
                lengths.put(e.getKey(), e.getValue());
                clEnqueueFillBuffer(queue, mem, Pointer.to(new float[] {0.0f}), Sizeof.cl_float, 0, bytes, 0, null,
                        null);
            }
            clFinish(queue);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Refuses, before any allocation, a buffer above the device's per-buffer limit or a total above its memory. */
    static void checkFits(OpenClDevices.Device device, Map<String, Long> wanted, OpenClOpBinder.Scratch scratch) {
        long total = 0;
        for (Map.Entry<String, Long> e : wanted.entrySet()) {
            long bytes = 4L * e.getValue();
            if (bytes > device.maxAllocation()) {
                throw new DeviceMemoryException(String.format(Locale.ROOT,
                        "buffer %s needs %d MiB but %s allocates at most %d MiB per buffer", e.getKey(),
                        mib(bytes), device.name(), mib(device.maxAllocation())));
            }
            total += bytes;
        }
        if (total > device.globalMemory()) {
            long scratchBytes = 4L * (scratch.basisFloats() + 2 * scratch.partialFloats());
            throw new DeviceMemoryException(String.format(Locale.ROOT,
                    "program needs %d MiB of device memory (%d MiB of it scratch) but %s has %d MiB", mib(total),
                    mib(scratchBytes), device.name(), mib(device.globalMemory())));
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    cl_mem get(String name) {
        cl_mem mem = buffers.get(name);
        if (mem == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return mem;
    }

    long length(String name) {
        Long length = lengths.get(name);
        if (length == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return length;
    }

    /** Blocking copy of {@code length} floats into the start of the buffer. */
    void write(cl_command_queue queue, String name, float[] source, int sourceOffset, int length) {
        check(name, source, sourceOffset, length);
        if (length > 0) {
            clEnqueueWriteBuffer(queue, get(name), CL_TRUE, 0, 4L * length,
                    Pointer.to(source).withByteOffset(4L * sourceOffset), 0, null, null);
        }
    }

    /** Blocking copy of the first {@code length} floats of the buffer. */
    void read(cl_command_queue queue, String name, float[] destination, int destinationOffset, int length) {
        check(name, destination, destinationOffset, length);
        if (length > 0) {
            clEnqueueReadBuffer(queue, get(name), CL_TRUE, 0, 4L * length,
                    Pointer.to(destination).withByteOffset(4L * destinationOffset), 0, null, null);
        }
    }

    private void check(String name, float[] array, int offset, int length) {
        if (length < 0 || length > length(name) || offset < 0 || offset + (long) length > array.length) {
            throw new IndexOutOfBoundsException("buffer " + name + " holds " + length(name) + " floats; cannot copy "
                    + length + " at array offset " + offset + " of " + array.length);
        }
    }

    @Override
    public void close() {
        for (cl_mem mem : buffers.values()) {
            clReleaseMemObject(mem);
        }
        buffers.clear();
    }
}
