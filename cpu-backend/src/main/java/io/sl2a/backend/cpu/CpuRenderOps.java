package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ROW_GRAIN;
import static io.sl2a.backend.cpu.CpuOpContext.rayGrain;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.SparseKernels;
import io.sl2a.kernels.VolumeRenderKernels;
import io.sl2a.program.Op;

/** Volume rendering and the sparse product ({@link OpFamilies.Render}) on the CPU. */
record CpuRenderOps(CpuOpContext ctx) implements OpFamilies.Render<CpuStep> {
    @Override
    public CpuStep volumeRender(Op.VolumeRender o) {
        float[] field = ctx.buffer(o.field()), t = ctx.buffer(o.t()), delta = ctx.buffer(o.delta());
        float[] rgb = ctx.buffer(o.rgb()), opacity = ctx.buffer(o.opacity()), depth = ctx.buffer(o.depth());
        int samples = o.samples();
        int grain = rayGrain(samples);
        return (rows, s) -> ctx.parallel().run(rows / samples, grain, (from, to) -> {
            for (int ray = from; ray < to; ray++) {
                VolumeRenderKernels.renderRay(ray, field, t, delta, samples, o.background(), rgb, opacity, depth);
            }
        });
    }

    @Override
    public CpuStep volumeRenderBackward(Op.VolumeRenderBackward o) {
        float[] field = ctx.buffer(o.field()), delta = ctx.buffer(o.delta()), rgb = ctx.buffer(o.rgb());
        float[] opacity = ctx.buffer(o.opacity()), dRgb = ctx.buffer(o.dRgb()), dField = ctx.buffer(o.dField());
        int samples = o.samples();
        int grain = rayGrain(samples);
        return (rows, s) -> ctx.parallel().run(rows / samples, grain, (from, to) -> {
            for (int ray = from; ray < to; ray++) {
                VolumeRenderKernels.renderRayBackward(ray, field, delta, rgb, opacity, dRgb, samples,
                        o.background(), dField);
            }
        });
    }

    @Override
    public CpuStep sparseProduct(Op.SparseProduct o) {
        float[] rowStart = ctx.buffer(o.rowStart()), columns = ctx.buffer(o.columns()), values = ctx.buffer(o.values());
        float[] x = ctx.buffer(o.x()), y = ctx.buffer(o.y());
        return (rows, s) -> ctx.parallel().run(o.outRows(), ROW_GRAIN, (from, to) -> {
            for (int row = from; row < to; row++) {
                SparseKernels.productRow(row, rowStart, columns, values, x, o.channels(), y);
            }
        });
    }
}
