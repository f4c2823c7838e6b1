package io.sl2a.backend.cpu;

import io.sl2a.kernels.LossKernels;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.Routine;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A routine run a chunk of rows at a time, each core through its own chunks. Why: at a batch of
 * 16,384 rows an activation of width 256 is 16 MiB, so every elementwise pass and every product
 * streams from memory, and every product is split across the cores and joined again. A chunk of a
 * few hundred rows keeps a layer's activations in the core's own cache from the product that makes
 * them to the one that reads them, and each core's products are single-threaded calls that never
 * wait for the other core.
 *
 * <pre>
 * before   the operations ahead of the first one on per-row buffers (the grid path's axis
 *          tables), over the whole program as usual
 * rows     each core takes a contiguous share of the chunks and runs every operation from the
 *          first on rows to the last on each of them, on chunk-sized copies of the per-row
 *          buffers (per-row inputs copied in, per-row outputs copied out). A fixed buffer these
 *          operations write is a sum over rows (a weight, bias or LayerNorm gradient, the scattered
 *          axis table, the running loss): each core adds all its chunks into its own copy, and
 *          the copies are summed into the buffer afterwards, onto its value before the routine
 *          when the first operation writing it accumulates
 * after    the rest (the axis coefficient gradient, Adam), as usual
 * </pre>
 *
 * Only operations known to be row-local (or such sums over rows) are chunked; a routine with any
 * other operation on rows, with a fixed buffer written on rows and read there, or with an operation
 * on fixed buffers only between operations on rows, runs whole ({@link #plan} returns null). The
 * chunked routine computes the same function; only the order of the sums over rows differs.
 */
final class RowChunkedRoutine {

    /** One operation on a chunk of {@code rows} rows of a batch of {@code totalRows}. */
    @FunctionalInterface
    private interface ChunkStep {
        void run(int rows, int totalRows, StepScalars scalars);
    }

    /** A per-row buffer that crosses the chunk boundary, with its row width. */
    private record RowBuffer(String name, int width) {
    }

    /** A fixed buffer written on rows: summed over the cores' copies, onto its old value or not. */
    private record Sum(String name, boolean ontoPrevious) {
    }

    /** How the rows phase treats an operation: local to its rows, or summing rows into fixed buffers. */
    private record Plan(Op op, Map<String, Boolean> sums) {
    }

    private final Map<String, float[]> buffers;
    private final ParallelFor parallel;
    private final Runnable beforeWorkers;
    private final OpProfile profile;
    private final int chunkRows;
    private final List<CpuStep> before;
    private final List<String> beforeNames;
    private final List<CpuStep> after;
    private final List<String> afterNames;
    private final List<Sum> sums;
    private final Worker[] workers;
    private final Set<String> leftInChunks;

    private RowChunkedRoutine(Map<String, float[]> buffers, ParallelFor parallel, Runnable beforeWorkers,
            OpProfile profile, int chunkRows, List<CpuStep> before, List<String> beforeNames, List<CpuStep> after,
            List<String> afterNames, List<Sum> sums, Worker[] workers, Set<String> leftInChunks) {
        this.buffers = buffers;
        this.parallel = parallel;
        this.beforeWorkers = beforeWorkers;
        this.profile = profile;
        this.chunkRows = chunkRows;
        this.before = before;
        this.beforeNames = beforeNames;
        this.after = after;
        this.afterNames = afterNames;
        this.sums = sums;
        this.workers = workers;
        this.leftInChunks = leftInChunks;
    }

    /**
     * The per-row buffers the rows phase writes but does not copy out (activations and their
     * gradients): after a chunked run their whole-batch arrays hold nothing of it.
     */
    Set<String> leftInChunks() {
        return leftInChunks;
    }

    int chunkRows() {
        return chunkRows;
    }

    int workers() {
        return workers.length;
    }

    /**
     * The chunked form of {@code routine}, or null when it does not have the shape above.
     * {@code wholeSteps} are the routine's operations compiled over the whole program (the
     * before and after phases reuse them); {@code singleGemm} gives each core a single-threaded
     * product for its chunks, and {@code beforeWorkers} readies it (OpenBLAS set to one thread).
     */
    static RowChunkedRoutine plan(Program program, Routine routine, Map<String, float[]> buffers,
            List<CpuStep> wholeSteps, ParallelFor parallel, Supplier<Sgemm> singleGemm, Runnable beforeWorkers,
            int chunkRows, OpProfile profile) {
        if (chunkRows < 1) {
            return null;
        }
        Map<String, BufferSpec> specs = program.buffers();
        List<Op> ops = routine.ops();
        int first = -1;
        int last = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (touchesRows(ops.get(i), specs)) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return null;
        }
        List<Plan> plans = new ArrayList<>();
        Map<String, Boolean> sumOntoPrevious = new LinkedHashMap<>();
        for (int i = first; i <= last; i++) {
            Plan plan = classify(ops.get(i), specs);
            if (plan == null) {
                return null;
            }
            plans.add(plan);
            plan.sums().forEach(sumOntoPrevious::putIfAbsent);
        }
        // A sum over rows is complete only after the last chunk: nothing on rows may read it
        // (but the operation adding into it).
        for (Plan plan : plans) {
            for (String read : plan.op().reads()) {
                if (sumOntoPrevious.containsKey(read) && !plan.sums().containsKey(read)) {
                    return null;
                }
            }
        }
        Set<String> rowBuffers = new HashSet<>();
        Set<String> written = new HashSet<>();
        Set<String> leftInChunks = new HashSet<>();
        List<RowBuffer> copyIn = new ArrayList<>();
        List<RowBuffer> copyOut = new ArrayList<>();
        for (Plan plan : plans) {
            for (String read : plan.op().reads()) {
                BufferSpec spec = specs.get(read);
                if (spec.rowWidth() > 0 && rowBuffers.add(read) && !written.contains(read)) {
                    copyIn.add(new RowBuffer(read, spec.rowWidth()));
                }
            }
            for (String write : plan.op().writes()) {
                BufferSpec spec = specs.get(write);
                if (spec.rowWidth() > 0) {
                    rowBuffers.add(write);
                    if (written.add(write)) {
                        if (spec.role() == BufferRole.OUTPUT) {
                            copyOut.add(new RowBuffer(write, spec.rowWidth()));
                        } else {
                            leftInChunks.add(write);
                        }
                    }
                }
            }
        }
        Worker[] workers = new Worker[parallel.threads()];
        ParallelFor serial = new ParallelFor(1);
        for (int w = 0; w < workers.length; w++) {
            Map<String, float[]> local = new HashMap<>(buffers);
            for (String name : rowBuffers) {
                local.put(name, new float[Math.multiplyExact(chunkRows, specs.get(name).rowWidth())]);
            }
            List<float[]> accumulators = new ArrayList<>();
            for (String name : sumOntoPrevious.keySet()) {
                float[] copy = new float[buffers.get(name).length];
                local.put(name, copy);
                accumulators.add(copy);
            }
            CpuOpCompiler compiler = new CpuOpCompiler(local, serial, singleGemm.get());
            List<ChunkStep> steps = new ArrayList<>();
            for (Plan plan : plans) {
                steps.add(chunkStep(plan.op(), compiler, local));
            }
            workers[w] = new Worker(buffers, local, steps, plans.stream().map(p -> OpProfile.label(p.op())).toList(),
                    accumulators, copyIn, copyOut, chunkRows, profile);
        }
        List<Sum> sums = sumOntoPrevious.entrySet().stream().map(e -> new Sum(e.getKey(), e.getValue())).toList();
        List<String> names = ops.stream().map(OpProfile::label).toList();
        return new RowChunkedRoutine(buffers, parallel, beforeWorkers, profile, chunkRows,
                wholeSteps.subList(0, first), names.subList(0, first), wholeSteps.subList(last + 1, ops.size()),
                names.subList(last + 1, ops.size()), sums, workers, Set.copyOf(leftInChunks));
    }

    private static boolean touchesRows(Op op, Map<String, BufferSpec> specs) {
        return !allFixed(op.reads(), specs) || !allFixed(op.writes(), specs);
    }

    private static boolean allFixed(List<String> names, Map<String, BufferSpec> specs) {
        return names.stream().noneMatch(n -> perRow(n, specs));
    }

    private static boolean perRow(String name, Map<String, BufferSpec> specs) {
        return specs.get(name).rowWidth() > 0;
    }

    private static boolean allPerRow(List<String> names, Map<String, BufferSpec> specs) {
        return names.stream().allMatch(n -> perRow(n, specs));
    }

    /**
     * The operation's part in the rows phase, or null when it cannot be chunked: row-local
     * operations write per-row buffers only; the sums over rows are listed with whether their
     * first write accumulates (onto the buffer's old value).
     */
    private static Plan classify(Op op, Map<String, BufferSpec> specs) {
        return switch (op) {
            case Op.ChebyshevForward o -> local(o, specs);
            case Op.GatherSum o -> local(o, specs);
            case Op.HashGridEncode o -> local(o, specs);
            case Op.LayerNormForward o -> local(o, specs);
            case Op.BiasActivation o -> local(o, specs);
            case Op.BiasActivationModulate o -> local(o, specs);
            case Op.ModulationBackward o -> local(o, specs);
            case Op.ReluBackward o -> local(o, specs);
            case Op.Multiply o -> local(o, specs);
            case Op.Copy o -> local(o, specs);
            case Op.PositionalEncoding o -> local(o, specs);
            case Op.BiasWave o -> local(o, specs);
            case Op.WaveBackward o -> local(o, specs);
            case Op.MseLoss o -> o.rows().isRows() ? local(o, specs) : null;
            case Op.MatMul o -> {
                boolean fixedN = !o.n().isRows();
                if (o.m().isRows() && fixedN && !o.k().isRows() && !o.transposeA() && perRow(o.a(), specs)
                        && !perRow(o.b(), specs) && perRow(o.c(), specs)) {
                    yield new Plan(o, Map.of());
                }
                if (o.k().isRows() && fixedN && !o.m().isRows() && o.transposeA() && !o.transposeB()
                        && perRow(o.a(), specs) && perRow(o.b(), specs) && !perRow(o.c(), specs)) {
                    yield new Plan(o, Map.of(o.c(), o.accumulate()));
                }
                yield null;
            }
            case Op.BiasGrad o -> sum(o, o.dY(), specs, Map.of(o.dBias(), o.accumulate()));
            case Op.AccumulateSum o -> sum(o, o.values(), specs, Map.of(o.total(), true));
            case Op.ScatterSum o -> perRow(o.index(), specs) ? sum(o, o.dOut(), specs, Map.of(o.dTable(), false)) : null;
            case Op.ChebyshevCoeffGrad o -> perRow(o.coords(), specs)
                    ? sum(o, o.dOut(), specs, Map.of(o.dCoeff(), false)) : null;
            case Op.LayerNormBackward o -> perRow(o.dX(), specs) && perRow(o.mean(), specs) && perRow(o.rstd(), specs)
                    && perRow(o.x(), specs) ? sum(o, o.dY(), specs, Map.of(o.dGamma(), false, o.dBeta(), false)) : null;
            default -> null;
        };
    }

    private static Plan local(Op op, Map<String, BufferSpec> specs) {
        return allPerRow(op.writes(), specs) ? new Plan(op, Map.of()) : null;
    }

    private static Plan sum(Op op, String rowsIn, Map<String, BufferSpec> specs, Map<String, Boolean> sums) {
        return allFixed(List.copyOf(sums.keySet()), specs) && perRow(rowsIn, specs) ? new Plan(op, sums) : null;
    }

    /** The operation bound to a core's buffers; sums over rows always add into the core's copies. */
    private static ChunkStep chunkStep(Op op, CpuOpCompiler compiler, Map<String, float[]> local) {
        return switch (op) {
            case Op.MatMul o when o.k().isRows() -> whole(compiler.compile(
                    new Op.MatMul(o.a(), true, o.b(), false, o.c(), o.m(), o.n(), o.k(), true)));
            case Op.BiasGrad o -> {
                float[] dY = local.get(o.dY()), dBias = local.get(o.dBias());
                float[] chunkSum = new float[o.width()];
                yield (rows, totalRows, s) -> {
                    // The chunk's own sum, then onto the core's (a short sum rounds better than a long one).
                    Arrays.fill(chunkSum, 0.0f);
                    VectorRows.addColumnSums(0, rows, dY, o.width(), chunkSum, 0);
                    VectorRows.addInto(dBias, 0, chunkSum, 0, chunkSum.length);
                };
            }
            case Op.ChebyshevCoeffGrad o -> whole(compiler.chebyshevCoeffGrad(o, true));
            case Op.MseLoss o -> {
                // The loss is a mean over the whole batch, not over the chunk.
                float[] pred = local.get(o.pred()), target = local.get(o.target());
                float[] dPred = local.get(o.dPred()), rowError = local.get(o.rowSquaredError());
                yield (rows, totalRows, s) -> {
                    float scale = 2.0f / ((float) totalRows * o.width());
                    for (int row = 0; row < rows; row++) {
                        LossKernels.mseRow(row, pred, target, o.width(), scale, dPred, rowError);
                    }
                };
            }
            case Op.ScatterSum o -> {
                float[] dOut = local.get(o.dOut()), index = local.get(o.index()), dTable = local.get(o.dTable());
                yield (rows, totalRows, s) -> VectorRows.scatterAddRows(0, rows, dOut, index, o.in(), o.outDim(),
                        o.axisLength(), dTable, 0);
            }
            case Op.LayerNormBackward o -> {
                float[] dY = local.get(o.dY()), x = local.get(o.x()), gamma = local.get(o.gamma());
                float[] mean = local.get(o.mean()), rstd = local.get(o.rstd()), dX = local.get(o.dX());
                float[] dGamma = local.get(o.dGamma()), dBeta = local.get(o.dBeta());
                int width = o.width();
                float[] chunkGamma = new float[width];
                float[] chunkBeta = new float[width];
                yield (rows, totalRows, s) -> {
                    Arrays.fill(chunkGamma, 0.0f);
                    Arrays.fill(chunkBeta, 0.0f);
                    VectorRows.addLayerNormParamGrads(0, rows, dY, x, mean, rstd, width, chunkGamma, chunkBeta, 0);
                    VectorRows.addInto(dGamma, 0, chunkGamma, 0, width);
                    VectorRows.addInto(dBeta, 0, chunkBeta, 0, width);
                    VectorRows.layerNormBackwardRows(0, rows, dY, x, gamma, mean, rstd, width, dX);
                };
            }
            default -> whole(compiler.compile(op));
        };
    }

    private static ChunkStep whole(CpuStep step) {
        return (rows, totalRows, s) -> step.run(rows, s);
    }

    void run(int rows, StepScalars scalars) {
        CpuProgram.runSteps(before, beforeNames, rows, scalars, profile);
        beforeWorkers.run();
        int chunks = (rows + chunkRows - 1) / chunkRows;
        parallel.run(workers.length, 1, (from, to) -> {
            for (int w = from; w < to; w++) {
                int firstChunk = (int) ((long) w * chunks / workers.length);
                int endChunk = (int) ((long) (w + 1) * chunks / workers.length);
                workers[w].run(firstChunk, endChunk, rows, scalars);
            }
        });
        for (int s = 0; s < sums.size(); s++) {
            Sum sum = sums.get(s);
            float[] target = buffers.get(sum.name());
            int index = s;
            parallel.run(target.length, 1 << 14, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float total = sum.ontoPrevious() ? target[i] : 0.0f;
                    for (Worker worker : workers) {
                        total += worker.accumulators.get(index)[i];
                    }
                    target[i] = total;
                }
            });
        }
        CpuProgram.runSteps(after, afterNames, rows, scalars, profile);
    }

    /** One core's chunk-sized buffers, its bound operations and its copies of the sums. */
    private static final class Worker {
        private final Map<String, float[]> buffers;
        private final Map<String, float[]> local;
        private final List<ChunkStep> steps;
        private final List<String> names;
        private final List<float[]> accumulators;
        private final List<RowBuffer> copyIn;
        private final List<RowBuffer> copyOut;
        private final int chunkRows;
        private final OpProfile profile;

        Worker(Map<String, float[]> buffers, Map<String, float[]> local, List<ChunkStep> steps, List<String> names,
                List<float[]> accumulators, List<RowBuffer> copyIn, List<RowBuffer> copyOut, int chunkRows,
                OpProfile profile) {
            this.buffers = buffers;
            this.local = local;
            this.steps = steps;
            this.names = names;
            this.accumulators = accumulators;
            this.copyIn = copyIn;
            this.copyOut = copyOut;
            this.chunkRows = chunkRows;
            this.profile = profile;
        }

        void run(int firstChunk, int endChunk, int totalRows, StepScalars scalars) {
            for (float[] accumulator : accumulators) {
                Arrays.fill(accumulator, 0.0f);
            }
            for (int chunk = firstChunk; chunk < endChunk; chunk++) {
                int firstRow = chunk * chunkRows;
                int rows = Math.min(chunkRows, totalRows - firstRow);
                for (RowBuffer in : copyIn) {
                    System.arraycopy(buffers.get(in.name()), firstRow * in.width(), local.get(in.name()), 0,
                            rows * in.width());
                }
                for (int i = 0; i < steps.size(); i++) {
                    long start = profile == null ? 0 : System.nanoTime();
                    steps.get(i).run(rows, totalRows, scalars);
                    if (profile != null) {
                        profile.add(names.get(i), System.nanoTime() - start);
                    }
                }
                for (RowBuffer out : copyOut) {
                    System.arraycopy(local.get(out.name()), 0, buffers.get(out.name()), firstRow * out.width(),
                            rows * out.width());
                }
            }
        }
    }
}
