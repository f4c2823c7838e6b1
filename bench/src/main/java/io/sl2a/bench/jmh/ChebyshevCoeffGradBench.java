package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/** Op.ChebyshevCoeffGrad (dOut^T times the basis through sgemm): 2 x 256 x 257 coefficients from rows x 256. */
public class ChebyshevCoeffGradBench extends BatchOpBenchmark {
    @Param({"OPENBLAS", "JAVA"})
    public CpuBackend.GemmChoice gemm;

    @Param({"256"})
    public int degree;

    @Override
    protected OpHarness createHarness() {
        int in = OpHarness.IN, width = OpHarness.WIDTH;
        return OpHarness.builder(rows)
                .perRow("coords", in, -1f, 1f)
                .perRow("dOut", width, -1f, 1f)
                .fixed("dCoeff", in * width * (degree + 1), 0f, 0f)
                .op(new Op.ChebyshevCoeffGrad("coords", "dOut", "dCoeff", in, width, degree))
                .build(target(), gemm);
    }
}
