package io.sl2a.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.BackendConformanceSuite;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BackendConformanceSuite} on {@link OpenClBackend}: every Op type gives what the kernel
 * bodies applied directly give. Skips (visibly) where this machine has no OpenCL.
 *
 * <p>Row counts: 29 of 37, and 16400 of 16500, which crosses {@link OpenClChebyshevOps#CHEBYSHEV_CHUNK_ROWS}
 * and pads every launch to the work-group size. One more fixed MatMul shape than the default: an
 * exact number of tiles (32x16x48).
 *
 * <p>Tolerances, relative to the largest magnitude of the buffer:
 * <ul>
 * <li>{@value #TOLERANCE} for everything without a transcendental function: elementwise ops are
 *     bit-equal (FP_CONTRACT off); products, column sums and LayerNorm differ from the bodies only in
 *     summation order (tiles, fused multiply-adds, chunks) and in the single rounding of 1/sqrt,
 *     ~1e-6 of the largest result over at most 16400 terms of unit scale. Measured on PoCL: MatMul
 *     8.8e-7, BiasGrad 3.1e-6, LayerNormBackward 1.7e-6, ScatterSum 6.9e-7, LayerNormForward
 *     1.4e-7, the rest below 1e-7.</li>
 * <li>{@value #TANH_TOLERANCE} for the Chebyshev ops: they go through the device's tanh, which
 *     OpenCL allows to be 5 ulp off (Java's Math.tanh: 2.5), and T_k amplifies an error in t by up to
 *     k^2 (49 at degree 7), the input gradient's k U_{k-1} by ~k^3/3. A bound for any conformant
 *     device; PoCL's tanh is accurate enough that these ops measure below 1e-6.</li>
 * </ul>
 */
class OpenClConformanceTest extends BackendConformanceSuite {
    private static final double TOLERANCE = 1e-5;
    private static final double TANH_TOLERANCE = 1e-4;
    private static final Rows CHUNKED = new Rows(16500, 16400);
    /** Odd sizes, sizes above one tile, exact tiles, degenerate and long-k shapes. */
    private static final int[][] FIXED_MATMUL_SHAPES = {{37, 19, 23}, {300, 70, 50}, {50, 300, 70}, {1, 1, 1},
        {5, 3, 300}, {32, 16, 48}};

    private static OpenClBackend backend;

    @BeforeAll
    static void openBackend() {
        backend = OpenClTestSupport.openBackend();
        System.out.println("OpenClConformanceTest on " + backend.description());
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
        return List.of(new Target("opencl", () -> backend));
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

    @Test
    void chunkedRowCountCrossesTheChebyshevChunk() {
        assertTrue(CHUNKED.rows() > OpenClChebyshevOps.CHEBYSHEV_CHUNK_ROWS);
        assertTrue(CHUNKED.rows() < 2 * OpenClChebyshevOps.CHEBYSHEV_CHUNK_ROWS);
    }

    @Test
    void descriptionNamesTheDeviceAndTile() {
        String description = backend.description();
        assertTrue(description.startsWith("opencl: " + backend.device().name()), description);
        assertTrue(description.contains("gemm tile"), description);
        assertEquals("opencl", backend.name());
    }

    /** Several ops in one routine, run twice: state stays on the device between runs. */
    @Test
    void routineOfSeveralOpsRunsTwiceWithoutHostRoundTrips() {
        checkRoutineOfSeveralOpsRunsTwice(backend, TOLERANCE);
    }
}
