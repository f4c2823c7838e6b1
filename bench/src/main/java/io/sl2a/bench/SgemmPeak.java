package io.sl2a.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.cpu.ParallelFor;
import io.sl2a.backend.cpu.Sgemm;
import io.sl2a.bench.jmh.SgemmBench;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sgemm ceiling of this machine: GFLOP/s of a square n x n x n product (2048 by default) with
 * the sgemm CpuBackend uses (single-threaded OpenBLAS, rows of C split over a pool of the given
 * threads), median of several timed runs after warm-up. Prints one JSON line.
 */
public final class SgemmPeak {
    static final String USAGE = """
            usage: SgemmPeak [--size 2048] [--threads N (all cores)] [--runs 7] [--warmup 3]
                   [--impl openblas|openblas1|java]""";

    private SgemmPeak() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("size", "threads", "runs", "warmup", "impl"), USAGE);
        int n = args.integer("size", 2048);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        int runs = args.integer("runs", 7);
        int warmup = args.integer("warmup", 3);
        String impl = args.string("impl", "openblas");
        float[] a = SgemmBench.random(n * n, 1);
        float[] b = SgemmBench.random(n * n, 2);
        float[] c = new float[n * n];
        try (ParallelFor parallel = new ParallelFor(threads)) {
            Sgemm gemm = SgemmBench.create(impl, parallel);
            for (int i = 0; i < warmup; i++) {
                gemm.sgemm(false, false, n, n, n, 1.0f, a, 0, n, b, 0, n, 0.0f, c, 0, n);
            }
            double flops = 2.0 * n * n * n;
            double[] gflops = new double[runs];
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                gemm.sgemm(false, false, n, n, n, 1.0f, a, 0, n, b, 0, n, 0.0f, c, 0, n);
                long elapsed = System.nanoTime() - start;
                ms[i] = elapsed / 1e6;
                gflops[i] = flops / elapsed;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "sgemm");
            json.put("sgemm", gemm.name());
            json.put("threads", threads);
            json.put("size", n);
            json.put("runs", runs);
            json.put("gflops", TrainingThroughput.median(gflops));
            json.put("ms_median", TrainingThroughput.median(ms));
            json.put("gflops_runs", gflops);
            System.out.println(new ObjectMapper().writeValueAsString(json));
        }
    }
}
