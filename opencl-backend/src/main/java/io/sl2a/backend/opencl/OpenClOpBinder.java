package io.sl2a.backend.opencl;

import io.sl2a.backend.OpBinders;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.Routine;
import io.sl2a.program.StepScalars;
import java.util.List;
import java.util.Set;
import org.jocl.cl_command_queue;

/**
 * Binds each operation of a program to kernel launches on the device, through the family that
 * declares it (one class a family: {@link OpenClChebyshevOps}, {@link OpenClDenseOps},
 * {@link OpenClNormOps}, {@link OpenClWaveOps}, {@link OpenClComplexOps}, {@link OpenClGridOps},
 * {@link OpenClConvOps}, {@link OpenClRenderOps}, {@link OpenClLossOps}, {@link OpenClOptimiserOps}):
 * arguments that do not depend on the batch are set once at binding, the row-dependent ones at
 * each run. Nothing is read back: a routine is a sequence of enqueues on one in-order queue. The
 * families share an {@link OpenClOpContext}.
 */
final class OpenClOpBinder {

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
                        case Op.ChebyshevCoeffGrad o -> basis = Math.max(basis, basisFloats(maxRows, o.in(),
                                o.degree()));
                        case Op.BiasGrad o -> partial = Math.max(partial, partialFloats(o.width()));
                        case Op.LayerNormBackward o -> partial = Math.max(partial, partialFloats(o.width()));
                        case Op.ScatterSum o -> {
                            long table = OpenClGridOps.tableSize(o);
                            partial = Math.max(partial, OpenClGridOps.scatterChunks(table, maxRows) * table);
                        }
                        default -> {
                        }
                    }
                }
            }
            return new Scratch(basis, partial);
        }

        private static long basisFloats(int maxRows, int in, int degree) {
            return (long) Math.min(maxRows, OpenClChebyshevOps.CHEBYSHEV_CHUNK_ROWS) * in * (degree + 1);
        }

        private static long partialFloats(int width) {
            return (long) OpenClOpContext.PARTIAL_CHUNKS * width;
        }
    }

    private final OpBinders<Step> binders = new OpBinders<>("OpenCL");
    private final OpenClOpContext context;

    OpenClOpBinder(cl_command_queue queue, OpenClKernels kernels, OpenClBuffers buffers, int maxRows) {
        this(new OpenClOpContext(queue, kernels, buffers, new OpenClGemm(kernels.tile(), kernels.workPerThread()),
                maxRows));
    }

    OpenClOpBinder(OpenClOpContext context) {
        this.context = context;
        new OpenClChebyshevOps(context).declare(binders);
        new OpenClDenseOps(context).declare(binders);
        new OpenClNormOps(context).declare(binders);
        new OpenClWaveOps(context).declare(binders);
        new OpenClComplexOps(context).declare(binders);
        new OpenClGridOps(context).declare(binders);
        new OpenClConvOps(context).declare(binders);
        new OpenClRenderOps(context).declare(binders);
        new OpenClLossOps(context).declare(binders);
        new OpenClOptimiserOps(context).declare(binders);
    }

    /** Every kernel object created, released with the program. */
    List<OpenClKernel> created() {
        return context.created();
    }

    Step bind(Op op) {
        return binders.bind(op);
    }

    /** The operation records some family binds. */
    Set<Class<? extends Op>> bound() {
        return binders.bound();
    }
}
