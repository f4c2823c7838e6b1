package io.sl2a.backend.opencl;

import io.sl2a.backend.OpFamilies;
import io.sl2a.program.Op;
import org.jocl.cl_mem;

/**
 * The Chebyshev operations as OpenCL kernel launches: the forward and the coefficient gradient
 * are products over the basis of a chunk of rows (held in the scratch buffer {@link OpenClBuffers#BASIS}),
 * the input gradient and the grid path's axis tables are kernels of their own.
 */
record OpenClChebyshevOps(OpenClOpContext ctx) implements OpFamilies.Chebyshev<OpenClOpBinder.Step> {
    /** Rows whose Chebyshev basis is held at once: bounds the scratch (no batch-sized basis). */
    static final int CHEBYSHEV_CHUNK_ROWS = 16384;

    /** The chunk's basis: static arguments set once, the chunk's first row and size per launch. */
    private OpenClKernel basisKernel(String coords, int in, int degree) {
        return ctx.kernel("chebyshev_basis").arg(1, ctx.buffer(coords)).arg(2, in).arg(3, degree)
                .arg(4, ctx.buffer(OpenClBuffers.BASIS));
    }

    private void fillBasis(OpenClKernel basis, int in, int first, int chunkRows) {
        basis.arg(0, first);
        ctx.counted(basis, 5, chunkRows * in);
    }

    /** out = sum_i basis_i (rows x terms) times coeff_i^T (terms x out), a chunk of rows at a time. */
    @Override
    public OpenClOpBinder.Step chebyshevForward(Op.ChebyshevForward o) {
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        OpenClKernel basis = basisKernel(o.coords(), in, o.degree());
        OpenClKernel product = ctx.kernel("gemm_tiled");
        cl_mem scratch = ctx.buffer(OpenClBuffers.BASIS), coeff = ctx.buffer(o.coeff()), out = ctx.buffer(o.out());
        int chunk = Math.min(ctx.maxRows(), CHEBYSHEV_CHUNK_ROWS);
        return (rows, s) -> {
            for (int first = 0; first < rows; first += chunk) {
                int chunkRows = Math.min(chunk, rows - first);
                fillBasis(basis, in, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    ctx.gemm().enqueue(ctx.queue(), product, false, true, chunkRows, outDim, terms, scratch, i * terms,
                            in * terms, coeff, i * outDim * terms, terms, i == 0 ? 0.0f : 1.0f, out, first * outDim,
                            outDim);
                }
            }
        };
    }

    /** dCoeff_i (out x terms) = sum over chunks of dOut^T (out x rows) times basis_i (rows x terms). */
    @Override
    public OpenClOpBinder.Step chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o) {
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        OpenClKernel basis = basisKernel(o.coords(), in, o.degree());
        OpenClKernel product = ctx.kernel("gemm_tiled");
        cl_mem scratch = ctx.buffer(OpenClBuffers.BASIS);
        cl_mem dOut = ctx.buffer(o.dOut()), dCoeff = ctx.buffer(o.dCoeff());
        int chunk = Math.min(ctx.maxRows(), CHEBYSHEV_CHUNK_ROWS);
        return (rows, s) -> {
            for (int first = 0; first < rows; first += chunk) {
                int chunkRows = Math.min(chunk, rows - first);
                fillBasis(basis, in, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    ctx.gemm().enqueue(ctx.queue(), product, true, false, outDim, terms, chunkRows, dOut,
                            first * outDim, outDim, scratch, i * terms, in * terms, first == 0 ? 0.0f : 1.0f, dCoeff,
                            i * outDim * terms, terms);
                }
            }
        };
    }

    @Override
    public OpenClOpBinder.Step chebyshevInputGrad(Op.ChebyshevInputGrad o) {
        OpenClKernel k = ctx.kernel("chebyshev_input_grad").arg(0, ctx.buffer(o.coords())).arg(1, ctx.buffer(o.coeff()))
                .arg(2, ctx.buffer(o.dOut())).arg(3, o.in()).arg(4, o.outDim()).arg(5, o.degree())
                .arg(6, ctx.buffer(o.dCoords()));
        return (rows, s) -> ctx.counted(k, 7, rows * o.in());
    }

    @Override
    public OpenClOpBinder.Step chebyshevAxisTable(Op.ChebyshevAxisTable o) {
        int count = o.in() * o.axisLength() * o.outDim();
        OpenClKernel k = ctx.kernel("chebyshev_axis_table").arg(0, ctx.buffer(o.values())).arg(1, ctx.buffer(o.coeff()))
                .arg(2, o.outDim()).arg(3, o.degree()).arg(4, o.axisLength()).arg(5, ctx.buffer(o.table()))
                .arg(6, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }

    @Override
    public OpenClOpBinder.Step chebyshevAxisCoeffGrad(Op.ChebyshevAxisCoeffGrad o) {
        int count = o.in() * o.outDim() * (o.degree() + 1);
        OpenClKernel k = ctx.kernel("chebyshev_axis_coeff_grad").arg(0, ctx.buffer(o.values()))
                .arg(1, ctx.buffer(o.dTable())).arg(2, o.outDim()).arg(3, o.degree()).arg(4, o.axisLength())
                .arg(5, ctx.buffer(o.dCoeff())).arg(6, count);
        return (rows, s) -> k.launch(ctx.queue(), count);
    }
}
