package io.sl2a.backend.tornado;

import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** WIRE's complex operations ({@link OpFamilies.Complex}) as TornadoVM tasks. */
record TornadoComplexOps(TornadoOpContext ctx) implements OpFamilies.Complex<TornadoStep> {
    @Override
    public TornadoStep complexBlock(Op.ComplexBlock o) {
        return op -> {
            float[] weight = ctx.buffer(o.weight()), block = ctx.buffer(o.block());
            op.task("complex_block", o.block(), () -> createPackage(op.name(0),
                    TornadoComplexTasks::complexBlock, weight, block, o.cols(), o.rows() * o.cols()));
        };
    }

    @Override
    public TornadoStep complexBlockGrad(Op.ComplexBlockGrad o) {
        return op -> {
            float[] dBlock = ctx.buffer(o.dBlock()), dWeight = ctx.buffer(o.dWeight());
            op.task("complex_block_grad", o.dWeight(), () -> createPackage(op.name(0),
                    TornadoComplexTasks::complexBlockGrad, dBlock, dWeight, o.cols(), o.rows() * o.cols()));
        };
    }

    @Override
    public TornadoStep complexGabor(Op.ComplexGabor o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y());
            op.task("complex_gabor", o.y(), () -> createPackage(op.name(0), TornadoComplexTasks::complexGabor,
                    ctx.rows(), pre, y, o.width(), o.realInput() ? 1 : 0, o.omega(), o.sigma(),
                    ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep complexGaborBackward(Op.ComplexGaborBackward o) {
        if (o.dY().equals(o.dPre())) {
            return complexGaborBackwardInPlace(o);
        }
        return complexGaborBackwardSeparate(o);
    }

    private TornadoStep complexGaborBackwardInPlace(Op.ComplexGaborBackward o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y()), dY = ctx.buffer(o.dY());
            op.task("complex_gabor_backward_in_place", o.dPre(), () -> createPackage(op.name(0),
                    TornadoComplexTasks::complexGaborBackwardInPlace, ctx.rows(), pre, y, dY, o.width(), o.omega(),
                    o.sigma(),
                    ctx.maxRows() * o.width()));
        };
    }

    private TornadoStep complexGaborBackwardSeparate(Op.ComplexGaborBackward o) {
        return op -> {
            float[] pre = ctx.buffer(o.pre()), y = ctx.buffer(o.y()), dY = ctx.buffer(o.dY());
            float[] dPre = ctx.buffer(o.dPre());
            op.task("complex_gabor_backward", o.dPre(), () -> createPackage(op.name(0),
                    TornadoComplexTasks::complexGaborBackward, ctx.rows(), pre, y, dY, dPre, o.width(),
                    o.realInput() ? 1 : 0,
                    o.omega(), o.sigma(), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep realPart(Op.RealPart o) {
        return op -> {
            float[] z = ctx.buffer(o.z()), y = ctx.buffer(o.y());
            op.task("real_part", o.y(), () -> createPackage(op.name(0), TornadoComplexTasks::realPart, ctx.rows(), z,
                    y, o.width(), ctx.maxRows() * o.width()));
        };
    }

    @Override
    public TornadoStep realPartBackward(Op.RealPartBackward o) {
        return op -> {
            float[] dY = ctx.buffer(o.dY()), dZ = ctx.buffer(o.dZ());
            op.task("real_part_backward", o.dZ(), () -> createPackage(op.name(0),
                    TornadoComplexTasks::realPartBackward, ctx.rows(), dY, dZ, o.width(), ctx.maxRows() * o.width()));
        };
    }
}
