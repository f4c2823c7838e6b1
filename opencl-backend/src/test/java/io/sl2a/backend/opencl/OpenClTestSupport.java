package io.sl2a.backend.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
}
