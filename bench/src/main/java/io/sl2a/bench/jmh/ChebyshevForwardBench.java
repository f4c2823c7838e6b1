package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.ChebyshevForward (basis of tanh(coords) times the coefficients through sgemm): rows x 2 -> rows x 256, degree 256. */
public class ChebyshevForwardBench extends BatchOpBenchmark {
    @Param({"OPENBLAS", "JAVA"})
    public CpuBackend.GemmChoice gemm;

    @Param({"256"})
    public int degree;

    @Override
    protected OpHarness createHarness() {
        int in = OpHarness.IN, width = OpHarness.WIDTH;
        return OpHarness.builder(rows)
                .perRow("coords", in, -1f, 1f)
                .fixed("coeff", in * width * (degree + 1), -0.05f, 0.05f)
                .perRow("out", width, 0f, 0f)
                .op(new Op.ChebyshevForward("coords", "coeff", "out", in, width, degree))
                .build(target(), gemm);
    }
}
