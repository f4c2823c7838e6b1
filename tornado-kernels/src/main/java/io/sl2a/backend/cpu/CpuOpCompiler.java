package io.sl2a.backend.cpu;

import io.sl2a.kernels.AdamKernels;
import io.sl2a.kernels.BatchNormKernels;
import io.sl2a.kernels.ChebyshevKernels;
import io.sl2a.kernels.ColumnKernels;
import io.sl2a.kernels.ComplexKernels;
import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.GaborWindowKernels;
import io.sl2a.kernels.EncodingKernels;
import io.sl2a.kernels.GridKernels;
import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.kernels.LayerNormKernels;
import io.sl2a.kernels.LinearKernels;
import io.sl2a.kernels.LossKernels;
import io.sl2a.kernels.SparseKernels;
import io.sl2a.kernels.SplineKernels;
import io.sl2a.kernels.VolumeRenderKernels;
import io.sl2a.program.Op;
import java.util.Arrays;
import java.util.Map;

/**
 * Binds each operation of a program to the CPU: kernel bodies run over the thread pool, and the
 * dense products (including the Chebyshev contraction, as a basis chunk times the coefficients)
 * go to the {@link Sgemm} in use.
 */
final class CpuOpCompiler {
    /** Rows whose Chebyshev basis is held at once: bounds the scratch memory (no batch-sized basis). */
    static final int CHEBYSHEV_CHUNK_ROWS = 2048;
    private static final int ROW_GRAIN = 32;
    /** Row chunks of the two-stage column sums (bias and LayerNorm parameter gradients). */
    private static final int PARTIAL_CHUNKS = 32;
    private static final int ELEMENT_GRAIN = 1 << 14;

    private final Map<String, float[]> buffers;
    private final ParallelFor parallel;
    private final Sgemm gemm;
    private float[] basis = new float[0];

    CpuOpCompiler(Map<String, float[]> buffers, ParallelFor parallel, Sgemm gemm) {
        this.buffers = buffers;
        this.parallel = parallel;
        this.gemm = gemm;
    }

    private float[] buffer(String name) {
        float[] values = buffers.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return values;
    }

    /** Rays a task of the volume rendering takes: about ROW_GRAIN * 8 samples. */
    private static int rayGrain(int samples) {
        return Math.max(1, ROW_GRAIN * 8 / samples);
    }

    private float[] basisScratch(int in, int degree) {
        int needed = CHEBYSHEV_CHUNK_ROWS * in * (degree + 1);
        if (basis.length < needed) {
            basis = new float[needed];
        }
        return basis;
    }

    CpuStep compile(Op op) {
        return switch (op) {
            case Op.ChebyshevForward o -> chebyshevForward(o);
            case Op.ChebyshevAxisTable o -> axisTable(o);
            case Op.ChebyshevAxisCoeffGrad o -> axisCoeffGrad(o);
            case Op.GatherSum o -> {
                float[] table = buffer(o.table()), index = buffer(o.index()), out = buffer(o.out());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) ->
                        VectorRows.gatherSumRows(from, to, table, index, o.in(), o.outDim(), o.axisLength(), out));
            }
            case Op.ScatterSum o -> {
                float[] dOut = buffer(o.dOut()), index = buffer(o.index()), dTable = buffer(o.dTable());
                int tableSize = o.in() * o.axisLength() * o.outDim();
                // One private table per thread: the rows of a batch hit the table in random order.
                int chunks = parallel.threads();
                float[] partial = new float[chunks * tableSize];
                yield (rows, s) -> {
                    int rowsPerChunk = (rows + chunks - 1) / chunks;
                    parallel.run(chunks, 1, (from, to) -> {
                        for (int chunk = from; chunk < to; chunk++) {
                            Arrays.fill(partial, chunk * tableSize, (chunk + 1) * tableSize, 0.0f);
                            VectorRows.scatterAddRows(chunk * rowsPerChunk, Math.min(rows, (chunk + 1) * rowsPerChunk),
                                    dOut, index, o.in(), o.outDim(), o.axisLength(), partial, chunk * tableSize);
                        }
                    });
                    parallel.run(tableSize, ELEMENT_GRAIN, (from, to) -> {
                        for (int k = from; k < to; k++) {
                            LinearKernels.reducePartials(k, partial, chunks, tableSize, dTable);
                        }
                    });
                };
            }
            case Op.ChebyshevCoeffGrad o -> chebyshevCoeffGrad(o, false);
            case Op.ChebyshevInputGrad o -> chebyshevInputGrad(o);
            case Op.LayerNormForward o -> {
                float[] x = buffer(o.x()), gamma = buffer(o.gamma()), beta = buffer(o.beta());
                float[] y = buffer(o.y()), mean = buffer(o.mean()), rstd = buffer(o.rstd());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) ->
                        VectorRows.layerNormForwardRows(from, to, x, gamma, beta, o.width(), o.eps(), y, mean, rstd));
            }
            case Op.LayerNormBackward o -> {
                float[] dY = buffer(o.dY()), x = buffer(o.x()), gamma = buffer(o.gamma());
                float[] mean = buffer(o.mean()), rstd = buffer(o.rstd());
                float[] dX = buffer(o.dX()), dGamma = buffer(o.dGamma()), dBeta = buffer(o.dBeta());
                float[] partialGamma = new float[PARTIAL_CHUNKS * o.width()];
                float[] partialBeta = new float[PARTIAL_CHUNKS * o.width()];
                yield (rows, s) -> {
                    int rowsPerChunk = (rows + PARTIAL_CHUNKS - 1) / PARTIAL_CHUNKS;
                    parallel.run(PARTIAL_CHUNKS, 1, (from, to) -> {
                        for (int chunk = from; chunk < to; chunk++) {
                            int offset = chunk * o.width();
                            Arrays.fill(partialGamma, offset, offset + o.width(), 0.0f);
                            Arrays.fill(partialBeta, offset, offset + o.width(), 0.0f);
                            VectorRows.addLayerNormParamGrads(chunk * rowsPerChunk, Math.min(rows, (chunk + 1) * rowsPerChunk),
                                    dY, x, mean, rstd, o.width(), partialGamma, partialBeta, offset);
                        }
                    });
                    for (int column = 0; column < o.width(); column++) {
                        LinearKernels.reducePartials(column, partialGamma, PARTIAL_CHUNKS, o.width(), dGamma);
                        LinearKernels.reducePartials(column, partialBeta, PARTIAL_CHUNKS, o.width(), dBeta);
                    }
                    parallel.run(rows, ROW_GRAIN, (from, to) ->
                            VectorRows.layerNormBackwardRows(from, to, dY, x, gamma, mean, rstd, o.width(), dX));
                };
            }
            case Op.MatMul o -> {
                float[] a = buffer(o.a()), b = buffer(o.b()), c = buffer(o.c());
                yield (rows, s) -> {
                    int m = o.m().resolve(rows), n = o.n().resolve(rows), k = o.k().resolve(rows);
                    int lda = o.transposeA() ? m : k;
                    int ldb = o.transposeB() ? k : n;
                    gemm.sgemm(o.transposeA(), o.transposeB(), m, n, k, 1.0f, a, 0, lda, b, 0, ldb,
                            o.accumulate() ? 1.0f : 0.0f, c, 0, n);
                };
            }
            case Op.BiasActivation o -> {
                float[] y = buffer(o.y()), bias = buffer(o.bias());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) ->
                        VectorRows.biasActivationRows(from, to, bias, o.width(), o.relu(), y));
            }
            case Op.BiasWave o -> {
                float[] pre = buffer(o.pre()), bias = buffer(o.bias()), y = buffer(o.y());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) ->
                        VectorWaves.biasWaveRows(from, to, bias, o.width(), o.kind(), o.scale(), pre, y));
            }
            case Op.PositionalEncoding o -> {
                float[] coords = buffer(o.coords()), out = buffer(o.out());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        EncodingKernels.positionalRow(row, coords, o.in(), o.frequencies(), out);
                    }
                });
            }
            case Op.WaveBackward o -> {
                float[] pre = buffer(o.pre()), dY = buffer(o.dY()), dPre = buffer(o.dPre());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                        VectorWaves.waveBackward(from, to, pre, dY, o.kind(), o.scale(), dPre));
            }
            case Op.ComplexBlock o -> {
                float[] weight = buffer(o.weight()), block = buffer(o.block());
                int count = o.rows() * o.cols();
                yield (rows, s) -> parallel.run(count, ELEMENT_GRAIN, (from, to) -> {
                    for (int pq = from; pq < to; pq++) {
                        ComplexKernels.blockFromWeight(pq, weight, o.cols(), block);
                    }
                });
            }
            case Op.ComplexBlockGrad o -> {
                float[] dBlock = buffer(o.dBlock()), dWeight = buffer(o.dWeight());
                int count = o.rows() * o.cols();
                yield (rows, s) -> parallel.run(count, ELEMENT_GRAIN, (from, to) -> {
                    for (int pq = from; pq < to; pq++) {
                        ComplexKernels.weightGradFromBlock(pq, dBlock, o.cols(), dWeight);
                    }
                });
            }
            case Op.ComplexGabor o -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y());
                int realInput = o.realInput() ? 1 : 0;
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ComplexKernels.gabor(i, pre, realInput, o.omega(), o.sigma(), y);
                    }
                });
            }
            case Op.ComplexGaborBackward o -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y()), dY = buffer(o.dY()), dPre = buffer(o.dPre());
                int realInput = o.realInput() ? 1 : 0;
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ComplexKernels.gaborBackward(i, pre, y, dY, realInput, o.omega(), o.sigma(), dPre);
                    }
                });
            }
            case Op.RealPart o -> {
                float[] z = buffer(o.z()), y = buffer(o.y());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ComplexKernels.realPart(i, z, y);
                    }
                });
            }
            case Op.RealPartBackward o -> {
                float[] dY = buffer(o.dY()), dZ = buffer(o.dZ());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ComplexKernels.realPartBackward(i, dY, dZ);
                    }
                });
            }
            case Op.GaborWindow o -> {
                float[] x = buffer(o.x()), mu = buffer(o.mu()), gamma = buffer(o.gamma());
                float[] distance = buffer(o.distance()), window = buffer(o.window());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        GaborWindowKernels.windowRow(row, x, mu, gamma, o.in(), o.out(), distance, window);
                    }
                });
            }
            case Op.GaborWindowBackward o -> {
                float[] dWindow = buffer(o.dWindow()), window = buffer(o.window()), distance = buffer(o.distance());
                float[] a = buffer(o.a()), ad = buffer(o.ad());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        GaborWindowKernels.windowBackward(i, dWindow, window, distance, a, ad);
                    }
                });
            }
            case Op.GaborWindowParamGrad o -> {
                float[] mu = buffer(o.mu()), gamma = buffer(o.gamma()), ax = buffer(o.ax());
                float[] columnA = buffer(o.columnA()), columnAd = buffer(o.columnAd());
                float[] dMu = buffer(o.dMu()), dGamma = buffer(o.dGamma());
                yield (rows, s) -> {
                    for (int out = 0; out < o.out(); out++) {
                        GaborWindowKernels.parameterGrad(out, mu, gamma, ax, columnA, columnAd, o.in(), dMu, dGamma);
                    }
                };
            }
            case Op.BSplineBasis o -> {
                float[] x = buffer(o.x()), basis = buffer(o.basis());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        SplineKernels.basisRow(row, x, o.in(), o.gridSize(), o.lo(), o.hi(), basis);
                    }
                });
            }
            case Op.BSplineInputGrad o -> {
                float[] x = buffer(o.x()), dBasis = buffer(o.dBasis()), dX = buffer(o.dX());
                int accumulate = o.accumulate() ? 1 : 0;
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        SplineKernels.basisInputGradRow(row, x, dBasis, o.in(), o.gridSize(), o.lo(), o.hi(), accumulate, dX);
                    }
                });
            }
            case Op.Silu o -> {
                float[] x = buffer(o.x()), y = buffer(o.y());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        SplineKernels.silu(i, x, y);
                    }
                });
            }
            case Op.SiluBackward o -> {
                float[] x = buffer(o.x()), dY = buffer(o.dY()), dX = buffer(o.dX());
                int accumulate = o.accumulate() ? 1 : 0;
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        SplineKernels.siluBackward(i, x, dY, accumulate, dX);
                    }
                });
            }
            case Op.ScaleRows o -> {
                float[] weight = buffer(o.weight()), scaler = buffer(o.scaler()), scaled = buffer(o.scaled());
                yield (rows, s) -> parallel.run(o.rows(), 256, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        SplineKernels.scaleRow(r, weight, scaler, o.length(), scaled);
                    }
                });
            }
            case Op.ScaleRowsBackward o -> {
                float[] dScaled = buffer(o.dScaled()), weight = buffer(o.weight()), scaler = buffer(o.scaler());
                float[] dWeight = buffer(o.dWeight()), dScaler = buffer(o.dScaler());
                yield (rows, s) -> parallel.run(o.rows(), 256, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        SplineKernels.scaleRowBackward(r, dScaled, weight, scaler, o.length(), dWeight, dScaler);
                    }
                });
            }
            case Op.BiasActivationModulate o -> {
                float[] y = buffer(o.y()), bias = buffer(o.bias()), x = buffer(o.x()), z = buffer(o.z());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) ->
                        VectorRows.biasActivationModulateRows(from, to, bias, x, o.width(), o.relu(), y, z));
            }
            case Op.ModulationBackward o -> {
                float[] dZ = buffer(o.dZ()), x = buffer(o.x()), yPrevious = buffer(o.yPrevious());
                float[] dX = buffer(o.dX()), dYPrevious = buffer(o.dYPrevious());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                        VectorRows.modulationBackward(from, to, dZ, x, yPrevious, o.accumulate(), dX, dYPrevious));
            }
            case Op.BiasGrad o -> {
                float[] dY = buffer(o.dY()), dBias = buffer(o.dBias());
                float[] partial = new float[PARTIAL_CHUNKS * o.width()];
                yield (rows, s) -> {
                    int rowsPerChunk = (rows + PARTIAL_CHUNKS - 1) / PARTIAL_CHUNKS;
                    parallel.run(PARTIAL_CHUNKS, 1, (from, to) -> {
                        for (int chunk = from; chunk < to; chunk++) {
                            int offset = chunk * o.width();
                            Arrays.fill(partial, offset, offset + o.width(), 0.0f);
                            VectorRows.addColumnSums(chunk * rowsPerChunk, Math.min(rows, (chunk + 1) * rowsPerChunk), dY,
                                    o.width(), partial, offset);
                        }
                    });
                    for (int column = 0; column < o.width(); column++) {
                        if (o.accumulate()) {
                            LinearKernels.accumulatePartials(column, partial, PARTIAL_CHUNKS, o.width(), dBias);
                        } else {
                            LinearKernels.reducePartials(column, partial, PARTIAL_CHUNKS, o.width(), dBias);
                        }
                    }
                };
            }
            case Op.ReluBackward o -> {
                float[] y = buffer(o.y()), dY = buffer(o.dY()), dX = buffer(o.dX());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                        VectorRows.reluBackward(from, to, y, dY, dX));
            }
            case Op.Multiply o -> {
                float[] a = buffer(o.a()), b = buffer(o.b()), out = buffer(o.out());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) ->
                        VectorRows.multiply(from, to, a, b, o.accumulate(), out));
            }
            case Op.Copy o -> {
                float[] source = buffer(o.source()), destination = buffer(o.destination());
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ElementwiseKernels.copy(i, source, destination);
                    }
                });
            }
            case Op.ColumnCopy o -> {
                float[] src = buffer(o.src()), dst = buffer(o.dst());
                int accumulate = o.accumulate() ? 1 : 0;
                yield (rows, s) -> parallel.run(rows * o.width(), ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ColumnKernels.columnCopy(i, src, o.srcWidth(), o.srcOffset(), dst, o.dstWidth(), o.dstOffset(),
                                o.width(), accumulate);
                    }
                });
            }
            case Op.Im2col o -> {
                float[] x = buffer(o.x()), cols = buffer(o.cols());
                int positions = ConvolutionKernels.outSize(o.height(), o.kernel(), o.stride(), o.pad())
                        * ConvolutionKernels.outSize(o.width(), o.kernel(), o.stride(), o.pad());
                int patchRows = o.channels() * o.kernel() * o.kernel();
                int grain = Math.max(1, ELEMENT_GRAIN / positions);
                yield (rows, s) -> parallel.run(patchRows, grain, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        ConvolutionKernels.im2colRow(r, x, o.height(), o.width(), o.kernel(), o.stride(), o.pad(), cols);
                    }
                });
            }
            case Op.Col2im o -> {
                float[] dCols = buffer(o.dCols()), dX = buffer(o.dX());
                int count = o.channels() * o.height() * o.width();
                int accumulate = o.accumulate() ? 1 : 0;
                yield (rows, s) -> parallel.run(count, ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ConvolutionKernels.col2im(i, dCols, o.height(), o.width(), o.kernel(), o.stride(), o.pad(),
                                accumulate, dX);
                    }
                });
            }
            case Op.BatchNormForward o -> {
                float[] x = buffer(o.x()), gamma = buffer(o.gamma()), beta = buffer(o.beta());
                float[] residual = o.residual() == null ? x : buffer(o.residual());
                float[] y = buffer(o.y()), mean = buffer(o.mean()), rstd = buffer(o.rstd());
                int hasResidual = o.residual() == null ? 0 : 1;
                int relu = o.relu() ? 1 : 0;
                yield (rows, s) -> parallel.run(o.channels(), 1, (from, to) -> {
                    for (int c = from; c < to; c++) {
                        BatchNormKernels.forwardChannel(c, x, gamma, beta, residual, hasResidual, o.plane(), o.eps(), relu,
                                y, mean, rstd);
                    }
                });
            }
            case Op.BatchNormBackward o -> {
                float[] dY = buffer(o.dY()), y = buffer(o.y()), x = buffer(o.x()), gamma = buffer(o.gamma());
                float[] mean = buffer(o.mean()), rstd = buffer(o.rstd());
                float[] dX = buffer(o.dX()), dGamma = buffer(o.dGamma()), dBeta = buffer(o.dBeta());
                float[] dResidual = o.dResidual() == null ? dX : buffer(o.dResidual());
                int residualMode = o.dResidual() == null ? 0 : o.accumulateResidual() ? 2 : 1;
                int relu = o.relu() ? 1 : 0;
                yield (rows, s) -> parallel.run(o.channels(), 1, (from, to) -> {
                    for (int c = from; c < to; c++) {
                        BatchNormKernels.backwardChannel(c, dY, y, x, gamma, mean, rstd, o.plane(), relu, residualMode, dX,
                                dGamma, dBeta, dResidual);
                    }
                });
            }
            case Op.BatchNormRunningStats o -> {
                float[] mean = buffer(o.mean()), rstd = buffer(o.rstd());
                float[] runningMean = buffer(o.runningMean()), runningVar = buffer(o.runningVar());
                yield (rows, s) -> {
                    for (int c = 0; c < o.channels(); c++) {
                        BatchNormKernels.runningStats(c, mean, rstd, o.plane(), o.eps(), o.momentum(), runningMean,
                                runningVar);
                    }
                };
            }
            case Op.MaxPoolForward o -> {
                float[] x = buffer(o.x()), y = buffer(o.y()), argmax = buffer(o.argmax());
                int count = o.channels() * ConvolutionKernels.outSize(o.height(), o.kernel(), o.stride(), o.pad())
                        * ConvolutionKernels.outSize(o.width(), o.kernel(), o.stride(), o.pad());
                yield (rows, s) -> parallel.run(count, ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ConvolutionKernels.maxPoolForward(i, x, o.height(), o.width(), o.kernel(), o.stride(), o.pad(), y,
                                argmax);
                    }
                });
            }
            case Op.MaxPoolBackward o -> {
                float[] dY = buffer(o.dY()), argmax = buffer(o.argmax()), dX = buffer(o.dX());
                int count = o.channels() * o.height() * o.width();
                yield (rows, s) -> parallel.run(count, ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        ConvolutionKernels.maxPoolBackward(i, dY, argmax, o.height(), o.width(), o.kernel(), o.stride(),
                                o.pad(), dX);
                    }
                });
            }
            case Op.VolumeRender o -> {
                float[] field = buffer(o.field()), t = buffer(o.t()), delta = buffer(o.delta());
                float[] rgb = buffer(o.rgb()), opacity = buffer(o.opacity()), depth = buffer(o.depth());
                int samples = o.samples();
                int grain = rayGrain(samples);
                yield (rows, s) -> parallel.run(rows / samples, grain, (from, to) -> {
                    for (int ray = from; ray < to; ray++) {
                        VolumeRenderKernels.renderRay(ray, field, t, delta, samples, o.background(), rgb, opacity, depth);
                    }
                });
            }
            case Op.VolumeRenderBackward o -> {
                float[] field = buffer(o.field()), delta = buffer(o.delta()), rgb = buffer(o.rgb());
                float[] opacity = buffer(o.opacity()), dRgb = buffer(o.dRgb()), dField = buffer(o.dField());
                int samples = o.samples();
                int grain = rayGrain(samples);
                yield (rows, s) -> parallel.run(rows / samples, grain, (from, to) -> {
                    for (int ray = from; ray < to; ray++) {
                        VolumeRenderKernels.renderRayBackward(ray, field, delta, rgb, opacity, dRgb, samples,
                                o.background(), dField);
                    }
                });
            }
            case Op.MseLoss o -> {
                float[] pred = buffer(o.pred()), target = buffer(o.target());
                float[] dPred = buffer(o.dPred()), rowError = buffer(o.rowSquaredError());
                yield (rows, s) -> {
                    int count = o.rows().resolve(rows);
                    float scale = 2.0f / ((float) count * o.width());
                    parallel.run(count, 256, (from, to) -> {
                        for (int row = from; row < to; row++) {
                            LossKernels.mseRow(row, pred, target, o.width(), scale, dPred, rowError);
                        }
                    });
                };
            }
            case Op.AccumulateSum o -> {
                float[] values = buffer(o.values()), total = buffer(o.total());
                yield (rows, s) -> LossKernels.accumulateSum(0, values, rows, total);
            }
            case Op.SparseProduct o -> {
                float[] rowStart = buffer(o.rowStart()), columns = buffer(o.columns()), values = buffer(o.values());
                float[] x = buffer(o.x()), y = buffer(o.y());
                yield (rows, s) -> parallel.run(o.outRows(), ROW_GRAIN, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        SparseKernels.productRow(row, rowStart, columns, values, x, o.channels(), y);
                    }
                });
            }
            case Op.ChannelMean o -> {
                float[] x = buffer(o.x()), y = buffer(o.y());
                int grain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.plane()));
                yield (rows, s) -> parallel.run(o.channels(), grain, (from, to) -> {
                    for (int c = from; c < to; c++) {
                        HarmonizerKernels.channelMean(c, x, o.plane(), y);
                    }
                });
            }
            case Op.ChannelMeanBackward o -> {
                float[] dY = buffer(o.dY()), dX = buffer(o.dX());
                int count = o.channels() * o.plane();
                yield (rows, s) -> parallel.run(count, ELEMENT_GRAIN, (from, to) -> {
                    for (int k = from; k < to; k++) {
                        HarmonizerKernels.channelMeanBackward(k, dY, o.plane(), dX);
                    }
                });
            }
            case Op.DenseVector o -> {
                float[] x = buffer(o.x()), weight = buffer(o.weight()), bias = buffer(o.bias());
                float[] pre = buffer(o.pre()), y = buffer(o.y());
                int silu = o.silu() ? 1 : 0;
                int grain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.in()));
                yield (rows, s) -> parallel.run(o.out(), grain, (from, to) -> {
                    for (int out = from; out < to; out++) {
                        HarmonizerKernels.denseVector(out, x, weight, bias, o.in(), silu, pre, y);
                    }
                });
            }
            case Op.DenseVectorBackward o -> {
                float[] dY = buffer(o.dY()), x = buffer(o.x());
                // pre is only read for the SiLU and may then be absent.
                float[] pre = o.pre() == null ? dY : buffer(o.pre());
                float[] dPre = buffer(o.dPre()), dWeight = buffer(o.dWeight()), dBias = buffer(o.dBias());
                float[] weight = o.dX() == null ? null : buffer(o.weight());
                float[] dX = o.dX() == null ? null : buffer(o.dX());
                int silu = o.silu() ? 1 : 0;
                int outputGrain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.in()));
                int inputGrain = Math.max(1, ELEMENT_GRAIN / Math.max(1, o.out()));
                yield (rows, s) -> {
                    parallel.run(o.out(), outputGrain, (from, to) -> {
                        for (int out = from; out < to; out++) {
                            HarmonizerKernels.denseVectorBackwardOutput(out, dY, pre, x, o.in(), silu, dPre, dWeight, dBias);
                        }
                    });
                    if (dX != null) {
                        parallel.run(o.in(), inputGrain, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                HarmonizerKernels.denseVectorBackwardInput(i, weight, dPre, o.in(), o.out(), dX);
                            }
                        });
                    }
                };
            }
            case Op.IncodeSine o -> {
                float[] pre = buffer(o.pre()), coefficients = buffer(o.coefficients()), y = buffer(o.y());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) ->
                        VectorWaves.incodeSineRows(from, to, pre, coefficients, o.width(), o.omega(), y));
            }
            case Op.IncodeSineBackward o -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y()), coefficients = buffer(o.coefficients()), dY = buffer(o.dY());
                float[] dPre = buffer(o.dPre()), rowGrad = buffer(o.rowCoefficientGrad());
                yield (rows, s) -> parallel.run(rows, ROW_GRAIN, (from, to) -> VectorWaves.incodeSineBackwardRows(from, to, pre,
                        y, coefficients, dY, o.width(), o.omega(), dPre, rowGrad));
            }
            case Op.CoefficientPenalty o -> {
                float[] coefficients = buffer(o.coefficients()), dCoefficients = buffer(o.dCoefficients());
                yield (rows, s) -> {
                    for (int j = 0; j < HarmonizerKernels.COEFFICIENTS; j++) {
                        HarmonizerKernels.coefficientPenalty(j, coefficients, o.weightA(), o.weightB(), o.weightC(),
                                o.weightD(), dCoefficients);
                    }
                };
            }
            case Op.AdamUpdate o -> {
                float[] param = buffer(o.param()), grad = buffer(o.grad()), m = buffer(o.m()), v = buffer(o.v());
                yield (rows, s) -> parallel.run(param.length, ELEMENT_GRAIN, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        AdamKernels.update(i, param, grad, m, v, s.adamStepSize(), o.beta1(), o.oneMinusBeta1(), o.beta2(),
                                o.oneMinusBeta2(), o.eps(),
                                s.adamSqrtBiasCorrection2());
                    }
                });
            }
        };
    }

    private void fillBasis(float[] coords, int in, int degree, float[] scratch, int firstRow, int chunkRows) {
        parallel.run(chunkRows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                ChebyshevKernels.basisRow(firstRow + r, firstRow, coords, in, degree, scratch);
            }
        });
    }

    /** out = sum_i basis_i (rows x terms) times coeff_i^T (terms x out), a chunk of rows at a time. */
    private CpuStep chebyshevForward(Op.ChebyshevForward o) {
        float[] coords = buffer(o.coords()), coeff = buffer(o.coeff()), out = buffer(o.out());
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        float[] scratch = basisScratch(in, o.degree());
        return (rows, s) -> {
            for (int first = 0; first < rows; first += CHEBYSHEV_CHUNK_ROWS) {
                int chunkRows = Math.min(CHEBYSHEV_CHUNK_ROWS, rows - first);
                fillBasis(coords, in, o.degree(), scratch, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    gemm.sgemm(false, true, chunkRows, outDim, terms, 1.0f, scratch, i * terms, in * terms,
                            coeff, i * outDim * terms, terms, i == 0 ? 0.0f : 1.0f, out, first * outDim, outDim);
                }
            }
        };
    }

    /**
     * dCoeff_i (out x terms) = sum over chunks of dOut^T (out x rows) times basis_i (rows x terms);
     * added to dCoeff when {@code accumulate} (the row-chunked routine sums its chunks so).
     */
    CpuStep chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o, boolean accumulate) {
        float[] coords = buffer(o.coords()), dOut = buffer(o.dOut()), dCoeff = buffer(o.dCoeff());
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        float[] scratch = basisScratch(in, o.degree());
        return (rows, s) -> {
            for (int first = 0; first < rows; first += CHEBYSHEV_CHUNK_ROWS) {
                int chunkRows = Math.min(CHEBYSHEV_CHUNK_ROWS, rows - first);
                fillBasis(coords, in, o.degree(), scratch, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    gemm.sgemm(true, false, outDim, terms, chunkRows, 1.0f, dOut, first * outDim, outDim,
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
    private CpuStep chebyshevInputGrad(Op.ChebyshevInputGrad o) {
        float[] coords = buffer(o.coords()), coeff = buffer(o.coeff()), dOut = buffer(o.dOut());
        float[] dCoords = buffer(o.dCoords());
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        float[] scratch = basisScratch(in, o.degree());
        return (rows, s) -> {
            for (int first = 0; first < rows; first += CHEBYSHEV_CHUNK_ROWS) {
                int chunkRows = Math.min(CHEBYSHEV_CHUNK_ROWS, rows - first);
                for (int i = 0; i < in; i++) {
                    gemm.sgemm(false, false, chunkRows, terms, outDim, 1.0f, dOut, first * outDim, outDim, coeff,
                            i * outDim * terms, terms, 0.0f, scratch, i * terms, in * terms);
                }
                int chunkFirst = first;
                parallel.run(chunkRows, ROW_GRAIN, (from, to) -> {
                    for (int r = from; r < to; r++) {
                        ChebyshevKernels.inputGradFromWeightedRow(chunkFirst + r, chunkFirst, coords, scratch, in, o.degree(),
                                dCoords);
                    }
                });
            }
        };
    }

    /** The basis of one axis' values, {@code axisLength x terms}, into the scratch buffer. */
    private void fillAxisBasis(float[] values, int axis, int axisLength, int degree, float[] scratch) {
        int first = axis * axisLength;
        parallel.run(axisLength, 64, (from, to) -> {
            for (int v = from; v < to; v++) {
                ChebyshevKernels.basisRow(first + v, first, values, 1, degree, scratch);
            }
        });
    }

    private float[] axisBasisScratch(int axisLength, int degree) {
        int needed = axisLength * (degree + 1);
        if (basis.length < needed) {
            basis = new float[needed];
        }
        return basis;
    }

    /** table_i (axisLength x out) = basis_i (axisLength x terms) times coeff_i^T (terms x out). */
    private CpuStep axisTable(Op.ChebyshevAxisTable o) {
        float[] values = buffer(o.values()), coeff = buffer(o.coeff()), table = buffer(o.table());
        int outDim = o.outDim(), terms = o.degree() + 1, length = o.axisLength();
        return (rows, s) -> {
            float[] scratch = axisBasisScratch(length, o.degree());
            for (int i = 0; i < o.in(); i++) {
                fillAxisBasis(values, i, length, o.degree(), scratch);
                gemm.sgemm(false, true, length, outDim, terms, 1.0f, scratch, 0, terms, coeff, i * outDim * terms, terms,
                        0.0f, table, i * length * outDim, outDim);
            }
        };
    }

    /** dCoeff_i (out x terms) = dTable_i^T (out x axisLength) times basis_i (axisLength x terms). */
    private CpuStep axisCoeffGrad(Op.ChebyshevAxisCoeffGrad o) {
        float[] values = buffer(o.values()), dTable = buffer(o.dTable()), dCoeff = buffer(o.dCoeff());
        int outDim = o.outDim(), terms = o.degree() + 1, length = o.axisLength();
        return (rows, s) -> {
            float[] scratch = axisBasisScratch(length, o.degree());
            for (int i = 0; i < o.in(); i++) {
                fillAxisBasis(values, i, length, o.degree(), scratch);
                gemm.sgemm(true, false, outDim, terms, length, 1.0f, dTable, i * length * outDim, outDim, scratch, 0, terms,
                        0.0f, dCoeff, i * outDim * terms, terms);
            }
        };
    }
}
