package io.sl2a.backend.cpu;

import io.sl2a.kernels.ChebyshevKernels;
import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.GridKernels;
import io.sl2a.kernels.LayerNormKernels;
import io.sl2a.kernels.LinearKernels;
import io.sl2a.kernels.LossKernels;
import io.sl2a.kernels.AdamKernels;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training steps of the shapes {@link RowChunkedRoutine} runs a chunk of rows at a time (a fixed
 * operation before the rows, products, activations, the loss and its running sum, the gradients as
 * sums over rows, a fixed operation after), their initial buffers, and a reference that applies
 * each operation to plain arrays: products and column sums in double, the row-wise operations
 * through the kernel bodies. The widths mix whole vectors and a tail ({@code 2 * lanes + 5}).
 */
final class ChunkablePrograms {
    static final int WIDE = 2 * jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() + 5;
    static final int IN = 3;
    static final int OUT = 2;
    static final int AXIS = 6;
    static final float ADAM_EPS = 0.5f; // a large eps keeps the update smooth in a gradient near zero

    private ChunkablePrograms() {
    }

    static BufferSpec row(String name, BufferRole role, int width) {
        return BufferSpec.perRow(name, role, width);
    }

    static BufferSpec fixed(String name, BufferRole role, int size) {
        return BufferSpec.fixed(name, role, size);
    }

    private static Op.AdamUpdate adam(String param) {
        return new Op.AdamUpdate(param, "d" + param, "m" + param, "v" + param, 0.9f, 0.1f, 0.999f, 0.001f, ADAM_EPS);
    }

    private static void adamBuffers(Program.Builder builder, String param, int size) {
        builder.buffer(fixed("d" + param, BufferRole.GRADIENT, size));
        builder.buffer(fixed("m" + param, BufferRole.OPTIMIZER_STATE, size));
        builder.buffer(fixed("v" + param, BufferRole.OPTIMIZER_STATE, size));
    }

    /**
     * A ReLU MLP IN -> WIDE -> OUT: routine "step" (Adam on w1 with last step's gradient, forward,
     * loss, backward with dw1 and db1 accumulating onto their old values and dw2, db2 overwritten,
     * Adam on w2) and routine "forward" (the products and activations only).
     */
    static Program mlp(int maxRows) {
        Program.Builder builder = Program.builder(maxRows);
        builder.buffer(row("x", BufferRole.INPUT, IN));
        builder.buffer(row("target", BufferRole.INPUT, OUT));
        builder.buffer(fixed("w1", BufferRole.PARAMETER, IN * WIDE));
        builder.buffer(fixed("b1", BufferRole.PARAMETER, WIDE));
        builder.buffer(fixed("w2", BufferRole.PARAMETER, WIDE * OUT));
        builder.buffer(fixed("b2", BufferRole.PARAMETER, OUT));
        adamBuffers(builder, "w1", IN * WIDE);
        adamBuffers(builder, "w2", WIDE * OUT);
        builder.buffer(fixed("db1", BufferRole.GRADIENT, WIDE));
        builder.buffer(fixed("db2", BufferRole.GRADIENT, OUT));
        builder.buffer(row("h1", BufferRole.ACTIVATION, WIDE));
        builder.buffer(row("pred", BufferRole.OUTPUT, OUT));
        builder.buffer(row("dpred", BufferRole.ACTIVATION, OUT));
        builder.buffer(row("dh1", BufferRole.ACTIVATION, WIDE));
        builder.buffer(row("err", BufferRole.OUTPUT, 1));
        builder.buffer(fixed("loss", BufferRole.OUTPUT, 1));
        Extent rows = Extent.rows();
        List<Op> forward = List.of(
                new Op.MatMul("x", false, "w1", false, "h1", rows, Extent.of(WIDE), Extent.of(IN), false),
                new Op.BiasActivation("h1", "b1", WIDE, true),
                new Op.MatMul("h1", false, "w2", false, "pred", rows, Extent.of(OUT), Extent.of(WIDE), false),
                new Op.BiasActivation("pred", "b2", OUT, false));
        List<Op> step = new java.util.ArrayList<>();
        step.add(adam("w1"));
        step.addAll(forward);
        step.addAll(List.of(
                new Op.MseLoss("pred", "target", "dpred", "err", OUT),
                new Op.AccumulateSum("err", "loss"),
                new Op.MatMul("h1", true, "dpred", false, "dw2", Extent.of(WIDE), Extent.of(OUT), rows, false),
                new Op.BiasGrad("dpred", "db2", OUT),
                new Op.MatMul("dpred", false, "w2", true, "dh1", rows, Extent.of(WIDE), Extent.of(OUT), false),
                new Op.ReluBackward("h1", "dh1", "dh1", WIDE),
                new Op.MatMul("x", true, "dh1", false, "dw1", Extent.of(IN), Extent.of(WIDE), rows, true),
                new Op.BiasGrad("dh1", "db1", WIDE, true),
                adam("w2")));
        builder.routine("step", step);
        builder.routine("forward", forward);
        return builder.build();
    }

    /**
     * The grid path: Adam on the axis table (before the rows), the gather, a bias, the loss, the
     * scatter of the output gradient into the table's gradient (overwritten), nothing after.
     */
    static Program grid(int maxRows) {
        Program.Builder builder = Program.builder(maxRows);
        builder.buffer(row("index", BufferRole.INPUT, IN));
        builder.buffer(row("target", BufferRole.INPUT, WIDE));
        builder.buffer(fixed("table", BufferRole.PARAMETER, IN * AXIS * WIDE));
        adamBuffers(builder, "table", IN * AXIS * WIDE);
        builder.buffer(fixed("bias", BufferRole.PARAMETER, WIDE));
        builder.buffer(row("out", BufferRole.ACTIVATION, WIDE));
        builder.buffer(row("dout", BufferRole.ACTIVATION, WIDE));
        builder.buffer(row("err", BufferRole.OUTPUT, 1));
        builder.routine("step", List.of(
                adam("table"),
                new Op.GatherSum("table", "index", "out", IN, WIDE, AXIS),
                new Op.BiasActivation("out", "bias", WIDE, false),
                new Op.MseLoss("out", "target", "dout", "err", WIDE),
                new Op.ScatterSum("dout", "index", "dtable", IN, WIDE, AXIS)));
        return builder.build();
    }

    /**
     * A Chebyshev layer followed by LayerNorm: the forward, the loss, LayerNorm's backward (its input
     * gradient an OUTPUT, so copied out of the chunks; gamma's and beta's gradients overwritten) and
     * the coefficients' gradient (overwritten), the loss summed onto its old value.
     */
    static Program chebyshevLayerNorm(int maxRows) {
        Program.Builder builder = Program.builder(maxRows);
        int degree = 4;
        builder.buffer(row("coords", BufferRole.INPUT, IN));
        builder.buffer(row("target", BufferRole.INPUT, WIDE));
        builder.buffer(fixed("coeff", BufferRole.PARAMETER, IN * WIDE * (degree + 1)));
        builder.buffer(fixed("dcoeff", BufferRole.GRADIENT, IN * WIDE * (degree + 1)));
        builder.buffer(fixed("gamma", BufferRole.PARAMETER, WIDE));
        builder.buffer(fixed("beta", BufferRole.PARAMETER, WIDE));
        builder.buffer(fixed("dgamma", BufferRole.GRADIENT, WIDE));
        builder.buffer(fixed("dbeta", BufferRole.GRADIENT, WIDE));
        builder.buffer(row("cheb", BufferRole.ACTIVATION, WIDE));
        builder.buffer(row("y", BufferRole.OUTPUT, WIDE));
        builder.buffer(row("mean", BufferRole.ACTIVATION, 1));
        builder.buffer(row("rstd", BufferRole.ACTIVATION, 1));
        builder.buffer(row("dy", BufferRole.ACTIVATION, WIDE));
        builder.buffer(row("dcheb", BufferRole.OUTPUT, WIDE));
        builder.buffer(row("err", BufferRole.OUTPUT, 1));
        builder.buffer(fixed("loss", BufferRole.OUTPUT, 1));
        builder.routine("step", List.of(
                new Op.ChebyshevForward("coords", "coeff", "cheb", IN, WIDE, degree),
                new Op.LayerNormForward("cheb", "gamma", "beta", "y", "mean", "rstd", WIDE, 1e-5f),
                new Op.MseLoss("y", "target", "dy", "err", WIDE),
                new Op.AccumulateSum("err", "loss"),
                new Op.LayerNormBackward("dy", "cheb", "gamma", "mean", "rstd", "dcheb", "dgamma", "dbeta", WIDE),
                new Op.ChebyshevCoeffGrad("coords", "dcheb", "dcoeff", IN, WIDE, degree)));
        return builder.build();
    }

    /** Every buffer filled in [-1, 1); Adam's second moments in [0, 1); grid indices whole axis positions. */
    static Map<String, float[]> initial(Program program, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (BufferSpec spec : program.buffers().values()) {
            float[] v = new float[spec.length(program.maxRows())];
            for (int i = 0; i < v.length; i++) {
                if (spec.name().equals("index")) {
                    v[i] = random.nextInt(AXIS);
                } else if (spec.role() == BufferRole.OPTIMIZER_STATE && spec.name().startsWith("v")) {
                    v[i] = (float) random.nextDouble();
                } else {
                    v[i] = (float) (2.0 * random.nextDouble() - 1.0);
                }
            }
            values.put(spec.name(), v);
        }
        return values;
    }

    static Map<String, float[]> copy(Map<String, float[]> values) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        values.forEach((name, v) -> copy.put(name, v.clone()));
        return copy;
    }

    /** Applies {@code routine} of {@code program} to {@code b} on {@code rows} rows, one operation at a time. */
    static void reference(Program program, String routine, Map<String, float[]> b, int rows, StepScalars scalars) {
        for (Op op : program.routine(routine).ops()) {
            apply(op, b, rows, scalars);
        }
    }

    private static void apply(Op op, Map<String, float[]> b, int rows, StepScalars s) {
        switch (op) {
            case Op.MatMul o -> {
                int m = o.m().resolve(rows), n = o.n().resolve(rows), k = o.k().resolve(rows);
                float[] a = b.get(o.a()), bb = b.get(o.b()), c = b.get(o.c());
                int lda = o.transposeA() ? m : k;
                int ldb = o.transposeB() ? k : n;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = o.accumulate() ? c[i * n + j] : 0.0;
                        for (int p = 0; p < k; p++) {
                            double av = o.transposeA() ? a[p * lda + i] : a[i * lda + p];
                            double bv = o.transposeB() ? bb[j * ldb + p] : bb[p * ldb + j];
                            sum += av * bv;
                        }
                        c[i * n + j] = (float) sum;
                    }
                }
            }
            case Op.BiasActivation o -> {
                for (int row = 0; row < rows; row++) {
                    LinearKernels.biasActivationRow(row, b.get(o.bias()), o.width(), o.relu() ? 1 : 0, b.get(o.y()));
                }
            }
            case Op.MseLoss o -> {
                float scale = (float) (2.0 / ((double) rows * o.width()));
                for (int row = 0; row < rows; row++) {
                    LossKernels.mseRow(row, b.get(o.pred()), b.get(o.target()), o.width(), scale, b.get(o.dPred()),
                            b.get(o.rowSquaredError()));
                }
            }
            case Op.AccumulateSum o -> {
                double sum = 0.0;
                for (int row = 0; row < rows; row++) {
                    sum += b.get(o.values())[row];
                }
                b.get(o.total())[0] = (float) (b.get(o.total())[0] + sum);
            }
            case Op.BiasGrad o -> columnSums(b.get(o.dY()), rows, o.width(), o.accumulate(), b.get(o.dBias()));
            case Op.ReluBackward o -> {
                for (int i = 0; i < rows * o.width(); i++) {
                    ElementwiseKernels.reluBackward(i, b.get(o.y()), b.get(o.dY()), b.get(o.dX()));
                }
            }
            case Op.AdamUpdate o -> {
                float[] param = b.get(o.param());
                for (int i = 0; i < param.length; i++) {
                    AdamKernels.update(i, param, b.get(o.grad()), b.get(o.m()), b.get(o.v()), s.adamStepSize(),
                            o.beta1(), o.oneMinusBeta1(), o.beta2(), o.oneMinusBeta2(), o.eps(),
                            s.adamSqrtBiasCorrection2());
                }
            }
            case Op.GatherSum o -> {
                for (int row = 0; row < rows; row++) {
                    GridKernels.gatherSumRow(row, b.get(o.table()), b.get(o.index()), o.in(), o.outDim(), o.axisLength(),
                            b.get(o.out()));
                }
            }
            case Op.ScatterSum o -> {
                float[] dTable = b.get(o.dTable()), index = b.get(o.index()), dOut = b.get(o.dOut());
                double[] sums = new double[dTable.length];
                for (int row = 0; row < rows; row++) {
                    for (int i = 0; i < o.in(); i++) {
                        int entry = (i * o.axisLength() + (int) index[row * o.in() + i]) * o.outDim();
                        for (int j = 0; j < o.outDim(); j++) {
                            sums[entry + j] += dOut[row * o.outDim() + j];
                        }
                    }
                }
                for (int i = 0; i < dTable.length; i++) {
                    dTable[i] = (float) sums[i];
                }
            }
            case Op.LayerNormForward o -> {
                for (int row = 0; row < rows; row++) {
                    LayerNormKernels.forwardRow(row, b.get(o.x()), b.get(o.gamma()), b.get(o.beta()), o.width(), o.eps(),
                            b.get(o.y()), b.get(o.mean()), b.get(o.rstd()));
                }
            }
            case Op.LayerNormBackward o -> {
                float[] dY = b.get(o.dY()), x = b.get(o.x()), mean = b.get(o.mean()), rstd = b.get(o.rstd());
                int width = o.width();
                double[] dGamma = new double[width];
                double[] dBeta = new double[width];
                for (int row = 0; row < rows; row++) {
                    for (int j = 0; j < width; j++) {
                        float d = dY[row * width + j];
                        dGamma[j] += d * ((x[row * width + j] - mean[row]) * rstd[row]);
                        dBeta[j] += d;
                    }
                    LayerNormKernels.backwardRow(row, dY, x, b.get(o.gamma()), mean, rstd, width, b.get(o.dX()));
                }
                for (int j = 0; j < width; j++) {
                    b.get(o.dGamma())[j] = (float) dGamma[j];
                    b.get(o.dBeta())[j] = (float) dBeta[j];
                }
            }
            case Op.ChebyshevForward o -> {
                for (int row = 0; row < rows; row++) {
                    ChebyshevKernels.forwardRow(row, b.get(o.coords()), b.get(o.coeff()), o.in(), o.outDim(), o.degree(),
                            b.get(o.out()));
                }
            }
            case Op.ChebyshevCoeffGrad o -> {
                for (int pair = 0; pair < o.in() * o.outDim(); pair++) {
                    ChebyshevKernels.coeffGradPair(pair, b.get(o.coords()), b.get(o.dOut()), rows, o.in(), o.outDim(),
                            o.degree(), b.get(o.dCoeff()), 0);
                }
            }
            default -> throw new IllegalArgumentException("no reference for " + op);
        }
    }

    private static void columnSums(float[] dY, int rows, int width, boolean accumulate, float[] out) {
        for (int j = 0; j < width; j++) {
            double sum = accumulate ? out[j] : 0.0;
            for (int row = 0; row < rows; row++) {
                sum += dY[row * width + j];
            }
            out[j] = (float) sum;
        }
    }
}
