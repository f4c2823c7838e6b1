package io.sl2a.backend.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Milliseconds of one MatMul of the hidden-layer shape (16384 rows x 128 outputs x 256 inputs)
 * with the tiled kernel against the naive one. A measurement, not a check: it runs only with
 * {@code -Dsl2a.opencl.bench=true} (and honours {@code sl2a.opencl.tile} / {@code sl2a.opencl.wpt}).
 */
class OpenClGemmBenchmarkTest {
    private static final int M = 16384;
    private static final int N = 128;
    private static final int K = 256;
    private static final int RUNS = 5;

    @Test
    void tiledAgainstNaive() {
        assumeTrue(Boolean.getBoolean("sl2a.opencl.bench"), "gemm benchmark runs with -Dsl2a.opencl.bench=true");
        try (OpenClBackend backend = OpenClTestSupport.openBackend()) {
            Program program = Program.builder(M).buffer(BufferSpec.perRow("a", BufferRole.INPUT, K))
                    .buffer(BufferSpec.fixed("b", BufferRole.PARAMETER, K * N))
                    .buffer(BufferSpec.perRow("c", BufferRole.OUTPUT, N))
                    .routine("r", List.of(new Op.MatMul("a", false, "b", false, "c", Extent.rows(), Extent.of(N),
                            Extent.of(K), false)))
                    .build();
            try (OpenClProgram compiled = (OpenClProgram) backend.compile(program)) {
                Random random = new Random(1);
                float[] a = new float[M * K];
                float[] b = new float[K * N];
                for (int i = 0; i < a.length; i++) {
                    a[i] = random.nextFloat() - 0.5f;
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = random.nextFloat() - 0.5f;
                }
                compiled.write("a", a);
                compiled.write("b", b);
                double tiled = median(() -> compiled.run("r", M, StepScalars.NONE), backend);
                OpenClKernel naive = backend.kernels().create("gemm_naive");
                OpenClGemm gemm = new OpenClGemm(backend.kernels().tile(), 1);
                double naiveMs = median(() -> gemm.enqueue(backend.queue(), naive, false, false, M, N, K,
                        compiled.deviceBuffer("a"), 0, K, compiled.deviceBuffer("b"), 0, N, 0.0f,
                        compiled.deviceBuffer("c"), 0, N), backend);
                naive.close();
                System.out.printf(Locale.ROOT, "gemm %dx%dx%d on %s: tiled %.2f ms (%.1f GFLOP/s), naive %.2f ms%n", M, N,
                        K, backend.description(), tiled, 2.0 * M * N * K / tiled / 1e6, naiveMs);
            }
        }
    }

    private static double median(Runnable enqueue, OpenClBackend backend) {
        enqueue.run(); // compiles the work-group function (PoCL) and warms up
        backend.finish();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            enqueue.run();
            backend.finish();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
