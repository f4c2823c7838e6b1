package io.sl2a.backend.opencl;

import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.Routine;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.List;
import org.jocl.cl_command_queue;
import org.jocl.cl_mem;

/**
 * Binds each operation of a program to kernel launches on the device: arguments that do not
 * depend on the batch are set once here, the row-dependent ones at each run. Nothing is read back:
 * a routine is a sequence of enqueues on one in-order queue.
 */
final class OpenClOpBinder {
    /** Rows whose Chebyshev basis is held at once: bounds the scratch (no batch-sized basis). */
    static final int CHEBYSHEV_CHUNK_ROWS = 16384;
    /** Row chunks of the two-stage column sums: chunks x width work-items in the first stage. */
    static final int PARTIAL_CHUNKS = 64;
    /** Row chunks of the scatter, each with its own table, at most this many ... */
    static final int SCATTER_MAX_CHUNKS = 32;
    /** ... and at most this many floats of partial tables in all (64 MiB). */
    static final long SCATTER_PARTIAL_FLOATS = 16L << 20;

    /** One bound operation: enqueues its kernels for a batch of {@code rows} rows. */
    interface Step {
        void enqueue(int rows, StepScalars scalars);
    }

    /** Scratch floats a program needs beyond its own buffers. */
    record Scratch(long basisFloats, long partialFloats) {
        static Scratch of(Program program) {
            long basis = 0;
            long partial = 0;
            int maxRows = program.maxRows();
            for (Routine routine : program.routines().values()) {
                for (Op op : routine.ops()) {
                    switch (op) {
                        case Op.ChebyshevForward o -> basis = Math.max(basis, basisFloats(maxRows, o.in(), o.degree()));
                        case Op.ChebyshevCoeffGrad o -> basis = Math.max(basis, basisFloats(maxRows, o.in(), o.degree()));
                        case Op.BiasGrad o -> partial = Math.max(partial, (long) PARTIAL_CHUNKS * o.width());
                        case Op.LayerNormBackward o -> partial = Math.max(partial, (long) PARTIAL_CHUNKS * o.width());
                        case Op.ScatterSum o -> {
                            long table = tableSize(o);
                            partial = Math.max(partial, scatterChunks(table, maxRows) * table);
                        }
                        default -> {
                        }
                    }
                }
            }
            return new Scratch(basis, partial);
        }

        private static long basisFloats(int maxRows, int in, int degree) {
            return (long) Math.min(maxRows, CHEBYSHEV_CHUNK_ROWS) * in * (degree + 1);
        }
    }

    static long tableSize(Op.ScatterSum o) {
        return (long) o.in() * o.axisLength() * o.outDim();
    }

    static int scatterChunks(long tableSize, int maxRows) {
        long byMemory = Math.max(1, SCATTER_PARTIAL_FLOATS / Math.max(1, tableSize));
        return (int) Math.max(1, Math.min(Math.min(SCATTER_MAX_CHUNKS, byMemory), maxRows));
    }

    private final cl_command_queue queue;
    private final OpenClKernels kernels;
    private final OpenClBuffers buffers;
    private final OpenClGemm gemm;
    private final int maxRows;
    /** Every kernel object created, released with the program. */
    private final List<OpenClKernel> created = new ArrayList<>();

    OpenClOpBinder(cl_command_queue queue, OpenClKernels kernels, OpenClBuffers buffers, int maxRows) {
        this.queue = queue;
        this.kernels = kernels;
        this.buffers = buffers;
        this.gemm = new OpenClGemm(kernels.tile(), kernels.workPerThread());
        this.maxRows = maxRows;
    }

    List<OpenClKernel> created() {
        return created;
    }

    private OpenClKernel kernel(String name) {
        OpenClKernel kernel = kernels.create(name);
        created.add(kernel);
        return kernel;
    }

    private cl_mem buffer(String name) {
        return buffers.get(name);
    }

    Step bind(Op op) {
        return switch (op) {
            case Op.ChebyshevForward o -> chebyshevForward(o);
            case Op.ChebyshevCoeffGrad o -> chebyshevCoeffGrad(o);
            case Op.ChebyshevInputGrad o -> {
                OpenClKernel k = kernel("chebyshev_input_grad").arg(0, buffer(o.coords())).arg(1, buffer(o.coeff()))
                        .arg(2, buffer(o.dOut())).arg(3, o.in()).arg(4, o.outDim()).arg(5, o.degree())
                        .arg(6, buffer(o.dCoords()));
                yield (rows, s) -> counted(k, 7, rows * o.in());
            }
            case Op.LayerNormForward o -> {
                OpenClKernel k = kernel("layer_norm_forward").arg(0, buffer(o.x())).arg(1, buffer(o.gamma()))
                        .arg(2, buffer(o.beta())).arg(3, o.width()).arg(4, o.eps()).arg(5, buffer(o.y()))
                        .arg(6, buffer(o.mean())).arg(7, buffer(o.rstd()));
                yield (rows, s) -> counted(k, 8, rows);
            }
            case Op.LayerNormBackward o -> layerNormBackward(o);
            case Op.MatMul o -> {
                OpenClKernel k = kernel("gemm_tiled");
                cl_mem a = buffer(o.a()), b = buffer(o.b()), c = buffer(o.c());
                yield (rows, s) -> {
                    int m = o.m().resolve(rows), n = o.n().resolve(rows), kk = o.k().resolve(rows);
                    int lda = o.transposeA() ? m : kk;
                    int ldb = o.transposeB() ? kk : n;
                    gemm.enqueue(queue, k, o.transposeA(), o.transposeB(), m, n, kk, a, 0, lda, b, 0, ldb,
                            o.accumulate() ? 1.0f : 0.0f, c, 0, n);
                };
            }
            case Op.BiasActivation o -> {
                OpenClKernel k = kernel("bias_activation").arg(0, buffer(o.bias())).arg(1, o.width())
                        .arg(2, o.relu() ? 1 : 0).arg(3, buffer(o.y()));
                yield (rows, s) -> counted(k, 4, rows * o.width());
            }
            case Op.BiasActivationModulate o -> {
                OpenClKernel k = kernel("bias_activation_modulate").arg(0, buffer(o.bias())).arg(1, buffer(o.x()))
                        .arg(2, o.width()).arg(3, o.relu() ? 1 : 0).arg(4, buffer(o.y())).arg(5, buffer(o.z()));
                yield (rows, s) -> counted(k, 6, rows * o.width());
            }
            case Op.BiasGrad o -> {
                cl_mem partial = buffer(OpenClBuffers.PARTIAL_A);
                OpenClKernel first = kernel("column_sum_partial").arg(2, buffer(o.dY())).arg(3, o.width())
                        .arg(4, partial);
                OpenClKernel second = o.accumulate()
                        ? kernel("accumulate_partials").arg(0, partial).arg(1, PARTIAL_CHUNKS).arg(2, o.width())
                                .arg(3, buffer(o.dBias())).arg(4, o.width())
                        : reducePartials(partial, PARTIAL_CHUNKS, o.width(), buffer(o.dBias()));
                yield (rows, s) -> {
                    first.arg(0, chunkRows(rows, PARTIAL_CHUNKS)).arg(1, rows);
                    counted(first, 5, PARTIAL_CHUNKS * o.width());
                    second.launch(queue, o.width());
                };
            }
            case Op.ReluBackward o -> {
                OpenClKernel k = kernel("relu_backward").arg(0, buffer(o.y())).arg(1, buffer(o.dY()))
                        .arg(2, buffer(o.dX()));
                yield (rows, s) -> counted(k, 3, rows * o.width());
            }
            case Op.BiasWave o -> {
                OpenClKernel k = kernel("bias_wave").arg(0, buffer(o.bias())).arg(1, o.width()).arg(2, o.kind())
                        .arg(3, o.scale()).arg(4, buffer(o.pre())).arg(5, buffer(o.y()));
                yield (rows, s) -> counted(k, 6, rows * o.width());
            }
            case Op.PositionalEncoding o -> {
                OpenClKernel k = kernel("positional_encoding").arg(0, buffer(o.coords())).arg(1, o.in())
                        .arg(2, o.frequencies()).arg(3, buffer(o.out()));
                yield (rows, s) -> counted(k, 4, rows * o.in());
            }
            case Op.WaveBackward o -> {
                OpenClKernel k = kernel("wave_backward").arg(0, buffer(o.pre())).arg(1, buffer(o.dY())).arg(2, o.kind())
                        .arg(3, o.scale()).arg(4, buffer(o.dPre()));
                yield (rows, s) -> counted(k, 5, rows * o.width());
            }
            case Op.ComplexBlock o -> {
                int count = o.rows() * o.cols();
                OpenClKernel k = kernel("complex_block").arg(0, buffer(o.weight())).arg(1, o.cols())
                        .arg(2, buffer(o.block())).arg(3, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.ComplexBlockGrad o -> {
                int count = o.rows() * o.cols();
                OpenClKernel k = kernel("complex_block_grad").arg(0, buffer(o.dBlock())).arg(1, o.cols())
                        .arg(2, buffer(o.dWeight())).arg(3, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.ComplexGabor o -> {
                OpenClKernel k = kernel("complex_gabor").arg(0, buffer(o.pre())).arg(1, o.realInput() ? 1 : 0)
                        .arg(2, o.omega()).arg(3, o.sigma()).arg(4, buffer(o.y()));
                yield (rows, s) -> counted(k, 5, rows * o.width());
            }
            case Op.ComplexGaborBackward o -> {
                OpenClKernel k = kernel("complex_gabor_backward").arg(0, buffer(o.pre())).arg(1, buffer(o.y()))
                        .arg(2, buffer(o.dY())).arg(3, o.realInput() ? 1 : 0).arg(4, o.omega()).arg(5, o.sigma())
                        .arg(6, buffer(o.dPre()));
                yield (rows, s) -> counted(k, 7, rows * o.width());
            }
            case Op.RealPart o -> {
                OpenClKernel k = kernel("real_part").arg(0, buffer(o.z())).arg(1, buffer(o.y()));
                yield (rows, s) -> counted(k, 2, rows * o.width());
            }
            case Op.RealPartBackward o -> {
                OpenClKernel k = kernel("real_part_backward").arg(0, buffer(o.dY())).arg(1, buffer(o.dZ()));
                yield (rows, s) -> counted(k, 2, rows * o.width());
            }
            case Op.GaborWindow o -> {
                OpenClKernel k = kernel("gabor_window").arg(0, buffer(o.x())).arg(1, buffer(o.mu())).arg(2, buffer(o.gamma()))
                        .arg(3, o.in()).arg(4, o.out()).arg(5, buffer(o.distance())).arg(6, buffer(o.window()));
                yield (rows, s) -> counted(k, 7, rows * o.out());
            }
            case Op.GaborWindowBackward o -> {
                OpenClKernel k = kernel("gabor_window_backward").arg(0, buffer(o.dWindow())).arg(1, buffer(o.window()))
                        .arg(2, buffer(o.distance())).arg(3, buffer(o.a())).arg(4, buffer(o.ad()));
                yield (rows, s) -> counted(k, 5, rows * o.width());
            }
            case Op.GaborWindowParamGrad o -> {
                OpenClKernel k = kernel("gabor_window_param_grad").arg(0, buffer(o.mu())).arg(1, buffer(o.gamma()))
                        .arg(2, buffer(o.ax())).arg(3, buffer(o.columnA())).arg(4, buffer(o.columnAd())).arg(5, o.in())
                        .arg(6, buffer(o.dMu())).arg(7, buffer(o.dGamma())).arg(8, o.out());
                yield (rows, s) -> k.launch(queue, o.out());
            }
            case Op.BSplineBasis o -> {
                OpenClKernel k = kernel("bspline_basis").arg(0, buffer(o.x())).arg(1, o.in()).arg(2, o.gridSize())
                        .arg(3, o.lo()).arg(4, o.hi()).arg(5, buffer(o.basis()));
                yield (rows, s) -> counted(k, 6, rows * o.in());
            }
            case Op.BSplineInputGrad o -> {
                OpenClKernel k = kernel("bspline_input_grad").arg(0, buffer(o.x())).arg(1, buffer(o.dBasis())).arg(2, o.in())
                        .arg(3, o.gridSize()).arg(4, o.lo()).arg(5, o.hi()).arg(6, o.accumulate() ? 1 : 0)
                        .arg(7, buffer(o.dX()));
                yield (rows, s) -> counted(k, 8, rows * o.in());
            }
            case Op.Silu o -> {
                OpenClKernel k = kernel("silu").arg(0, buffer(o.x())).arg(1, buffer(o.y()));
                yield (rows, s) -> counted(k, 2, rows * o.width());
            }
            case Op.SiluBackward o -> {
                OpenClKernel k = kernel("silu_backward").arg(0, buffer(o.x())).arg(1, buffer(o.dY()))
                        .arg(2, o.accumulate() ? 1 : 0).arg(3, buffer(o.dX()));
                yield (rows, s) -> counted(k, 4, rows * o.width());
            }
            case Op.ScaleRows o -> {
                OpenClKernel k = kernel("scale_rows").arg(0, buffer(o.weight())).arg(1, buffer(o.scaler())).arg(2, o.length())
                        .arg(3, buffer(o.scaled())).arg(4, o.rows());
                yield (rows, s) -> k.launch(queue, o.rows());
            }
            case Op.ScaleRowsBackward o -> {
                OpenClKernel k = kernel("scale_rows_backward").arg(0, buffer(o.dScaled())).arg(1, buffer(o.weight()))
                        .arg(2, buffer(o.scaler())).arg(3, o.length()).arg(4, buffer(o.dWeight())).arg(5, buffer(o.dScaler()))
                        .arg(6, o.rows());
                yield (rows, s) -> k.launch(queue, o.rows());
            }
            case Op.Multiply o -> {
                OpenClKernel k = kernel("multiply").arg(0, buffer(o.a())).arg(1, buffer(o.b()))
                        .arg(2, o.accumulate() ? 1 : 0).arg(3, buffer(o.out()));
                yield (rows, s) -> counted(k, 4, rows * o.width());
            }
            case Op.ModulationBackward o -> {
                OpenClKernel k = kernel("modulation_backward").arg(0, buffer(o.dZ())).arg(1, buffer(o.x()))
                        .arg(2, buffer(o.yPrevious())).arg(3, o.accumulate() ? 1 : 0).arg(4, buffer(o.dX()))
                        .arg(5, buffer(o.dYPrevious()));
                yield (rows, s) -> counted(k, 6, rows * o.width());
            }
            case Op.Copy o -> {
                OpenClKernel k = kernel("copy").arg(0, buffer(o.source())).arg(1, buffer(o.destination()));
                yield (rows, s) -> counted(k, 2, rows * o.width());
            }
            case Op.ColumnCopy o -> {
                OpenClKernel k = kernel("column_copy").arg(0, buffer(o.src())).arg(1, o.srcWidth()).arg(2, o.srcOffset())
                        .arg(3, buffer(o.dst())).arg(4, o.dstWidth()).arg(5, o.dstOffset()).arg(6, o.width())
                        .arg(7, o.accumulate() ? 1 : 0);
                yield (rows, s) -> counted(k, 8, rows * o.width());
            }
            case Op.Im2col o -> {
                int count = o.channels() * o.kernel() * o.kernel() * positions(o.height(), o.width(), o.kernel(), o.stride(),
                        o.pad());
                OpenClKernel k = kernel("im2col").arg(0, buffer(o.x())).arg(1, o.height()).arg(2, o.width())
                        .arg(3, o.kernel()).arg(4, o.stride()).arg(5, o.pad()).arg(6, buffer(o.cols())).arg(7, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.Col2im o -> {
                int count = o.channels() * o.height() * o.width();
                OpenClKernel k = kernel("col2im").arg(0, buffer(o.dCols())).arg(1, o.height()).arg(2, o.width())
                        .arg(3, o.kernel()).arg(4, o.stride()).arg(5, o.pad()).arg(6, o.accumulate() ? 1 : 0)
                        .arg(7, buffer(o.dX())).arg(8, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.BatchNormForward o -> {
                // Without a residual the kernel reads none; x stands in for the argument.
                OpenClKernel k = kernel("batch_norm_forward").arg(0, buffer(o.x())).arg(1, buffer(o.gamma()))
                        .arg(2, buffer(o.beta())).arg(3, buffer(o.residual() == null ? o.x() : o.residual()))
                        .arg(4, o.residual() == null ? 0 : 1).arg(5, o.plane()).arg(6, o.eps()).arg(7, o.relu() ? 1 : 0)
                        .arg(8, buffer(o.y())).arg(9, buffer(o.mean())).arg(10, buffer(o.rstd())).arg(11, o.channels());
                yield (rows, s) -> k.launch(queue, o.channels());
            }
            case Op.BatchNormBackward o -> {
                // Without a residual gradient (mode 0) the kernel touches none; dX stands in for the argument.
                int residualMode = o.dResidual() == null ? 0 : o.accumulateResidual() ? 2 : 1;
                OpenClKernel k = kernel("batch_norm_backward").arg(0, buffer(o.dY())).arg(1, buffer(o.y()))
                        .arg(2, buffer(o.x())).arg(3, buffer(o.gamma())).arg(4, buffer(o.mean())).arg(5, buffer(o.rstd()))
                        .arg(6, o.plane()).arg(7, o.relu() ? 1 : 0).arg(8, residualMode).arg(9, buffer(o.dX()))
                        .arg(10, buffer(o.dGamma())).arg(11, buffer(o.dBeta()))
                        .arg(12, buffer(o.dResidual() == null ? o.dX() : o.dResidual())).arg(13, o.channels());
                yield (rows, s) -> k.launch(queue, o.channels());
            }
            case Op.BatchNormRunningStats o -> {
                OpenClKernel k = kernel("batch_norm_running_stats").arg(0, buffer(o.mean())).arg(1, buffer(o.rstd()))
                        .arg(2, o.plane()).arg(3, o.eps()).arg(4, o.momentum()).arg(5, buffer(o.runningMean()))
                        .arg(6, buffer(o.runningVar())).arg(7, o.channels());
                yield (rows, s) -> k.launch(queue, o.channels());
            }
            case Op.MaxPoolForward o -> {
                int count = o.channels() * positions(o.height(), o.width(), o.kernel(), o.stride(), o.pad());
                OpenClKernel k = kernel("max_pool_forward").arg(0, buffer(o.x())).arg(1, o.height()).arg(2, o.width())
                        .arg(3, o.kernel()).arg(4, o.stride()).arg(5, o.pad()).arg(6, buffer(o.y()))
                        .arg(7, buffer(o.argmax())).arg(8, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.MaxPoolBackward o -> {
                int count = o.channels() * o.height() * o.width();
                OpenClKernel k = kernel("max_pool_backward").arg(0, buffer(o.dY())).arg(1, buffer(o.argmax()))
                        .arg(2, o.height()).arg(3, o.width()).arg(4, o.kernel()).arg(5, o.stride()).arg(6, o.pad())
                        .arg(7, buffer(o.dX())).arg(8, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.VolumeRender o -> {
                OpenClKernel k = kernel("volume_render").arg(0, buffer(o.field())).arg(1, buffer(o.t()))
                        .arg(2, buffer(o.delta())).arg(3, o.samples()).arg(4, o.background()).arg(5, buffer(o.rgb()))
                        .arg(6, buffer(o.opacity())).arg(7, buffer(o.depth()));
                yield (rows, s) -> rays(k, 8, rows, o.samples());
            }
            case Op.VolumeRenderBackward o -> {
                OpenClKernel k = kernel("volume_render_backward").arg(0, buffer(o.field())).arg(1, buffer(o.delta()))
                        .arg(2, buffer(o.rgb())).arg(3, buffer(o.opacity())).arg(4, buffer(o.dRgb())).arg(5, o.samples())
                        .arg(6, o.background()).arg(7, buffer(o.dField()));
                yield (rows, s) -> rays(k, 8, rows, o.samples());
            }
            case Op.MseLoss o -> {
                OpenClKernel k = kernel("mse_row").arg(0, buffer(o.pred())).arg(1, buffer(o.target()))
                        .arg(2, o.width()).arg(4, buffer(o.dPred())).arg(5, buffer(o.rowSquaredError()));
                yield (rows, s) -> {
                    // The contract's scale, from the row count, rounded as the CPU backend does.
                    int count = o.rows().resolve(rows);
                    k.arg(3, 2.0f / ((float) count * o.width()));
                    counted(k, 6, count);
                };
            }
            case Op.AccumulateSum o -> {
                OpenClKernel k = kernel("accumulate_sum").arg(0, buffer(o.values())).arg(2, buffer(o.total()));
                yield (rows, s) -> {
                    k.arg(1, rows);
                    k.launch(queue, 1);
                };
            }
            case Op.SparseProduct o -> {
                OpenClKernel k = kernel("sparse_product").arg(0, buffer(o.rowStart())).arg(1, buffer(o.columns()))
                        .arg(2, buffer(o.values())).arg(3, buffer(o.x())).arg(4, o.channels()).arg(5, buffer(o.y()));
                yield (rows, s) -> counted(k, 6, o.outRows());
            }
            case Op.ChannelMean o -> {
                OpenClKernel k = kernel("channel_mean").arg(0, buffer(o.x())).arg(1, o.plane()).arg(2, buffer(o.y()))
                        .arg(3, o.channels());
                yield (rows, s) -> k.launch(queue, o.channels());
            }
            case Op.ChannelMeanBackward o -> {
                int count = o.channels() * o.plane();
                OpenClKernel k = kernel("channel_mean_backward").arg(0, buffer(o.dY())).arg(1, o.plane())
                        .arg(2, buffer(o.dX())).arg(3, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.DenseVector o -> {
                OpenClKernel k = kernel("dense_vector").arg(0, buffer(o.x())).arg(1, buffer(o.weight()))
                        .arg(2, buffer(o.bias())).arg(3, o.in()).arg(4, o.silu() ? 1 : 0).arg(5, buffer(o.pre()))
                        .arg(6, buffer(o.y())).arg(7, o.out());
                yield (rows, s) -> k.launch(queue, o.out());
            }
            case Op.DenseVectorBackward o -> denseVectorBackward(o);
            case Op.IncodeSine o -> {
                OpenClKernel k = kernel("incode_sine").arg(0, buffer(o.pre())).arg(1, buffer(o.coefficients()))
                        .arg(2, o.omega()).arg(3, buffer(o.y()));
                yield (rows, s) -> counted(k, 4, rows * o.width());
            }
            case Op.IncodeSineBackward o -> {
                OpenClKernel k = kernel("incode_sine_backward").arg(0, buffer(o.pre())).arg(1, buffer(o.y()))
                        .arg(2, buffer(o.coefficients())).arg(3, buffer(o.dY())).arg(4, o.width()).arg(5, o.omega())
                        .arg(6, buffer(o.dPre())).arg(7, buffer(o.rowCoefficientGrad()));
                yield (rows, s) -> counted(k, 8, rows);
            }
            case Op.CoefficientPenalty o -> {
                OpenClKernel k = kernel("coefficient_penalty").arg(0, buffer(o.coefficients())).arg(1, o.weightA())
                        .arg(2, o.weightB()).arg(3, o.weightC()).arg(4, o.weightD()).arg(5, buffer(o.dCoefficients()))
                        .arg(6, 4);
                yield (rows, s) -> k.launch(queue, 4);
            }
            case Op.AdamUpdate o -> {
                long length = buffers.length(o.param());
                OpenClKernel k = kernel("adam_update").arg(0, buffer(o.param())).arg(1, buffer(o.grad()))
                        .arg(2, buffer(o.m())).arg(3, buffer(o.v())).arg(5, o.beta1()).arg(6, o.oneMinusBeta1())
                        .arg(7, o.beta2()).arg(8, o.oneMinusBeta2()).arg(9, o.eps()).arg(11, (int) length);
                yield (rows, s) -> {
                    k.arg(4, s.adamStepSize()).arg(10, s.adamSqrtBiasCorrection2());
                    k.launch(queue, length);
                };
            }
            case Op.ChebyshevAxisTable o -> {
                int count = o.in() * o.axisLength() * o.outDim();
                OpenClKernel k = kernel("chebyshev_axis_table").arg(0, buffer(o.values())).arg(1, buffer(o.coeff()))
                        .arg(2, o.outDim()).arg(3, o.degree()).arg(4, o.axisLength()).arg(5, buffer(o.table()))
                        .arg(6, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.ChebyshevAxisCoeffGrad o -> {
                int count = o.in() * o.outDim() * (o.degree() + 1);
                OpenClKernel k = kernel("chebyshev_axis_coeff_grad").arg(0, buffer(o.values()))
                        .arg(1, buffer(o.dTable())).arg(2, o.outDim()).arg(3, o.degree()).arg(4, o.axisLength())
                        .arg(5, buffer(o.dCoeff())).arg(6, count);
                yield (rows, s) -> k.launch(queue, count);
            }
            case Op.GatherSum o -> {
                OpenClKernel k = kernel("gather_sum").arg(0, buffer(o.table())).arg(1, buffer(o.index()))
                        .arg(2, o.in()).arg(3, o.outDim()).arg(4, o.axisLength()).arg(5, buffer(o.out()));
                yield (rows, s) -> counted(k, 6, rows * o.outDim());
            }
            case Op.ScatterSum o -> scatterSum(o);
        };
    }

    /** Sets the trailing bound argument and launches that many work-items. */
    /** A launch over the batch's rays, {@code rows / samples} (none when the batch holds no whole ray). */
    private void rays(OpenClKernel kernel, int countArg, int rows, int samples) {
        if (rows >= samples) {
            counted(kernel, countArg, rows / samples);
        }
    }

    private void counted(OpenClKernel kernel, int countArg, int count) {
        kernel.arg(countArg, count).launch(queue, count);
    }

    /** The window positions of a convolution or pooling: outH * outW. */
    private static int positions(int height, int width, int kernel, int stride, int pad) {
        return ConvolutionKernels.outSize(height, kernel, stride, pad) * ConvolutionKernels.outSize(width, kernel, stride, pad);
    }

    private static int chunkRows(int rows, int chunks) {
        return (rows + chunks - 1) / chunks;
    }

    private OpenClKernel reducePartials(cl_mem partial, int chunks, int width, cl_mem out) {
        return kernel("reduce_partials").arg(0, partial).arg(1, chunks).arg(2, width).arg(3, out).arg(4, width);
    }

    private Step layerNormBackward(Op.LayerNormBackward o) {
        int width = o.width();
        cl_mem partialGamma = buffer(OpenClBuffers.PARTIAL_A), partialBeta = buffer(OpenClBuffers.PARTIAL_B);
        OpenClKernel params = kernel("layer_norm_param_grad_partial").arg(2, buffer(o.dY())).arg(3, buffer(o.x()))
                .arg(4, buffer(o.mean())).arg(5, buffer(o.rstd())).arg(6, width).arg(7, partialGamma)
                .arg(8, partialBeta);
        OpenClKernel gammaSum = reducePartials(partialGamma, PARTIAL_CHUNKS, width, buffer(o.dGamma()));
        OpenClKernel betaSum = reducePartials(partialBeta, PARTIAL_CHUNKS, width, buffer(o.dBeta()));
        OpenClKernel input = kernel("layer_norm_backward").arg(0, buffer(o.dY())).arg(1, buffer(o.x()))
                .arg(2, buffer(o.gamma())).arg(3, buffer(o.mean())).arg(4, buffer(o.rstd())).arg(5, width)
                .arg(6, buffer(o.dX()));
        return (rows, s) -> {
            params.arg(0, chunkRows(rows, PARTIAL_CHUNKS)).arg(1, rows);
            counted(params, 9, PARTIAL_CHUNKS * width);
            gammaSum.launch(queue, width);
            betaSum.launch(queue, width);
            counted(input, 7, rows);
        };
    }

    /**
     * Two passes on the in-order queue: per output (dPre, dBias, the weight row), then, when dX is
     * wanted, per input (the sum over outputs needs every dPre). Without the SiLU, pre is not read
     * and may be absent: dY stands in for it.
     */
    private Step denseVectorBackward(Op.DenseVectorBackward o) {
        cl_mem pre = o.pre() == null ? buffer(o.dY()) : buffer(o.pre());
        OpenClKernel outputs = kernel("dense_vector_backward_output").arg(0, buffer(o.dY())).arg(1, pre)
                .arg(2, buffer(o.x())).arg(3, o.in()).arg(4, o.silu() ? 1 : 0).arg(5, buffer(o.dPre()))
                .arg(6, buffer(o.dWeight())).arg(7, buffer(o.dBias())).arg(8, o.out());
        OpenClKernel inputs = o.dX() == null ? null
                : kernel("dense_vector_backward_input").arg(0, buffer(o.weight())).arg(1, buffer(o.dPre()))
                        .arg(2, o.in()).arg(3, o.out()).arg(4, buffer(o.dX())).arg(5, o.in());
        return (rows, s) -> {
            outputs.launch(queue, o.out());
            if (inputs != null) {
                inputs.launch(queue, o.in());
            }
        };
    }

    /** The chunk's basis: static arguments set once, the chunk's first row and size per launch. */
    private OpenClKernel basisKernel(String coords, int in, int degree) {
        return kernel("chebyshev_basis").arg(1, buffer(coords)).arg(2, in).arg(3, degree)
                .arg(4, buffer(OpenClBuffers.BASIS));
    }

    private void fillBasis(OpenClKernel basis, int in, int first, int chunkRows) {
        basis.arg(0, first);
        counted(basis, 5, chunkRows * in);
    }

    /** out = sum_i basis_i (rows x terms) times coeff_i^T (terms x out), a chunk of rows at a time. */
    private Step chebyshevForward(Op.ChebyshevForward o) {
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        OpenClKernel basis = basisKernel(o.coords(), in, o.degree());
        OpenClKernel product = kernel("gemm_tiled");
        cl_mem scratch = buffer(OpenClBuffers.BASIS), coeff = buffer(o.coeff()), out = buffer(o.out());
        int chunk = Math.min(maxRows, CHEBYSHEV_CHUNK_ROWS);
        return (rows, s) -> {
            for (int first = 0; first < rows; first += chunk) {
                int chunkRows = Math.min(chunk, rows - first);
                fillBasis(basis, in, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    gemm.enqueue(queue, product, false, true, chunkRows, outDim, terms, scratch, i * terms, in * terms,
                            coeff, i * outDim * terms, terms, i == 0 ? 0.0f : 1.0f, out, first * outDim, outDim);
                }
            }
        };
    }

    /** dCoeff_i (out x terms) = sum over chunks of dOut^T (out x rows) times basis_i (rows x terms). */
    private Step chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o) {
        int in = o.in(), outDim = o.outDim(), terms = o.degree() + 1;
        OpenClKernel basis = basisKernel(o.coords(), in, o.degree());
        OpenClKernel product = kernel("gemm_tiled");
        cl_mem scratch = buffer(OpenClBuffers.BASIS), dOut = buffer(o.dOut()), dCoeff = buffer(o.dCoeff());
        int chunk = Math.min(maxRows, CHEBYSHEV_CHUNK_ROWS);
        return (rows, s) -> {
            for (int first = 0; first < rows; first += chunk) {
                int chunkRows = Math.min(chunk, rows - first);
                fillBasis(basis, in, first, chunkRows);
                for (int i = 0; i < in; i++) {
                    gemm.enqueue(queue, product, true, false, outDim, terms, chunkRows, dOut, first * outDim, outDim,
                            scratch, i * terms, in * terms, first == 0 ? 0.0f : 1.0f, dCoeff, i * outDim * terms, terms);
                }
            }
        };
    }

    /** Per-chunk private tables (rows hit the table in random order), then the sum over chunks. */
    private Step scatterSum(Op.ScatterSum o) {
        long tableSize = tableSize(o);
        int chunks = scatterChunks(tableSize, maxRows);
        cl_mem partial = buffer(OpenClBuffers.PARTIAL_A);
        OpenClKernel first = kernel("scatter_sum_partial").arg(2, buffer(o.dOut())).arg(3, buffer(o.index()))
                .arg(4, o.in()).arg(5, o.outDim()).arg(6, o.axisLength()).arg(7, partial);
        OpenClKernel second = reducePartials(partial, chunks, (int) tableSize, buffer(o.dTable()));
        return (rows, s) -> {
            first.arg(0, chunkRows(rows, chunks)).arg(1, rows);
            counted(first, 8, chunks * o.outDim());
            second.launch(queue, tableSize);
        };
    }
}
