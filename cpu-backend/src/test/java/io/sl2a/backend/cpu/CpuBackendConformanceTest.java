package io.sl2a.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.backend.BackendConformanceSuite;
import io.sl2a.backend.cpu.CpuBackend.GemmChoice;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BackendConformanceSuite} on {@link CpuBackend} with each matrix product (JAVA, and OPENBLAS
 * where it loads): every Op type gives what the kernel bodies applied directly give.
 *
 * <p>Row counts: 29 of 37, and 2100 of 2200, which crosses {@link CpuChebyshevOps#CHEBYSHEV_CHUNK_ROWS}
 * and is large enough for the elementwise ops to be split over threads.
 *
 * <p>Tolerance 1e-5 relative to the largest magnitude of the buffer, for every op (the Chebyshev ones
 * included: the cpu backend runs the same Java tanh as the bodies): elementwise ops are exact; the
 * products and column sums differ from the bodies only in summation order (blocked, vectorised,
 * chunked), whose float error over at most 2100 terms of unit scale is ~1e-6 of the largest result.
 */
class CpuBackendConformanceTest extends BackendConformanceSuite {
    private static final int THREADS = 3;
    private static final double TOLERANCE = 1e-5;
    private static final boolean OPENBLAS_PRESENT = OpenBlasSgemm.load().isPresent();
    private static final Rows CHUNKED = new Rows(2200, 2100);

    private final Map<GemmChoice, CpuBackend> backends = new EnumMap<>(GemmChoice.class);

    @AfterAll
    void closeBackends() {
        backends.values().forEach(CpuBackend::close);
        backends.clear();
    }

    private CpuBackend backend(GemmChoice choice) {
        if (choice == GemmChoice.OPENBLAS) {
            assumeTrue(OPENBLAS_PRESENT, "OpenBLAS (libopenblas.so.0) not found: OPENBLAS conformance skipped");
        }
        return backends.computeIfAbsent(choice, c -> new CpuBackend(THREADS, c));
    }

    @Override
    protected List<Target> targets() {
        return List.of(new Target(GemmChoice.JAVA.name(), () -> backend(GemmChoice.JAVA)),
                new Target(GemmChoice.OPENBLAS.name(), () -> backend(GemmChoice.OPENBLAS)));
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
        return TOLERANCE;
    }

    @Test
    void chunkedRowCountCrossesTheChebyshevChunk() {
        assertTrue(CHUNKED.rows() > CpuChebyshevOps.CHEBYSHEV_CHUNK_ROWS);
        assertTrue(CHUNKED.rows() < 2 * CpuChebyshevOps.CHEBYSHEV_CHUNK_ROWS);
    }
}
