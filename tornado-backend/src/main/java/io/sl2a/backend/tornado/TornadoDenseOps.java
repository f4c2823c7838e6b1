package io.sl2a.backend.tornado;

import static io.sl2a.backend.tornado.TornadoOpContext.K_PER_SLICE;
import static io.sl2a.backend.tornado.TornadoOpContext.MAX_K_SLICES;
import static io.sl2a.backend.tornado.TornadoOpContext.SPLIT_BELOW_GROUPS;
import static io.sl2a.backend.tornado.TornadoOpContext.SPLIT_K_PROPERTY;
import static io.sl2a.backend.tornado.TornadoOpContext.flag;
import static io.sl2a.backend.tornado.TornadoOpContext.spec;
import static io.sl2a.backend.tornado.TornadoProgram.PARTIAL_CHUNKS;
import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

/** The dense layers' operations ({@link OpFamilies.Dense}) as TornadoVM tasks. */
record TornadoDenseOps(TornadoOpContext ctx) implements OpFamilies.Dense<TornadoStep> {
    @Override
    public TornadoStep matMul(Op.MatMul o) {
        if (ctx.tiledGemm() && kSlices(o) > 1) {
            return matMulSplitK(o);
        }
        if (ctx.tiledGemm()) {
            return matMulTiled(o);
        }
        return matMulLoop(o);
    }

    private TornadoStep matMulSplitK(Op.MatMul o) {
        return op -> {
            // Split-k: each slice of k its partial product, then the slices summed into C.
            float[] a = ctx.buffer(o.a()), b = ctx.buffer(o.b()), c = ctx.buffer(o.c());
            int m = o.m().fixed(), n = o.n().fixed(), slices = kSlices(o);
            float[] partial = op.scratch(slices * m * n);
            int[] shape = {m, n, spec(o.k()), slices};
            int[] sliceCount = {slices};
            int[] sumShape = {m * n};
            op.readOnlyScratch(shape);
            op.readOnlyScratch(sliceCount);
            op.readOnlyScratch(sumShape);
            op.task("matmul_slices", o.c(), TornadoGemm.grid(m, n, slices), () -> createPackage(
                    op.name(0), TornadoGemm::gemm, new KernelContext(), ctx.rows(), shape, a, b, partial,
                    flag(o.transposeA()), flag(o.transposeB()), 0));
            ctx.columnSumTask(op, "matmul_slices_sum", o.c(), () -> op.name(1), sliceCount, sumShape, partial,
                    c, o.accumulate());
        };
    }

    private TornadoStep matMulTiled(Op.MatMul o) {
        return op -> {
            float[] a = ctx.buffer(o.a()), b = ctx.buffer(o.b()), c = ctx.buffer(o.c());
            int maxM = o.m().max(ctx.maxRows()), maxN = o.n().max(ctx.maxRows());
            int[] shape = {spec(o.m()), spec(o.n()), spec(o.k()), 1};
            op.readOnlyScratch(shape);
            // A KernelContext of its own for every package (each graph, and the sample for sizing).
            op.task("matmul", o.c(), TornadoGemm.grid(maxM, maxN), () -> createPackage(op.name(0),
                    TornadoGemm::gemm, new KernelContext(), ctx.rows(), shape, a, b, c, flag(o.transposeA()),
                    flag(o.transposeB()), flag(o.accumulate())));
        };
    }

    private TornadoStep matMulLoop(Op.MatMul o) {
        return op -> {
            float[] a = ctx.buffer(o.a()), b = ctx.buffer(o.b()), c = ctx.buffer(o.c());
            int maxM = o.m().max(ctx.maxRows());
            op.task("matmul", o.c(), () -> createPackage(op.name(0), TornadoDenseTasks::matMul, ctx.rows(), a, b,
                    c, spec(o.m()), spec(o.n()), spec(o.k()), flag(o.transposeA()), flag(o.transposeB()),
                    o.accumulate() ? 1.0f : 0.0f, maxM));
        };
    }

    @Override
    public TornadoStep biasActivation(Op.BiasActivation o) {
        return op -> {
            float[] y = ctx.buffer(o.y()), bias = ctx.buffer(o.bias());
            op.task(o.relu() ? "bias_relu" : "bias", o.y(), () -> createPackage(op.name(0),
                    TornadoDenseTasks::biasActivation, ctx.rows(), bias, y, o.width(), flag(o.relu()), ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep biasActivationModulate(Op.BiasActivationModulate o) {
        return op -> {
            float[] y = ctx.buffer(o.y()), bias = ctx.buffer(o.bias()), x = ctx.buffer(o.x()), z = ctx.buffer(o.z());
            op.task(o.relu() ? "bias_relu_modulate" : "bias_modulate", o.z(), () -> createPackage(
                    op.name(0), TornadoDenseTasks::biasActivationModulate, ctx.rows(), bias, x, y, z, o.width(),
                    flag(o.relu()), ctx.maxRows()));
        };
    }

    @Override
    public TornadoStep biasGrad(Op.BiasGrad o) {
        if (ctx.localReduce()) {
            return biasGradLocalSums(o);
        }
        return biasGradChunked(o);
    }

    private TornadoStep biasGradLocalSums(Op.BiasGrad o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), dBias = ctx.buffer(o.dBias());
            int[] shape = {o.width()};
            op.readOnlyScratch(shape);
            ctx.columnSumTask(op, o.accumulate() ? "bias_grad_accumulate" : "bias_grad", o.dBias(),
                    () -> op.name(0), ctx.rows(), shape, dY, dBias, o.accumulate());
        };
    }

    private TornadoStep biasGradChunked(Op.BiasGrad o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), dBias = ctx.buffer(o.dBias());
            float[] partial = op.scratch(PARTIAL_CHUNKS * o.width());
            op.task("bias_grad_partial", o.dBias(), () -> createPackage(op.name(0),
                    TornadoDenseTasks::columnSumPartial, ctx.rows(), dY, partial, o.width(), PARTIAL_CHUNKS));
            if (o.accumulate()) {
                op.task("bias_grad_accumulate", o.dBias(), () -> createPackage(op.name(1),
                        TornadoTasks::accumulatePartials, partial, dBias, PARTIAL_CHUNKS, o.width()));
            } else {
                op.task("bias_grad_reduce", o.dBias(), () -> createPackage(op.name(1),
                        TornadoTasks::reducePartials, partial, dBias, PARTIAL_CHUNKS, o.width()));
            }
        };
    }

    @Override
    public TornadoStep reluBackward(Op.ReluBackward o) {
        if (o.dY().equals(o.dX())) {
            return reluBackwardInPlace(o);
        }
        return reluBackwardSeparate(o);
    }

    private TornadoStep reluBackwardInPlace(Op.ReluBackward o) {
        return op -> {
            float[] y = ctx.buffer(o.y()), dY = ctx.buffer(o.dY());
            op.task("relu_backward_in_place", o.dX(), () -> createPackage(op.name(0),
                    TornadoDenseTasks::reluBackwardInPlace, ctx.rows(), y, dY, o.width(), ctx.maxRows() * o.width()));
        };
    }

    private TornadoStep reluBackwardSeparate(Op.ReluBackward o) {
        return op -> {
            float[] y = ctx.buffer(o.y()), dY = ctx.buffer(o.dY()), dX = ctx.buffer(o.dX());
            op.task("relu_backward", o.dX(), () -> createPackage(op.name(0), TornadoDenseTasks::reluBackward,
                    ctx.rows(), y, dY, dX, o.width(), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep modulationBackward(Op.ModulationBackward o) {
        return op -> {
            float[] dZ = ctx.buffer(o.dZ()), x = ctx.buffer(o.x()), yPrevious = ctx.buffer(o.yPrevious());
            float[] dX = ctx.buffer(o.dX()), dYPrevious = ctx.buffer(o.dYPrevious());
            op.task("modulation_backward", o.dYPrevious(), () -> createPackage(op.name(0),
                    TornadoDenseTasks::modulationBackward, ctx.rows(), dZ, x, yPrevious, dX, dYPrevious, o.width(),
                    flag(o.accumulate()), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep denseVector(Op.DenseVector o) {
        if (o.pre().equals(o.y()) && !o.silu()) {
            return denseVectorInPlace(o);
        }
        return denseVectorSeparate(o);
    }

    private TornadoStep denseVectorInPlace(Op.DenseVector o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), weight = ctx.buffer(o.weight()), bias = ctx.buffer(o.bias());
            float[] pre = ctx.buffer(o.pre());
            op.task("dense_vector_in_place", o.pre(), () -> createPackage(op.name(0),
                    TornadoDenseTasks::denseVectorInPlace, x, weight, bias, pre, o.in(), o.out()));
        };
    }

    private TornadoStep denseVectorSeparate(Op.DenseVector o) {
        return op -> {
            float[] x = ctx.buffer(o.x()), weight = ctx.buffer(o.weight()), bias = ctx.buffer(o.bias());
            float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y());
            op.task("dense_vector", o.y(), () -> createPackage(op.name(0), TornadoDenseTasks::denseVector, x,
                    weight, bias, pre, y, o.in(), flag(o.silu()), o.out()));
        };
    }

    @Override
    public TornadoStep denseVectorBackward(Op.DenseVectorBackward o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), x = ctx.buffer(o.x());
            // Without the SiLU pre is not read and may be absent: a one-float stand-in (not dY,
            // which would be one array twice in the task).
            float[] pre = o.pre() == null ? op.scratch(1) : ctx.buffer(o.pre());
            float[] dPre = ctx.buffer(o.dPre()), dWeight = ctx.buffer(o.dWeight()), dBias = ctx.buffer(o.dBias());
            op.task("dense_vector_backward", o.dWeight(), () -> createPackage(op.name(0),
                    TornadoDenseTasks::denseVectorBackwardOutput, dY, pre, x, dPre, dWeight, dBias, o.in(),
                    flag(o.silu()), o.out()));
            if (o.dX() != null) {
                float[] weight = ctx.buffer(o.weight()), dX = ctx.buffer(o.dX());
                op.task("dense_vector_backward_input", o.dX(), () -> createPackage(op.name(1),
                        TornadoDenseTasks::denseVectorBackwardInput, weight, dPre, dX, o.in(), o.out()));
            }
        };
    }

    /**
     * Slices of k for a product's split-k ({@link TornadoGemm}), 1 for none. Only a product with a
     * fixed m x n (a weight gradient: k the batch) splits, and only with the local-memory sums to add
     * the slices. {@link TornadoOpContext#SPLIT_K_PROPERTY}: {@code auto} (default) splits on GPUs,
     * into one slice per {@value TornadoOpContext#K_PER_SLICE} of k (at most
     * {@value TornadoOpContext#MAX_K_SLICES}), where the product has fewer than
     * {@value TornadoOpContext#SPLIT_BELOW_GROUPS} tiles of C; {@code off} never; a number N forces N
     * slices on any device (the tests run it on PoCL).
     */
    private int kSlices(Op.MatMul o) {
        if (!ctx.localReduce() || o.m().isRows() || o.n().isRows()) {
            return 1;
        }
        int maxK = o.k().max(ctx.maxRows());
        String setting = System.getProperty(SPLIT_K_PROPERTY, "auto");
        return switch (setting) {
            case "off" -> 1;
            case "auto" -> {
                long tiles = (long) ((o.m().fixed() + TornadoGemm.TILE - 1) / TornadoGemm.TILE)
                        * ((o.n().fixed() + TornadoGemm.TILE - 1) / TornadoGemm.TILE);
                yield ctx.device().getDeviceType() == TornadoDeviceType.GPU
                        && tiles < SPLIT_BELOW_GROUPS ? Math.max(1, Math.min(MAX_K_SLICES, maxK / K_PER_SLICE)) : 1;
            }
            default -> {
                int forced;
                try {
                    forced = Integer.parseInt(setting);
                } catch (NumberFormatException e) {
                    forced = 0;
                }
                if (forced < 1) {
                    throw new IllegalArgumentException(SPLIT_K_PROPERTY + " must be auto, off or a positive number: "
                            + setting);
                }
                yield forced;
            }
        };
    }
}
