package io.sl2a.backend.tornado;

import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;

/** The optimiser's update ({@link OpFamilies.Optimiser}) as TornadoVM tasks. */
record TornadoOptimiserOps(TornadoOpContext ctx) implements OpFamilies.Optimiser<TornadoStep> {
    @Override
    public TornadoStep adamUpdate(Op.AdamUpdate o) {
        return op -> {
            float[] param = ctx.buffer(o.param()), grad = ctx.buffer(o.grad()), m = ctx.buffer(o.m());
            float[] v = ctx.buffer(o.v());
            op.task("adam", o.param(), () -> createPackage(op.name(0), TornadoOptimiserTasks::adamUpdate,
                    ctx.scalars(), param, grad, m, v, o.beta1(), o.oneMinusBeta1(), o.beta2(), o.oneMinusBeta2(),
                    o.eps(),
                    param.length));
        };
    }
}
