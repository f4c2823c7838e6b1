package io.sl2a.backend.cpu;

import io.sl2a.backend.OpBinders;
import io.sl2a.program.Op;
import java.util.Map;
import java.util.Set;

/**
 * Binds each operation of a program to the CPU, through the family that declares it (one class a
 * family: {@link CpuChebyshevOps}, {@link CpuDenseOps}, {@link CpuNormOps}, {@link CpuWaveOps},
 * {@link CpuComplexOps}, {@link CpuGridOps}, {@link CpuConvOps}, {@link CpuRenderOps},
 * {@link CpuLossOps}, {@link CpuOptimiserOps}): kernel bodies run over the thread pool, and the dense
 * products (including the Chebyshev contraction, as a basis chunk times the coefficients) go to the
 * {@link Sgemm} in use. The families share a {@link CpuOpContext}.
 */
final class CpuOpCompiler {
    private final OpBinders<CpuStep> binders = new OpBinders<>("cpu");
    private final CpuChebyshevOps chebyshev;

    CpuOpCompiler(Map<String, float[]> buffers, ParallelFor parallel, Sgemm gemm) {
        CpuOpContext context = new CpuOpContext(buffers, parallel, gemm);
        chebyshev = new CpuChebyshevOps(context);
        chebyshev.declare(binders);
        new CpuDenseOps(context).declare(binders);
        new CpuNormOps(context).declare(binders);
        new CpuWaveOps(context).declare(binders);
        new CpuComplexOps(context).declare(binders);
        new CpuGridOps(context).declare(binders);
        new CpuConvOps(context).declare(binders);
        new CpuRenderOps(context).declare(binders);
        new CpuLossOps(context).declare(binders);
        new CpuOptimiserOps(context).declare(binders);
    }

    CpuStep compile(Op op) {
        return binders.bind(op);
    }

    /** {@link Op.ChebyshevCoeffGrad} adding onto dCoeff when {@code accumulate} (the row-chunked routine's). */
    CpuStep chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o, boolean accumulate) {
        return chebyshev.chebyshevCoeffGrad(o, accumulate);
    }

    /** The operation records some family binds. */
    Set<Class<? extends Op>> bound() {
        return binders.bound();
    }
}
