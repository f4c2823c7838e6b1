package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.BackendConformanceSuite;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BackendConformanceSuite} on {@link TornadoBackend} (TornadoVM on its default device, PoCL
 * here): every Op type gives what the kernel bodies applied directly give.
 *
 * <p>Row counts: 29 of 37, and 290 of 300 (more rows than {@link TornadoProgram#PARTIAL_CHUNKS}, so
 * every chunk of the two-stage sums has several rows). Fewer MatMul cases than the other backends
 * (four fixed shapes, one with k two tiles long; the row-extent products on the small size only): each case is a TornadoVM JIT
 * compilation.
 *
 * <p>Tolerances, relative to the largest magnitude of the buffer: {@value #TOLERANCE} for
 * everything without a transcendental function (TornadoVM compiles with -cl-mad-enable and
 * -cl-fast-relaxed-math, so fused multiply-adds and reciprocal divisions may differ from Java in the
 * last bits); {@value #TANH_TOLERANCE} for the Chebyshev ops, which go through the device's tanh
 * (OpenCL allows 5 ulp, and T_k amplifies an error in t by up to k^2).
 */
class TornadoConformanceTest extends BackendConformanceSuite {
    private static final double TOLERANCE = 1e-5;
    private static final double TANH_TOLERANCE = 1e-4;
    private static final Rows CHUNKED = new Rows(300, 290);
    private static final int[][] FIXED_MATMUL_SHAPES = {{37, 19, 23}, {1, 1, 1}, {5, 3, 300}, {19, 23, 48}};

    private static TornadoBackend backend;

    @BeforeAll
    static void openBackend() {
        backend = TornadoTestSupport.openBackend();
        System.out.println("TornadoConformanceTest on " + backend.description());
    }

    @AfterAll
    static void closeBackend() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    @Override
    protected List<Target> targets() {
        return List.of(new Target("tornado", () -> backend));
    }

    @Override
    protected Rows chunked() {
        return CHUNKED;
    }

    @Override
    protected double tolerance() {
        return TOLERANCE;
    }

    @Override
    protected double tanhTolerance() {
        return TANH_TOLERANCE;
    }

    @Override
    protected int[][] fixedMatMulShapes() {
        return FIXED_MATMUL_SHAPES;
    }

    @Override
    protected List<Rows> rowMatMulSizes() {
        return List.of(SMALL);
    }

    @Test
    void chunkedRowCountExceedsThePartialChunks() {
        assertTrue(CHUNKED.rows() > 2 * TornadoProgram.PARTIAL_CHUNKS);
        assertTrue(CHUNKED.rows() > 2 * TornadoProgram.SCATTER_CHUNKS);
        assertTrue(TornadoProgram.coeffGradSlices(CHUNKED.maxRows()) > 1, "the coefficient gradient's split-k");
    }

    @Test
    void descriptionNamesTheDeviceAndTornadoVm() {
        String description = backend.description();
        assertTrue(description.startsWith("tornado: "), description);
        assertTrue(description.contains("TornadoVM"), description);
        assertEquals("tornado", backend.name());
    }

    /** Several ops in one routine, run twice: state stays on the device between runs. */
    @Test
    void routineOfSeveralOpsRunsTwiceWithoutHostRoundTrips() {
        checkRoutineOfSeveralOpsRunsTwice(backend, TOLERANCE);
    }
}
