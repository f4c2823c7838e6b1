package io.sl2a.backend.opencl;

import static org.jocl.CL.*;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.Program;
import java.util.Locale;
import java.util.Map;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;

/**
 * Runs programs on one OpenCL device through JOCL: one context, one in-order command queue, and
 * one program built from every kernel source when the backend is created. Every buffer of a
 * compiled program stays on the device between runs.
 *
 * <p>System properties: {@code sl2a.opencl.tile} (side of the gemm tile, default from the device's
 * work-group and local memory sizes), {@code sl2a.opencl.wpt} (elements of C per work-item).
 */
public final class OpenClBackend implements Backend {
    private final OpenClDevices.Device device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final OpenClKernels kernels;

    /** The first GPU, else the first device. */
    public OpenClBackend() {
        this(null);
    }

    /**
     * @param selector an index into {@link OpenClDevices#list()}, a case-insensitive fragment of a
     *     device or platform name, or null for the first GPU (else the first device)
     * @throws OpenClUnavailableException when there is no OpenCL runtime or device
     * @throws IllegalArgumentException when no device matches the selector
     * @throws OpenClBuildException when the device fails to build the kernels
     */
    public OpenClBackend(String selector) {
        this(selector, Map.of());
    }

    /** Test hook: builds {@code extraSources} (file name to OpenCL C) along with the kernels. */
    OpenClBackend(String selector, Map<String, String> extraSources) {
        OpenClDevices.Handle handle = OpenClDevices.select(selector);
        this.device = handle.device();
        int[] tiling = tiling(device);
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, handle.platform());
        this.context = clCreateContext(properties, 1, new cl_device_id[] {handle.id()}, null, null, null);
        try {
            @SuppressWarnings("deprecation") // clCreateCommandQueueWithProperties is 2.0+; this also serves 1.2 devices
            cl_command_queue created = clCreateCommandQueue(context, handle.id(), 0, null);
            this.queue = created;
        } catch (RuntimeException e) {
            clReleaseContext(context);
            throw e;
        }
        try {
            this.kernels = OpenClKernels.build(context, handle, tiling[0], tiling[1], extraSources);
        } catch (RuntimeException e) {
            clReleaseCommandQueue(queue);
            clReleaseContext(context);
            throw e;
        }
    }

    /**
     * The gemm tile and the rows of it per work-item: a work-group of (tile, 4) work-items, each
     * computing tile/4 elements of C held in registers. 32 (work-groups of 128, 8.4 KiB of local
     * memory) where the device allows it, else 16, 8, 4. Register blocking beats one element per
     * work-item on PoCL (241 vs 360 ms for 16384x128x256) and is the usual shape on GPUs.
     * {@code sl2a.opencl.tile} and {@code sl2a.opencl.wpt} override.
     */
    static int[] tiling(OpenClDevices.Device device) {
        Integer forcedTile = Integer.getInteger("sl2a.opencl.tile");
        Integer forcedWpt = Integer.getInteger("sl2a.opencl.wpt");
        int tile = forcedTile != null ? forcedTile : 32;
        if (forcedTile == null) {
            while (tile > 4 && !fits(device, tile, forcedWpt != null ? forcedWpt : Math.max(1, tile / 4))) {
                tile /= 2;
            }
        }
        int workPerThread = forcedWpt != null ? forcedWpt : Math.max(1, tile / 4);
        if (tile < 1 || workPerThread < 1 || tile % workPerThread != 0 || !fits(device, tile, workPerThread)) {
            throw new IllegalArgumentException("gemm tile " + tile + " with " + workPerThread
                    + " rows per work-item does not fit " + device.name() + " (work-groups of at most "
                    + device.maxWorkGroupSize() + ", " + device.localMemory() + " bytes of local memory;"
                    + " the tile must be a multiple of sl2a.opencl.wpt)");
        }
        return new int[] {tile, workPerThread};
    }

    private static boolean fits(OpenClDevices.Device device, int tile, int workPerThread) {
        return tile % workPerThread == 0 && (long) tile * tile / workPerThread <= device.maxWorkGroupSize()
                && 2L * tile * (tile + 1) * Float.BYTES <= device.localMemory();
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        String blocking = kernels.workPerThread() == 1 ? "" : " (" + kernels.workPerThread() + " per work-item)";
        return String.format(Locale.ROOT, "opencl: %s (%s), %d compute units, gemm tile %dx%d%s", device.name(),
                device.platform(), device.computeUnits(), kernels.tile(), kernels.tile(), blocking);
    }

    public OpenClDevices.Device device() {
        return device;
    }

    @Override
    public CompiledProgram compile(Program program) {
        OpenClBuffers buffers = new OpenClBuffers(context, queue, device, program,
                OpenClOpBinder.Scratch.of(program));
        try {
            return new OpenClProgram(program, queue, buffers, kernels);
        } catch (RuntimeException e) {
            buffers.close();
            throw e;
        }
    }

    /** Waits for everything enqueued (for timing). */
    void finish() {
        clFinish(queue);
    }

    cl_command_queue queue() {
        return queue;
    }

    OpenClKernels kernels() {
        return kernels;
    }

    @Override
    public void close() {
        clFinish(queue);
        kernels.close();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
