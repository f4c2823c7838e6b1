package io.sl2a.backend.tornado;

import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.OpBinders;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.Routine;
import io.sl2a.program.StepScalars;
import java.nio.BufferOverflowException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TaskPackage;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * A program on a TornadoVM device: one host {@code float[]} per program buffer, and per routine one
 * TaskGraph (or several, see below), built and JIT-compiled once, in its own {@link TornadoExecutionPlan}.
 *
 * <h2>Data flow</h2>
 * <pre>
 * graph "&lt;routine&gt;_&lt;program id&gt;", one task per kernel launch, named tNN_&lt;what&gt;_&lt;main buffer&gt;
 *   (e.g. train_step_3.t05_matmul_act_h1, train_step_3.t09_layernorm_backward_grad_a), preceded by
 *   keep_host_values_N tasks that make TornadoVM copy in every resident buffer (see TornadoTasks):
 *
 *   every execution, host -> device:  rows = int[1] {row count}, scalars = float[2] {Adam step size,
 *                                     sqrt(bias correction 2)}, and the routine's INPUT buffers that it
 *                                     only reads (coordinates, targets, grid indices: the batch)
 *   first execution, host -> device:  every other buffer the routine touches (parameters, Adam moments,
 *                                     gradients, activations, outputs) and the backend's partial-sum
 *                                     scratch buffers; they then stay on the device
 *   device -> host:                   only on demand ({@link #read}), the buffers the routine writes
 * </pre>
 *
 * <h2>Routines too large for one task graph</h2>
 * TornadoVM 5.2 sizes two structures of a task graph once and for all: the record of its tasks
 * (8 KiB: 15 bytes a task, 5 an argument) and the graph of nodes it builds from that record when the
 * plan compiles (1024 nodes: about four a buffer and two a task, see {@link #size}). INCODE's
 * train_step, 134 tasks, would take 8205 bytes and some 1500 nodes. A routine whose one graph would
 * not fit runs instead as consecutive graphs "&lt;routine&gt;_&lt;program id&gt;_partN" of one execution
 * plan, each holding as many whole operations as fit (an operation's tasks share its scratch
 * buffers). The parts share one device copy of every buffer, with TornadoVM's sharing between the
 * graphs of a plan:
 * <pre>
 *   partN:  declares the buffers its operations are the first to use (the rows: part0) with the
 *           transfers above, keep_host_values tasks and persistOnDevice, and its scratch buffers;
 *           consumeFromDevice("...partN-1", the buffers earlier parts declared that it or a later
 *           part uses); its tasks
 * </pre>
 * {@link #run} executes the parts in order ({@code withGraph(n)}). Before a part runs, TornadoVM
 * points the buffers it consumes at the device copies of the part executed just before it, which
 * declared them or consumed them in turn: each buffer has one device copy, its declaring part's. So
 * the buffers stay on the device between the parts and between executions, the batch goes over
 * once an execution, {@link #read} copies through the declaring part, and closing frees each copy
 * once. A routine that fits is the one graph above, as before.
 *
 * <h2>Keeping the copies consistent</h2>
 * Each routine's graph (or graphs, together) has its own device copy of the buffers it touches
 * (TornadoVM keeps device buffers per graph). For every buffer this class records whether the host copy is current and
 * which routines' device copies are current:
 * <ul>
 * <li>{@link #write}: the host copy becomes the only current one.</li>
 * <li>{@link #run}: after an execution, the buffers the routine wrote are current only on its device.
 *     Before an execution, every buffer the routine touches must be current on its device: if one
 *     is not (the host wrote it, or another routine changed it, e.g. {@code forward} after
 *     {@code train_step} updated the parameters), the buffers current only on this routine's device
 *     are first copied to the host, the current values of the others are fetched to the host from
 *     the routine that has them, and the plan's device memory is freed, so that the execution
 *     transfers everything again (TornadoVM rebuilds the plan's execution graph). Batch inputs are always transferred.</li>
 * <li>{@link #read}: fetches the buffer from the routine whose device copy is current, if the host's
 *     is not.</li>
 * </ul>
 * Training writes nothing to the device between steps (the trainer reads the running loss sum, it
 * does not reset it), so the resident buffers go over once; switching between {@code forward} and
 * {@code train_step} (rendering after training) costs one full re-upload.
 */
final class TornadoProgram implements CompiledProgram {
    /** Row chunks of the two-stage column sums (bias and LayerNorm parameter gradients), as on the cpu. */
    static final int PARTIAL_CHUNKS = 32;
    /** Row chunks of the grid path's scatter: one private table each. */
    static final int SCATTER_CHUNKS = 16;
    static final int ROWS_PER_COEFF_SLICE = 256;
    static final int MAX_COEFF_SLICES = 64;
    private static final AtomicInteger PROGRAM_IDS = new AtomicInteger();

    private final Program program;
    private final TornadoDevice device;
    private final int id = PROGRAM_IDS.incrementAndGet();
    private final Map<String, float[]> buffers = new LinkedHashMap<>();
    private final int[] rows = new int[1];
    private final float[] scalars = new float[2];
    /**
     * Fillers for the unused slots of {@link TornadoTasks#keepHostValues}: one per slot, because the
     * same array twice in one task (one of them written) makes TornadoVM's graph scheduler loop forever.
     */
    private final float[][] keepDummies = new float[TornadoTasks.KEEP_WIDTH][1];
    /** Buffers whose host copy is current. */
    private final Set<String> hostCurrent = new LinkedHashSet<>();
    private final Map<String, TornadoRoutineGraph> graphs = new LinkedHashMap<>();
    private final GraphLimits limits;
    /** What the families of operations share, and their binders ({@code Tornado*Ops}). */
    private final TornadoOpContext context;
    private final OpBinders<TornadoStep> binders = new OpBinders<>("tornado");

    /**
     * The sizes one TornadoVM task graph may not exceed: its recorded tasks, in bytes
     * ({@code TornadoTaskGraph.highLevelCode}), and the nodes of the graph TornadoVM builds from them
     * when a plan compiles ({@code TornadoGraph}, which cannot grow).
     */
    record GraphLimits(int codeBytes, int nodes) {
        static final GraphLimits TORNADO_5_2 = new GraphLimits(8192, 1024);
    }

    /**
     * What one task graph declares and runs: operations [from, to), the transfers around them, the
     * buffers it takes over from graph {@code consumeFrom} (null: none), the buffers its
     * keep_host_values tasks cover.
     */
    private record Layout(String graphName, int from, int to, List<Object> everyExecution, List<Object> firstExecution,
            List<float[]> kept, String consumeFrom, List<Object> consumed, List<Object> underDemand) {
    }

    TornadoProgram(Program program, TornadoDevice device) {
        this(program, device, GraphLimits.TORNADO_5_2);
    }

    /** With other limits on a graph's size: the tests split small programs with them. */
    TornadoProgram(Program program, TornadoDevice device, GraphLimits limits) {
        this.program = program;
        this.device = device;
        this.limits = limits;
        this.context = TornadoOpContext.of(program, buffers, rows, scalars, device);
        new TornadoChebyshevOps(context).declare(binders);
        new TornadoDenseOps(context).declare(binders);
        new TornadoNormOps(context).declare(binders);
        new TornadoWaveOps(context).declare(binders);
        new TornadoComplexOps(context).declare(binders);
        new TornadoGridOps(context).declare(binders);
        new TornadoConvOps(context).declare(binders);
        new TornadoRenderOps(context).declare(binders);
        new TornadoLossOps(context).declare(binders);
        new TornadoOptimiserOps(context).declare(binders);
        for (BufferSpec spec : program.buffers().values()) {
            buffers.put(spec.name(), new float[spec.length(program.maxRows())]);
            hostCurrent.add(spec.name());
        }
        try {
            for (Routine routine : program.routines().values()) {
                TornadoRoutineGraph graph = build(routine);
                graphs.put(routine.name(), graph);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public Program program() {
        return program;
    }

    /** Task names of each routine's graph(s), {@code graph.task}, in launch order. */
    Map<String, List<String>> taskNames() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        graphs.forEach((routine, graph) -> names.put(routine, graph.parts.stream()
                .flatMap(part -> part.taskNames().stream().map(t -> part.graphName() + "." + t)).toList()));
        return names;
    }

    private float[] buffer(String name) {
        return context.buffer(name);
    }

    // ---------------------------------------------------------------------------------------------
    // Host side

    @Override
    public void write(String buffer, float[] source, int sourceOffset, int length) {
        float[] target = buffer(buffer);
        if (length < target.length) {
            fetchToHost(buffer); // the rest of the buffer keeps its current values
        }
        System.arraycopy(source, sourceOffset, target, 0, length);
        hostCurrent.add(buffer);
        for (TornadoRoutineGraph graph : graphs.values()) {
            graph.deviceCurrent.remove(buffer);
        }
    }

    @Override
    public void read(String buffer, float[] destination, int destinationOffset, int length) {
        float[] source = buffer(buffer);
        fetchToHost(buffer);
        System.arraycopy(source, 0, destination, destinationOffset, length);
    }

    /** Makes the host copy current, copying from the device of the routine that has it. */
    private void fetchToHost(String buffer) {
        if (hostCurrent.contains(buffer)) {
            return;
        }
        for (TornadoRoutineGraph graph : graphs.values()) {
            if (graph.executed && graph.deviceCurrent.contains(buffer) && graph.written.contains(buffer)) {
                TornadoFailures.guard("copying " + buffer + " from " + graph.graphName,
                        () -> transferToHost(graph, buffer(buffer)));
                hostCurrent.add(buffer);
                return;
            }
        }
        throw new IllegalStateException("no current copy of buffer " + buffer);
    }

    /**
     * Copies a buffer from the routine's device. Of a split routine, only the graph that declares the
     * buffer holds it as its own (the later ones borrow that device copy), so the copy goes through it.
     */
    private static void transferToHost(TornadoRoutineGraph g, float[] values) {
        if (g.split()) {
            g.runnable.withGraph(g.owners.get(values));
        }
        g.lastResult.transferToHost(values);
    }

    @Override
    public void run(String routine, int rowCount, StepScalars stepScalars) {
        if (rowCount < 1 || rowCount > program.maxRows()) {
            throw new IllegalArgumentException("rows must be in 1.." + program.maxRows() + ": " + rowCount);
        }
        TornadoRoutineGraph graph = graphs.get(routine);
        if (graph == null) {
            throw new IllegalArgumentException("no routine named " + routine);
        }
        if (graph.executed && !graph.deviceCurrent.containsAll(graph.resident)) {
            // Save what only this device holds, then drop the device copies: the next execution
            // transfers every resident buffer again from the host.
            for (String name : graph.resident) {
                fetchToHost(name);
            }
            // A fresh pre-compiled plan over the same graph(s) (a pre-compiled plan cannot free its
            // device memory and start over).
            closePlan(graph);
            preparePlan(graph);
            graph.executed = false;
            graph.deviceCurrent.clear();
        }
        if (!graph.executed) {
            for (String name : graph.resident) {
                fetchToHost(name);
            }
        }
        for (String name : graph.streamed) {
            fetchToHost(name);
        }
        rows[0] = rowCount;
        scalars[0] = stepScalars.adamStepSize();
        scalars[1] = stepScalars.adamSqrtBiasCorrection2();
        execute(graph);
        graph.executed = true;
        graph.deviceCurrent.addAll(graph.resident);
        for (String name : graph.written) {
            hostCurrent.remove(name);
            for (TornadoRoutineGraph other : graphs.values()) {
                if (other != graph) {
                    other.deviceCurrent.remove(name);
                }
            }
        }
    }

    /** Runs the routine's graph, or its graphs in order: each takes the device buffers over from the one before. */
    private static void execute(TornadoRoutineGraph g) {
        if (!g.split()) {
            g.lastResult = TornadoFailures.guard("running " + g.graphName, g.runnable::execute);
            profile(g.lastResult);
            return;
        }
        for (int part = 0; part < g.parts.size(); part++) {
            int index = part;
            g.lastResult = TornadoFailures.guard("running " + g.parts.get(index).graphName(),
                    () -> g.runnable.withGraph(index).execute());
            profile(g.lastResult);
        }
    }

    private static void profile(TornadoExecutionResult result) {
        if (TornadoProfile.INSTANCE != null) {
            TornadoProfile.INSTANCE.record(result);
        }
    }

    @Override
    public void close() {
        for (TornadoRoutineGraph graph : graphs.values()) {
            closePlan(graph);
        }
        graphs.clear();
    }

    private static void closePlan(TornadoRoutineGraph graph) {
        if (graph.plan != null) {
            try {
                if (graph.split()) {
                    graph.plan.withAllGraphs(); // closing frees only the graphs selected last
                }
                graph.plan.close();
            } catch (Exception e) {
                // closing releases device memory; nothing more to do if it fails
            }
            graph.plan = null;
            graph.runnable = null;
        }
    }

    /** A plan for the graph on the backend's device, JIT-compiled now rather than at its first execution. */
    private void preparePlan(TornadoRoutineGraph g) {
        TornadoFailures.guard("compiling " + g.graphName, () -> {
            g.plan = new TornadoExecutionPlan(g.snapshots.toArray(ImmutableTaskGraph[]::new));
            TornadoExecutionPlan onDevice = g.plan.withDevice(device);
            if (g.hasGrids) {
                onDevice = onDevice.withGridScheduler(g.grids);
            }
            if (TornadoProfile.INSTANCE != null) {
                onDevice = onDevice.withProfiler(uk.ac.manchester.tornado.api.enums.ProfilerMode.SILENT);
            }
            g.runnable = onDevice.withPreCompilation();
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Graph construction

    static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_");
    }

    private TornadoRoutineGraph build(Routine routine) {
        TornadoRoutineGraph g = new TornadoRoutineGraph(sanitize(routine.name()) + "_" + id);
        sortBuffers(g, routine);
        List<Op> ops = routine.ops();
        for (int index = 0; index < ops.size(); index++) {
            addTasks(g, index, ops.get(index));
        }
        Layout whole = wholeLayout(g);
        if (size(g, whole).fits(limits)) {
            addGraph(g, whole);
        } else {
            split(g, routine);
        }
        preparePlan(g);
        return g;
    }

    /** Which buffers the routine streams every execution, keeps on the device, and writes. */
    private void sortBuffers(TornadoRoutineGraph g, Routine routine) {
        Set<String> everWritten = new LinkedHashSet<>();
        for (Op op : routine.ops()) {
            everWritten.addAll(op.writes());
        }
        for (Op op : routine.ops()) {
            for (String name : op.reads()) {
                if (program.buffer(name).role() == BufferRole.INPUT && !everWritten.contains(name)) {
                    g.streamed.add(name);
                } else {
                    g.resident.add(name);
                }
            }
            g.resident.addAll(op.writes());
            g.written.addAll(op.writes());
        }
        g.shared.add(rows);
        g.shared.add(scalars);
        g.shared.addAll(arrays(g.streamed));
        g.shared.addAll(arrays(g.resident));
        for (int i = 0; i < g.shared.size(); i++) {
            g.sharedIndex.put(g.shared.get(i), i);
        }
    }

    /** The routine as one task graph (when it fits): every buffer and every task. */
    private Layout wholeLayout(TornadoRoutineGraph g) {
        List<Object> everyExecution = new ArrayList<>(List.of(rows, scalars));
        everyExecution.addAll(arrays(g.streamed));
        List<Object> firstExecution = new ArrayList<>(arrays(g.resident));
        firstExecution.addAll(g.scratch(0, g.operations.size()));
        firstExecution.addAll(List.of((Object[]) keepDummies));
        return new Layout(g.graphName, 0, g.operations.size(), everyExecution, firstExecution, arrays(g.resident),
                null, List.of(), new ArrayList<>(arrays(g.written)));
    }

    /**
     * Splits a routine too large for one task graph into consecutive graphs, each as many whole
     * operations as fit (see the class comment).
     */
    private void split(TornadoRoutineGraph g, Routine routine) {
        BitSet usedBefore = new BitSet();
        int count = g.operations.size();
        for (int from = 0, part = 0; from < count; part++) {
            int to = from;
            while (to < count && size(g, partLayout(g, part, usedBefore, from, to + 1)).fits(limits)) {
                to++;
            }
            if (to == from) {
                throw new IllegalStateException("tornado: routine " + routine.name() + ": operation " + from
                        + " alone is more than one TornadoVM task graph holds; run this model on cpu or opencl");
            }
            Layout layout = partLayout(g, part, usedBefore, from, to);
            for (Object object : layout.underDemand()) {
                g.owners.put(object, part);
            }
            addGraph(g, layout);
            usedBefore.or(g.uses(from, to));
            from = to;
        }
    }

    /**
     * Part {@code part} of a split routine, operations [from, to): it declares the shared buffers its
     * operations are the first to use, as the whole graph would (the rows in part 0), and persists
     * them; it takes over from the part before it those used before and needed from now on.
     */
    private Layout partLayout(TornadoRoutineGraph g, int part, BitSet usedBefore, int from, int to) {
        BitSet introduced = g.uses(from, to);
        introduced.andNot(usedBefore);
        BitSet carried = g.uses(from, g.operations.size());
        carried.and(usedBefore);
        List<Object> everyExecution = new ArrayList<>();
        List<float[]> kept = new ArrayList<>();
        introduced.stream().forEach(i -> {
            if (i < g.firstResident()) {
                everyExecution.add(g.shared.get(i));
            } else {
                kept.add((float[]) g.shared.get(i));
            }
        });
        List<Object> firstExecution = new ArrayList<>(kept);
        firstExecution.addAll(g.scratch(from, to));
        if (!kept.isEmpty()) {
            firstExecution.addAll(List.of((Object[]) keepDummies));
        }
        return new Layout(g.partName(part), from, to, everyExecution, firstExecution, kept,
                part == 0 ? null : g.partName(part - 1), g.shared(carried), g.shared(introduced));
    }

    private List<float[]> arrays(Set<String> names) {
        return names.stream().map(this::buffer).toList();
    }

    /** Builds the layout's task graph and records it: its worker grids, its task names, its snapshot. */
    private void addGraph(TornadoRoutineGraph g, Layout layout) {
        TaskGraph tg = new TaskGraph(layout.graphName());
        if (!layout.everyExecution().isEmpty()) {
            tg.transferToDevice(DataTransferMode.EVERY_EXECUTION, layout.everyExecution().toArray());
        }
        if (!layout.firstExecution().isEmpty()) {
            tg.transferToDevice(DataTransferMode.FIRST_EXECUTION, layout.firstExecution().toArray());
        }
        if (!layout.consumed().isEmpty()) {
            tg.consumeFromDevice(layout.consumeFrom(), layout.consumed().toArray());
        }
        List<String> names = new ArrayList<>();
        try {
            for (TornadoOperation.Task task : keepHostValues(layout.kept())) {
                tg.addTask(task.packaged().get());
                names.add(task.name());
            }
            for (TornadoOperation operation : g.operations.subList(layout.from(), layout.to())) {
                for (TornadoOperation.Task task : operation.tasks) {
                    tg.addTask(task.packaged().get());
                    names.add(task.name());
                    if (task.grid() != null) {
                        g.grids.addWorkerGrid(layout.graphName() + "." + task.name(), task.grid());
                        g.hasGrids = true;
                    }
                }
            }
        } catch (BufferOverflowException e) {
            throw new IllegalStateException("tornado: graph " + layout.graphName() + " (" + names.size()
                    + " tasks) overflowed TornadoVM's task graph buffer, which it was sized to fit", e);
        }
        if (!layout.underDemand().isEmpty()) {
            tg.transferToHost(DataTransferMode.UNDER_DEMAND, layout.underDemand().toArray());
        }
        g.parts.add(new TornadoRoutineGraph.Part(layout.graphName(), List.copyOf(names)));
        g.snapshots.add(tg.snapshot());
    }

    /**
     * A graph's first tasks: {@link TornadoTasks#keepHostValues} over the given buffers, so that
     * TornadoVM copies every one of them in (it would only allocate a buffer that no task reads).
     * Unused slots get one-float dummies.
     */
    private List<TornadoOperation.Task> keepHostValues(List<float[]> kept) {
        List<TornadoOperation.Task> tasks = new ArrayList<>();
        int width = TornadoTasks.KEEP_WIDTH;
        for (int first = 0, part = 0; first < kept.size(); first += width, part++) {
            float[][] b = new float[width][];
            for (int k = 0; k < width; k++) {
                b[k] = first + k < kept.size() ? kept.get(first + k) : keepDummies[k];
            }
            String taskName = "keep_host_values_" + part;
            Supplier<TaskPackage> packaged = () -> createPackage(taskName, TornadoTasks::keepHostValues, rows,
                    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11]);
            tasks.add(new TornadoOperation.Task(taskName, packaged, TornadoOperation.arguments(packaged.get()), null));
        }
        return tasks;
    }

    /**
     * The layout's size as {@link GraphLimits} measures it. TornadoVM 5.2 records 15 bytes a task and
     * 5 an argument; its {@code TornadoGraphBuilder} adds a node per constant (distinct value) and per
     * object (declared, consumed or passed), two per task, two per object a task uses, one per argument
     * a task writes and two per streamed object no task uses. Which arguments a task writes only
     * TornadoVM's sketch of it knows: counted here are all those its operation writes somewhere (and
     * its scratch), so the nodes are counted from above (by 0 to 2% on the programs of the tests).
     */
    private TornadoGraphSize size(TornadoRoutineGraph g, Layout layout) {
        TornadoGraphSize size = new TornadoGraphSize();
        size.declare(layout.everyExecution());
        size.stream(layout.everyExecution());
        size.declare(layout.firstExecution());
        size.declare(layout.consumed());
        size.declare(layout.underDemand());
        Set<Object> keptWritable = identitySet();
        keptWritable.addAll(layout.kept());
        keptWritable.addAll(List.of((Object[]) keepDummies));
        for (TornadoOperation.Task task : keepHostValues(layout.kept())) {
            size.task(task.arguments(), keptWritable);
        }
        for (TornadoOperation operation : g.operations.subList(layout.from(), layout.to())) {
            for (TornadoOperation.Task task : operation.tasks) {
                size.task(task.arguments(), operation.writable);
            }
        }
        return size;
    }

    static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * Row slices of the split-k Chebyshev coefficient gradient for batches of up to
     * {@code maxRows}: one per {@value #ROWS_PER_COEFF_SLICE} rows, at most {@value #MAX_COEFF_SLICES}
     * (at 16,384 rows and SL2A's 2 x 256 pairs: 32,768 work-items of 256 rows each, where the plain
     * task has 512 of 16,384).
     */
    static int coeffGradSlices(int maxRows) {
        return Math.max(1, Math.min(MAX_COEFF_SLICES, (maxRows + ROWS_PER_COEFF_SLICE - 1) / ROWS_PER_COEFF_SLICE));
    }

    /**
     * The tasks of one operation, bound by the family that declares it ({@link TornadoChebyshevOps},
     * {@link TornadoDenseOps}, {@link TornadoNormOps}, {@link TornadoWaveOps}, {@link TornadoComplexOps},
     * {@link TornadoGridOps}, {@link TornadoConvOps}, {@link TornadoRenderOps}, {@link TornadoLossOps},
     * {@link TornadoOptimiserOps}): the bodies the cpu backend runs, over the same ranges. A buffer
     * named twice by one operation would be the same array twice in one task, which TornadoVM's graph
     * scheduler does not handle (it loops forever); the forms programs use (the in-place ReLU, wave
     * and complex Gabor backwards, a product of a buffer with itself) have their own wrappers, any
     * other is refused.
     */
    private void addTasks(TornadoRoutineGraph g, int index, Op op) {
        TornadoOperation.refuseAliases(op);
        TornadoOperation operation = new TornadoOperation(index);
        for (String written : op.writes()) {
            operation.writable.add(buffer(written));
        }
        g.operations.add(operation);
        binders.bind(op).addTo(operation);
    }
}
