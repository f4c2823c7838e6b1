package io.sl2a.backend.opencl;

import static org.jocl.CL.CL_QUEUE_CONTEXT;
import static org.jocl.CL.clGetCommandQueueInfo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;

/** Opens the backend the tests share, or skips (visibly) where this machine has no OpenCL at all. */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    /** True when some OpenCL platform has a device; prints why not otherwise. */
    static boolean available() {
        try {
            OpenClDevices.list();
            return true;
        } catch (OpenClUnavailableException e) {
            System.err.println("OpenCL tests skipped: " + e.getMessage());
            return false;
        }
    }

    static void assumeOpenCl() {
        assumeTrue(available(), "no OpenCL platform on this machine: OpenCL tests skipped");
    }

    /**
     * The device the tests use: {@code -Dsl2a.opencl.test.device=...} (a selector), else the default
     * choice (first GPU, else first device).
     */
    static OpenClBackend openBackend() {
        assumeOpenCl();
        return new OpenClBackend(System.getProperty("sl2a.opencl.test.device"));
    }

    /** The selector the tests open their backends with (null: the default choice). */
    static String selector() {
        return System.getProperty("sl2a.opencl.test.device");
    }

    /**
     * The gemm tiling a device should get, worked out from its limits here: the largest tile of
     * 32, 16, 8, 4 whose work-group of tile x 4 work-items (tile/4 rows each) and two tile x (tile + 1)
     * float tiles of local memory the device allows.
     */
    static int[] expectedTiling(OpenClDevices.Device device) {
        for (int tile = 32; tile >= 4; tile /= 2) {
            if (4L * tile <= device.maxWorkGroupSize() && 2L * tile * (tile + 1) * 4 <= device.localMemory()) {
                return new int[] {tile, tile / 4};
            }
        }
        throw new AssertionError("no gemm tile fits " + device);
    }

    /** The context behind a backend's queue, asked of the driver. */
    static cl_context context(OpenClBackend backend) {
        cl_context context = new cl_context();
        clGetCommandQueueInfo(backend.queue(), CL_QUEUE_CONTEXT, Sizeof.cl_context, Pointer.to(context), null);
        return context;
    }
}
