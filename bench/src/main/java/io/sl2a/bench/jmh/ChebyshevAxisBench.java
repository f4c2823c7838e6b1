package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/**
 * Grid path, the LA block's per-axis work, once per step whatever the batch:
 * Op.ChebyshevAxisTable ({@code op=table}, the table of every axis value's output) and
 * Op.ChebyshevAxisCoeffGrad ({@code op=coeffGrad}, the coefficient gradient from the table's
 * gradient), for 2 axes of 256 values (a 256x256 image), width 256, degree 256.
 */
public class ChebyshevAxisBench extends OpBenchmark {
    @Param({"table", "coeffGrad"})
    public String op;

    @Param({"OPENBLAS", "JAVA"})
    public CpuBackend.GemmChoice gemm;

    /** Values per axis (the image's larger side). */
    @Param({"256"})
    public int axisLength;

    @Param({"256"})
    public int degree;

    @Override
    protected OpHarness createHarness() {
        int in = OpHarness.IN, width = OpHarness.WIDTH;
        OpHarness.Builder b = OpHarness.builder(1)
                .fixed("values", in * axisLength, -1f, 1f)
                .fixed("coeff", in * width * (degree + 1), -0.05f, 0.05f)
                .fixed("table", in * axisLength * width, -1f, 1f);
        return switch (op) {
            case "table" -> b.op(new Op.ChebyshevAxisTable("values", "coeff", "table", in, width, degree, axisLength))
                    .build(target(), gemm);
            case "coeffGrad" -> b.op(new Op.ChebyshevAxisCoeffGrad("values", "table", "coeff", in, width, degree,
                    axisLength)).build(target(), gemm);
            default -> throw new IllegalArgumentException("op must be table or coeffGrad: " + op);
        };
    }
}
