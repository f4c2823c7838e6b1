package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.CpuOpContext.ROW_GRAIN;

import io.sl2a.backend.OpFamilies;
import io.sl2a.kernels.ChebyshevKernels;
import io.sl2a.program.Op;

/**
 * The Chebyshev operations on the CPU: the contractions with the coefficients are products on the
 * {@link Sgemm} in use, over the basis of a chunk of rows (or of an axis' values) in the context's
 * scratch.
 */
record CpuChebyshevOps(CpuOpContext ctx) implements OpFamilies.Chebyshev<CpuStep> {
    /** Rows whose Chebyshev basis is held at once: bounds the scratch memory (no batch-sized basis). */
    static final int CHEBYSHEV_CHUNK_ROWS = 2048;

    private float[] basisScratch(int in, int degree) {
        return ctx.basisScratch(CHEBYSHEV_CHUNK_ROWS * in * (degree + 1));
    }

    private void fillBasis(float[] coords, int in, int degree, float[] scratch, int firstRow, int chunkRows) {
        ctx.parallel().run(chunkRows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                ChebyshevKernels.basisRow(firstRow + r, firstRow, coords, in, degree, scratch);
            }
        });
    }

    /** out = sum_i basis_i (rows x terms) times coeff_i^T (terms x out), a chunk of rows at a time. */
    @Override
    public CpuStep chebyshevForward(Op.ChebyshevForward o) {
        float[] coords = ctx.buffer(o.coords()), coeff = ctx.buffer(o.coeff()), out = ctx.buffer(o.out());
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        float[] scratch = basisScratch(in, o.degree());
        return (rows, s) -> {
            for (int first = 0; first < rows; first += CHEBYSHEV_CHUNK_ROWS) {
                int chunkRows = Math.min(CHEBYSHEV_CHUNK_ROWS, rows - first);
                fillBasis(coords, in, o.degree(), scratch, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    ctx.gemm().sgemm(false, true, chunkRows, outDim, terms, 1.0f, scratch, i * terms, in * terms,
                            coeff, i * outDim * terms, terms, i == 0 ? 0.0f : 1.0f, out, first * outDim, outDim);
                }
            }
        };
    }

    @Override
    public CpuStep chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o) {
        return chebyshevCoeffGrad(o, false);
    }

    /**
     * dCoeff_i (out x terms) = sum over chunks of dOut^T (out x rows) times basis_i (rows x terms);
     * added to dCoeff when {@code accumulate} (the row-chunked routine sums its chunks so).
     */
    CpuStep chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o, boolean accumulate) {
        float[] coords = ctx.buffer(o.coords()), dOut = ctx.buffer(o.dOut()), dCoeff = ctx.buffer(o.dCoeff());
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        float[] scratch = basisScratch(in, o.degree());
        return (rows, s) -> {
            for (int first = 0; first < rows; first += CHEBYSHEV_CHUNK_ROWS) {
                int chunkRows = Math.min(CHEBYSHEV_CHUNK_ROWS, rows - first);
                fillBasis(coords, in, o.degree(), scratch, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    ctx.gemm().sgemm(true, false, outDim, terms, chunkRows, 1.0f, dOut, first * outDim, outDim,
                            scratch, i * terms, in * terms, first == 0 && !accumulate ? 0.0f : 1.0f, dCoeff,
                            i * outDim * terms, terms);
                }
            }
        };
    }

    /**
     * The contraction of the output gradient with the coefficients as products, a chunk of rows
     * at a time (weighted_i = dOut times coeff_i, rows x terms, for each input i), then one pass
     * over the rows for the derivative of the basis (ChebyKAN's hidden layers need this; the
     * row-by-row body strides through the coefficients and is several times slower).
     */
    @Override
    public CpuStep chebyshevInputGrad(Op.ChebyshevInputGrad o) {
        float[] coords = ctx.buffer(o.coords()), coeff = ctx.buffer(o.coeff()), dOut = ctx.buffer(o.dOut());
        float[] dCoords = ctx.buffer(o.dCoords());
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        float[] scratch = basisScratch(in, o.degree());
        return (rows, s) -> {
            for (int first = 0; first < rows; first += CHEBYSHEV_CHUNK_ROWS) {
                int chunkRows = Math.min(CHEBYSHEV_CHUNK_ROWS, rows - first);
                for (int i = 0; i < in; i++) {
                    ctx.gemm().sgemm(false, false, chunkRows, terms, outDim, 1.0f, dOut, first * outDim, outDim, coeff,
                            i * outDim * terms, terms, 0.0f, scratch, i * terms, in * terms);
                }
                int chunkFirst = first;
                ctx.parallel().run(chunkRows, ROW_GRAIN, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        ChebyshevKernels.inputGradFromWeightedRow(chunkFirst + r, chunkFirst, coords, scratch, in,
                                o.degree(), dCoords);
                    }
                });
            }
        };
    }

    /** The basis of one axis' values, {@code axisLength x terms}, into the scratch buffer. */
    private void fillAxisBasis(float[] values, int axis, int axisLength, int degree, float[] scratch) {
        int first = axis * axisLength;
        ctx.parallel().run(axisLength, 64, (from, to) -> {
            for (int v = from; v < to; v++) {
                ChebyshevKernels.basisRow(first + v, first, values, 1, degree, scratch);
            }
        });
    }

    private float[] axisBasisScratch(int axisLength, int degree) {
        return ctx.basisScratch(axisLength * (degree + 1));
    }

    /** table_i (axisLength x out) = basis_i (axisLength x terms) times coeff_i^T (terms x out). */
    @Override
    public CpuStep chebyshevAxisTable(Op.ChebyshevAxisTable o) {
        float[] values = ctx.buffer(o.values()), coeff = ctx.buffer(o.coeff()), table = ctx.buffer(o.table());
        int outDim = o.outDim(), terms = o.degree() + 1, length = o.axisLength();
        return (rows, s) -> {
            float[] scratch = axisBasisScratch(length, o.degree());
            for (int i = 0; i < o.in(); i++) {
                fillAxisBasis(values, i, length, o.degree(), scratch);
                ctx.gemm().sgemm(false, true, length, outDim, terms, 1.0f, scratch, 0, terms, coeff, i * outDim * terms,
                        terms, 0.0f, table, i * length * outDim, outDim);
            }
        };
    }

    /** dCoeff_i (out x terms) = dTable_i^T (out x axisLength) times basis_i (axisLength x terms). */
    @Override
    public CpuStep chebyshevAxisCoeffGrad(Op.ChebyshevAxisCoeffGrad o) {
        float[] values = ctx.buffer(o.values()), dTable = ctx.buffer(o.dTable()), dCoeff = ctx.buffer(o.dCoeff());
        int outDim = o.outDim(), terms = o.degree() + 1, length = o.axisLength();
        return (rows, s) -> {
            float[] scratch = axisBasisScratch(length, o.degree());
            for (int i = 0; i < o.in(); i++) {
                fillAxisBasis(values, i, length, o.degree(), scratch);
                ctx.gemm().sgemm(true, false, outDim, terms, length, 1.0f, dTable, i * length * outDim, outDim, scratch,
                        0, terms, 0.0f, dCoeff, i * outDim * terms, terms);
            }
        };
    }
}
