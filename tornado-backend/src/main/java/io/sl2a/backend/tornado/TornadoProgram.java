package io.sl2a.backend.tornado;

import static uk.ac.manchester.tornado.api.common.TaskPackage.createPackage;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.Routine;
import io.sl2a.program.StepScalars;
import java.nio.BufferOverflowException;
import java.util.ArrayList;
import java.util.Arrays;
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
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.common.TaskPackage;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

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
    /**
     * The products: {@code kernelcontext} (default: {@link TornadoGemm}, tiled in local memory, where
     * the device fits it) or {@code loop} (one row of C per work-item, {@link TornadoTasks#matMul}: the
     * baseline for measurements). System property {@code sl2a.tornado.gemm}.
     */
    static final String GEMM_PROPERTY = "sl2a.tornado.gemm";
    /**
     * The column reductions (BiasGrad, LayerNorm's parameter gradients, AccumulateSum, the split-k
     * Chebyshev coefficient gradient): {@code kernelcontext} (default: {@link TornadoReduce}, a tree
     * in local memory per work-group, where the device fits it, in the layout for its kind: coalesced
     * on a GPU, sliced elsewhere), {@code sliced} or {@code coalesced} (that layout whatever the
     * device), or {@code loop} (the two-stage chunk loops of {@link TornadoTasks}: the baseline for
     * measurements). System property {@code sl2a.tornado.reduce}.
     */
    static final String REDUCE_PROPERTY = "sl2a.tornado.reduce";
    /** Split-k of the products with a long k: see {@link #kSlices}. System property {@code sl2a.tornado.splitk}. */
    static final String SPLIT_K_PROPERTY = "sl2a.tornado.splitk";
    static final int K_PER_SLICE = 512;
    static final int MAX_K_SLICES = 32;
    /** Tiles of C below which a GPU has too few work-groups for the product alone (an H200 has 132 SMs). */
    static final int SPLIT_BELOW_GROUPS = 256;

    private static final AtomicInteger PROGRAM_IDS = new AtomicInteger();

    private final Program program;
    private final TornadoDevice device;
    private final int id = PROGRAM_IDS.incrementAndGet();
    private final boolean tiledGemm;
    private final boolean localReduce;
    /** The column sums' layout where {@link #localReduce}. */
    private final TornadoReduce.Layout reduceLayout;
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
    private final Map<String, RoutineGraph> graphs = new LinkedHashMap<>();
    private final GraphLimits limits;

    /**
     * The sizes one TornadoVM task graph may not exceed: its recorded tasks, in bytes
     * ({@code TornadoTaskGraph.highLevelCode}), and the nodes of the graph TornadoVM builds from them
     * when a plan compiles ({@code TornadoGraph}, which cannot grow).
     */
    record GraphLimits(int codeBytes, int nodes) {
        static final GraphLimits TORNADO_5_2 = new GraphLimits(8192, 1024);
    }

    /**
     * One task: its name in the graph, its package (a fresh one for every graph it goes into), its
     * arguments (for sizing graphs) and its worker grid (KernelContext tasks; else null).
     */
    private record Task(String name, Supplier<TaskPackage> packaged, Object[] arguments, WorkerGrid grid) {
    }

    /**
     * The tasks of one operation, the scratch buffers they share, and what they may write (for
     * sizing graphs): a routine is split between operations, never inside one.
     */
    private static final class Operation {
        final List<Task> tasks = new ArrayList<>();
        final List<Object> scratch = new ArrayList<>();
        final Set<Object> writable = identitySet();
    }

    /**
     * What one task graph declares and runs: operations [from, to), the transfers around them, the
     * buffers it takes over from graph {@code consumeFrom} (null: none), the buffers its
     * keep_host_values tasks cover.
     */
    private record Layout(String graphName, int from, int to, List<Object> everyExecution, List<Object> firstExecution,
            List<float[]> kept, String consumeFrom, List<Object> consumed, List<Object> underDemand) {
    }

    /** One TornadoVM task graph of a routine: its name and its tasks, in launch order. */
    private record Part(String graphName, List<String> taskNames) {
    }

    /** One routine's graph(s) and plan, and which of its device copies are current. */
    private static final class RoutineGraph {
        final String graphName;
        /** Buffers transferred on the first execution (read or written by the routine). */
        final Set<String> resident = new LinkedHashSet<>();
        /** Read-only INPUT buffers transferred every execution. */
        final Set<String> streamed = new LinkedHashSet<>();
        final Set<String> written = new LinkedHashSet<>();
        /** Resident buffers whose copy on this graph's device is current (meaningful once executed). */
        final Set<String> deviceCurrent = new LinkedHashSet<>();
        final List<Operation> operations = new ArrayList<>();
        /**
         * What a split routine's graphs share, in declaration order: the rows (at {@link #ROWS}), the
         * scalars, the streamed buffers, the resident ones (from {@link #firstResident}); and each
         * one's position in that list.
         */
        static final int ROWS = 0;
        final List<Object> shared = new ArrayList<>();
        final Map<Object, Integer> sharedIndex = new IdentityHashMap<>();
        /** The graphs, run in this order: one, unless the routine does not fit one (see the class comment). */
        final List<Part> parts = new ArrayList<>();
        /** Of a split routine: the graph that declares each buffer (its device copy is that graph's). */
        final Map<Object, Integer> owners = new IdentityHashMap<>();
        final List<ImmutableTaskGraph> snapshots = new ArrayList<>();
        /** Worker grids of the KernelContext tasks, by {@code graph.task}. */
        final GridScheduler grids = new GridScheduler();
        boolean hasGrids;
        TornadoExecutionPlan plan;
        TornadoExecutionPlan runnable;
        TornadoExecutionResult lastResult;
        boolean executed;

        RoutineGraph(String graphName) {
            this.graphName = graphName;
        }

        boolean split() {
            return parts.size() > 1;
        }

        int firstResident() {
            return 2 + streamed.size();
        }
    }

    TornadoProgram(Program program, TornadoDevice device) {
        this(program, device, GraphLimits.TORNADO_5_2);
    }

    /** With other limits on a graph's size: the tests split small programs with them. */
    TornadoProgram(Program program, TornadoDevice device, GraphLimits limits) {
        this.program = program;
        this.device = device;
        this.limits = limits;
        String gemm = System.getProperty(GEMM_PROPERTY, "kernelcontext");
        if (!gemm.equals("kernelcontext") && !gemm.equals("loop")) {
            throw new IllegalArgumentException(GEMM_PROPERTY + " must be kernelcontext or loop: " + gemm);
        }
        this.tiledGemm = gemm.equals("kernelcontext") && TornadoGemm.fits(device);
        this.reduceLayout = reduceLayout(device);
        this.localReduce = reduceLayout != null;
        for (BufferSpec spec : program.buffers().values()) {
            buffers.put(spec.name(), new float[spec.length(program.maxRows())]);
            hostCurrent.add(spec.name());
        }
        try {
            for (Routine routine : program.routines().values()) {
                RoutineGraph graph = build(routine);
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
        float[] values = buffers.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return values;
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
        for (RoutineGraph graph : graphs.values()) {
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
        for (RoutineGraph graph : graphs.values()) {
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
    private static void transferToHost(RoutineGraph g, float[] values) {
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
        RoutineGraph graph = graphs.get(routine);
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
            for (RoutineGraph other : graphs.values()) {
                if (other != graph) {
                    other.deviceCurrent.remove(name);
                }
            }
        }
    }

    /** Runs the routine's graph, or its graphs in order: each takes the device buffers over from the one before. */
    private static void execute(RoutineGraph g) {
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
        for (RoutineGraph graph : graphs.values()) {
            closePlan(graph);
        }
        graphs.clear();
    }

    private static void closePlan(RoutineGraph graph) {
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
    private void preparePlan(RoutineGraph g) {
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

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_");
    }

    private RoutineGraph build(Routine routine) {
        RoutineGraph g = new RoutineGraph(sanitize(routine.name()) + "_" + id);
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
    private void sortBuffers(RoutineGraph g, Routine routine) {
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
    private Layout wholeLayout(RoutineGraph g) {
        List<Object> everyExecution = new ArrayList<>(List.of(rows, scalars));
        everyExecution.addAll(arrays(g.streamed));
        List<Object> firstExecution = new ArrayList<>(arrays(g.resident));
        firstExecution.addAll(scratch(g, 0, g.operations.size()));
        firstExecution.addAll(List.of((Object[]) keepDummies));
        return new Layout(g.graphName, 0, g.operations.size(), everyExecution, firstExecution, arrays(g.resident),
                null, List.of(), new ArrayList<>(arrays(g.written)));
    }

    /**
     * Splits a routine too large for one task graph into consecutive graphs, each as many whole
     * operations as fit (see the class comment).
     */
    private void split(RoutineGraph g, Routine routine) {
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
            usedBefore.or(uses(g, from, to));
            from = to;
        }
    }

    private static String partName(RoutineGraph g, int part) {
        return g.graphName + "_part" + part;
    }

    /**
     * Part {@code part} of a split routine, operations [from, to): it declares the shared buffers its
     * operations are the first to use, as the whole graph would (the rows in part 0), and persists
     * them; it takes over from the part before it those used before and needed from now on.
     */
    private Layout partLayout(RoutineGraph g, int part, BitSet usedBefore, int from, int to) {
        BitSet introduced = uses(g, from, to);
        introduced.andNot(usedBefore);
        BitSet carried = uses(g, from, g.operations.size());
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
        firstExecution.addAll(scratch(g, from, to));
        if (!kept.isEmpty()) {
            firstExecution.addAll(List.of((Object[]) keepDummies));
        }
        return new Layout(partName(g, part), from, to, everyExecution, firstExecution, kept,
                part == 0 ? null : partName(g, part - 1), shared(g, carried), shared(g, introduced));
    }

    /** The shared objects operations [from, to) pass to their tasks, and the rows (used by every part). */
    private static BitSet uses(RoutineGraph g, int from, int to) {
        BitSet uses = new BitSet();
        uses.set(RoutineGraph.ROWS);
        for (Operation operation : g.operations.subList(from, to)) {
            for (Task task : operation.tasks) {
                for (Object argument : task.arguments()) {
                    Integer index = g.sharedIndex.get(argument);
                    if (index != null) {
                        uses.set(index);
                    }
                }
            }
        }
        return uses;
    }

    private static List<Object> shared(RoutineGraph g, BitSet indices) {
        return indices.stream().mapToObj(g.shared::get).toList();
    }

    private List<float[]> arrays(Set<String> names) {
        return names.stream().map(this::buffer).toList();
    }

    /** The scratch buffers of operations [from, to). */
    private static List<Object> scratch(RoutineGraph g, int from, int to) {
        List<Object> scratch = new ArrayList<>();
        for (Operation operation : g.operations.subList(from, to)) {
            scratch.addAll(operation.scratch);
        }
        return scratch;
    }

    /** Builds the layout's task graph and records it: its worker grids, its task names, its snapshot. */
    private void addGraph(RoutineGraph g, Layout layout) {
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
            for (Task task : keepHostValues(layout.kept())) {
                tg.addTask(task.packaged().get());
                names.add(task.name());
            }
            for (Operation operation : g.operations.subList(layout.from(), layout.to())) {
                for (Task task : operation.tasks) {
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
        g.parts.add(new Part(layout.graphName(), List.copyOf(names)));
        g.snapshots.add(tg.snapshot());
    }

    /**
     * A graph's first tasks: {@link TornadoTasks#keepHostValues} over the given buffers, so that
     * TornadoVM copies every one of them in (it would only allocate a buffer that no task reads).
     * Unused slots get one-float dummies.
     */
    private List<Task> keepHostValues(List<float[]> kept) {
        List<Task> tasks = new ArrayList<>();
        int width = TornadoTasks.KEEP_WIDTH;
        for (int first = 0, part = 0; first < kept.size(); first += width, part++) {
            float[][] b = new float[width][];
            for (int k = 0; k < width; k++) {
                b[k] = first + k < kept.size() ? kept.get(first + k) : keepDummies[k];
            }
            String taskName = "keep_host_values_" + part;
            Supplier<TaskPackage> packaged = () -> createPackage(taskName, TornadoTasks::keepHostValues, rows,
                    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11]);
            tasks.add(new Task(taskName, packaged, arguments(packaged.get()), null));
        }
        return tasks;
    }

    /** A task's arguments (its package's parameters less the method). */
    private static Object[] arguments(TaskPackage packaged) {
        Object[] parameters = packaged.getTaskParameters();
        return Arrays.copyOfRange(parameters, 1, parameters.length);
    }

    /**
     * The layout's size as {@link GraphLimits} measures it. TornadoVM 5.2 records 15 bytes a task and
     * 5 an argument; its {@code TornadoGraphBuilder} adds a node per constant (distinct value) and per
     * object (declared, consumed or passed), two per task, two per object a task uses, one per argument
     * a task writes and two per streamed object no task uses. Which arguments a task writes only
     * TornadoVM's sketch of it knows: counted here are all those its operation writes somewhere (and
     * its scratch), so the nodes are counted from above (by 0 to 2% on the programs of the tests).
     */
    private GraphSize size(RoutineGraph g, Layout layout) {
        GraphSize size = new GraphSize();
        size.declare(layout.everyExecution());
        size.stream(layout.everyExecution());
        size.declare(layout.firstExecution());
        size.declare(layout.consumed());
        size.declare(layout.underDemand());
        Set<Object> keptWritable = identitySet();
        keptWritable.addAll(layout.kept());
        keptWritable.addAll(List.of((Object[]) keepDummies));
        for (Task task : keepHostValues(layout.kept())) {
            size.task(task.arguments(), keptWritable);
        }
        for (Operation operation : g.operations.subList(layout.from(), layout.to())) {
            for (Task task : operation.tasks) {
                size.task(task.arguments(), operation.writable);
            }
        }
        return size;
    }

    /** What {@link #size} counts. */
    private static final class GraphSize {
        final Set<Object> objects = identitySet();
        final Set<Object> streamed = identitySet();
        final Set<Object> used = identitySet();
        final Set<Object> constants = new HashSet<>();
        int tasks;
        int arguments;
        int written;

        void declare(List<?> declared) {
            objects.addAll(declared);
        }

        void stream(List<?> declared) {
            streamed.addAll(declared);
        }

        void task(Object[] taskArguments, Set<Object> writable) {
            tasks++;
            arguments += taskArguments.length;
            for (Object argument : taskArguments) {
                if (argument instanceof Number) { // an int or a float: inlined, a constant of the graph
                    constants.add(argument);
                } else {
                    objects.add(argument);
                    used.add(argument);
                    if (writable.contains(argument)) {
                        written++;
                    }
                }
            }
        }

        int codeBytes() {
            return 15 * tasks + 5 * arguments;
        }

        int nodes() {
            long unusedStreamed = streamed.stream().filter(o -> !used.contains(o)).count();
            return constants.size() + objects.size() + 1 + 2 * tasks + 2 * used.size() + written
                    + 2 * (int) unusedStreamed;
        }

        boolean fits(GraphLimits limits) {
            return codeBytes() <= limits.codeBytes() && nodes() <= limits.nodes();
        }
    }

    private static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Buffer arguments of an operation's main task, counting repeats, and how many are distinct. */
    private static int argumentCount(Op op) {
        return bufferArguments(op).size();
    }

    private static int distinctArguments(Op op) {
        return new LinkedHashSet<>(bufferArguments(op)).size();
    }

    /** The buffer names of an operation's String components; an optional buffer left out (null) is none. */
    private static List<String> bufferArguments(Op op) {
        List<String> all = new ArrayList<>();
        for (var component : op.getClass().getRecordComponents()) {
            if (component.getType() == String.class) {
                try {
                    String name = (String) component.getAccessor().invoke(op);
                    if (name != null) {
                        all.add(name);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return all;
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    /** The window positions of a convolution or pooling: outH * outW. */
    private static int positions(int height, int width, int kernel, int stride, int pad) {
        return ConvolutionKernels.outSize(height, kernel, stride, pad) * ConvolutionKernels.outSize(width, kernel, stride, pad);
    }

    /** The volume rendering's launch: the program's whole rays, at least one (an empty loop is no kernel). */
    private int maxRays(int samples) {
        return Math.max(1, program.maxRows() / samples);
    }

    /** An extent as the tasks take it: the fixed size, or 0 for the row count. */
    private static int spec(Extent extent) {
        return extent.isRows() ? 0 : extent.fixed();
    }

    private void task(RoutineGraph g, int index, String what, String mainBuffer, Supplier<TaskPackage> packaged,
            List<String> names) {
        task(g, index, what, mainBuffer, null, packaged, names);
    }

    /** Adds a task to the operation being built; {@code grid}: its worker grid, or null. */
    private void task(RoutineGraph g, int index, String what, String mainBuffer, WorkerGrid grid,
            Supplier<TaskPackage> packaged, List<String> names) {
        String taskName = String.format("t%02d_%s_%s", index, what, sanitize(mainBuffer));
        names.add(taskName); // before packaging: the package looks its name up in names
        if (TornadoProfile.INSTANCE != null) {
            TornadoProfile.INSTANCE.name(taskName, what);
        }
        g.operations.getLast().tasks.add(new Task(taskName, packaged, arguments(packaged.get()), grid));
    }

    /** The column sums' layout {@link #REDUCE_PROPERTY} asks for on {@code device}; null: the loops. */
    static TornadoReduce.Layout reduceLayout(TornadoDevice device) {
        String reduce = System.getProperty(REDUCE_PROPERTY, "kernelcontext");
        TornadoReduce.Layout layout = switch (reduce) {
            case "loop" -> null;
            case "kernelcontext" -> TornadoReduce.Layout.of(device);
            case "sliced" -> TornadoReduce.Layout.SLICED;
            case "coalesced" -> TornadoReduce.Layout.COALESCED;
            default -> throw new IllegalArgumentException(
                    REDUCE_PROPERTY + " must be kernelcontext, sliced, coalesced or loop: " + reduce);
        };
        return layout != null && TornadoReduce.fits(device) ? layout : null;
    }

    /**
     * Slices of k for a product's split-k ({@link TornadoGemm}), 1 for none. Only a product with a
     * fixed m x n (a weight gradient: k the batch) splits, and only with the local-memory sums to add
     * the slices. {@link #SPLIT_K_PROPERTY}: {@code auto} (default) splits on GPUs, into one slice
     * per {@value #K_PER_SLICE} of k (at most {@value #MAX_K_SLICES}), where the product has fewer
     * than {@value #SPLIT_BELOW_GROUPS} tiles of C; {@code off} never; a number N forces N slices on
     * any device (the tests run it on PoCL).
     */
    private int kSlices(Op.MatMul o, int maxRows) {
        if (!localReduce || o.m().isRows() || o.n().isRows()) {
            return 1;
        }
        int maxK = o.k().max(maxRows);
        String setting = System.getProperty(SPLIT_K_PROPERTY, "auto");
        return switch (setting) {
            case "off" -> 1;
            case "auto" -> {
                long tiles = (long) ((o.m().fixed() + TornadoGemm.TILE - 1) / TornadoGemm.TILE)
                        * ((o.n().fixed() + TornadoGemm.TILE - 1) / TornadoGemm.TILE);
                yield device.getDeviceType() == TornadoDeviceType.GPU
                        && tiles < SPLIT_BELOW_GROUPS ? Math.max(1, Math.min(MAX_K_SLICES, maxK / K_PER_SLICE)) : 1;
            }
            default -> {
                int forced;
                try {
                    forced = Integer.parseInt(setting);
                } catch (NumberFormatException e) {
                    forced = 0;
                }
                if (forced < 1) {
                    throw new IllegalArgumentException(SPLIT_K_PROPERTY + " must be auto, off or a positive number: "
                            + setting);
                }
                yield forced;
            }
        };
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

    /** A {@link TornadoReduce} column sum, {@code out (+)= column sums of values}, in this program's layout. */
    private void columnSumTask(RoutineGraph g, int index, String kind, String output, Supplier<String> taskName,
            int[] count, int[] shape, float[] values, float[] out, boolean accumulate, List<String> names) {
        int add = flag(accumulate);
        task(g, index, kind, output, TornadoReduce.columnGrid(shape[0], reduceLayout),
                () -> reduceLayout == TornadoReduce.Layout.COALESCED
                        ? createPackage(taskName.get(), TornadoReduce::columnSumCoalesced, new KernelContext(), count,
                                shape, values, out, add)
                        : createPackage(taskName.get(), TornadoReduce::columnSum, new KernelContext(), count, shape,
                                values, out, add), names);
    }

    private float[] scratch(RoutineGraph g, int size) {
        float[] values = new float[size];
        g.operations.getLast().scratch.add(values);
        g.operations.getLast().writable.add(values);
        return values;
    }

    /**
     * The tasks of one operation: the bodies the cpu backend runs, over the same ranges. A buffer
     * named twice by one operation would be the same array twice in one task, which TornadoVM's graph
     * scheduler does not handle (it loops forever); the forms programs use (the in-place ReLU, wave
     * and complex Gabor backwards, a product of a buffer with itself) have their own wrappers, any
     * other is refused.
     */
    private void addTasks(RoutineGraph g, int index, Op op) {
        boolean handledAlias = (op instanceof Op.ReluBackward r && r.dY().equals(r.dX()))
                || (op instanceof Op.WaveBackward w && w.dY().equals(w.dPre()))
                || (op instanceof Op.ComplexGaborBackward c && c.dY().equals(c.dPre()) && !c.realInput())
                || (op instanceof Op.Multiply m && m.a().equals(m.b()) && !m.a().equals(m.out()))
                || (op instanceof Op.DenseVector d && d.pre().equals(d.y()) && !d.silu())
                || (op instanceof Op.IncodeSineBackward i && i.dY().equals(i.dPre()));
        if (!handledAlias && distinctArguments(op) < argumentCount(op)) {
            throw new IllegalArgumentException("tornado: " + op + " names one buffer twice; the tornado backend cannot"
                    + " pass one array twice to a task");
        }
        Operation operation = new Operation();
        for (String written : op.writes()) {
            operation.writable.add(buffer(written));
        }
        g.operations.add(operation);
        int maxRows = program.maxRows();
        List<String> names = new ArrayList<>();
        // Each adder needs its task name, known once task() has computed it: look it up by position.
        java.util.function.IntFunction<String> nameAt = names::get;
        switch (op) {
            case Op.ChebyshevForward o -> {
                float[] coords = buffer(o.coords()), coeff = buffer(o.coeff()), out = buffer(o.out());
                task(g, index, "chebyshev_forward", o.out(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::chebyshevForward, rows, coords, coeff, out, o.in(), o.outDim(), o.degree(),
                        maxRows), names);
            }
            case Op.ChebyshevCoeffGrad o when localReduce -> {
                // Split-k: the sum over the rows in slices (more work-items than the in*outDim pairs
                // the plain task has, each a shorter loop), then the slices summed per coefficient
                // in local memory (the bias gradient's column sum over a slices x coefficients matrix).
                float[] coords = buffer(o.coords()), dOut = buffer(o.dOut()), dCoeff = buffer(o.dCoeff());
                int pairs = o.in() * o.outDim();
                int coefficients = pairs * (o.degree() + 1);
                int slices = coeffGradSlices(maxRows);
                float[] partial = scratch(g, slices * coefficients);
                int[] sliceCount = {slices};
                int[] shape = {coefficients};
                g.operations.getLast().scratch.add(sliceCount); // read only: not writable
                g.operations.getLast().scratch.add(shape);
                task(g, index, "chebyshev_coeff_grad_slices", o.dCoeff(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::chebyshevCoeffGradSlices, rows, coords, dOut, partial, o.in(), o.outDim(),
                        o.degree(), slices, slices * pairs), names);
                columnSumTask(g, index, "chebyshev_coeff_grad_reduce", o.dCoeff(), () -> nameAt.apply(1), sliceCount,
                        shape, partial, dCoeff, false, names);
            }
            case Op.ChebyshevCoeffGrad o -> {
                float[] coords = buffer(o.coords()), dOut = buffer(o.dOut()), dCoeff = buffer(o.dCoeff());
                task(g, index, "chebyshev_coeff_grad", o.dCoeff(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::chebyshevCoeffGrad, rows, coords, dOut, dCoeff, o.in(), o.outDim(), o.degree(),
                        o.in() * o.outDim()), names);
            }
            case Op.ChebyshevInputGrad o -> {
                float[] coords = buffer(o.coords()), coeff = buffer(o.coeff()), dOut = buffer(o.dOut());
                float[] dCoords = buffer(o.dCoords());
                task(g, index, "chebyshev_input_grad", o.dCoords(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::chebyshevInputGrad, rows, coords, coeff, dOut, dCoords, o.in(), o.outDim(),
                        o.degree(), maxRows), names);
            }
            case Op.ChebyshevAxisTable o -> {
                float[] values = buffer(o.values()), coeff = buffer(o.coeff()), table = buffer(o.table());
                task(g, index, "chebyshev_axis_table", o.table(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::chebyshevAxisTable, values, coeff, table, o.outDim(), o.degree(), o.axisLength(),
                        o.in() * o.axisLength()), names);
            }
            case Op.ChebyshevAxisCoeffGrad o -> {
                float[] values = buffer(o.values()), dTable = buffer(o.dTable()), dCoeff = buffer(o.dCoeff());
                task(g, index, "chebyshev_axis_coeff_grad", o.dCoeff(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::chebyshevAxisCoeffGrad, values, dTable, dCoeff, o.outDim(), o.degree(),
                        o.axisLength(), o.in() * o.outDim()), names);
            }
            case Op.GatherSum o -> {
                float[] table = buffer(o.table()), idx = buffer(o.index()), out = buffer(o.out());
                task(g, index, "gather_sum", o.out(), () -> createPackage(nameAt.apply(0), TornadoTasks::gatherSum,
                        rows, table, idx, out, o.in(), o.outDim(), o.axisLength(), maxRows), names);
            }
            case Op.ScatterSum o -> {
                float[] dOut = buffer(o.dOut()), idx = buffer(o.index()), dTable = buffer(o.dTable());
                int tableSize = o.in() * o.axisLength() * o.outDim();
                float[] partial = scratch(g, SCATTER_CHUNKS * tableSize);
                task(g, index, "scatter_sum_partial", o.dTable(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::scatterSumPartial, rows, dOut, idx, partial, o.in(), o.outDim(), o.axisLength(),
                        SCATTER_CHUNKS), names);
                task(g, index, "scatter_sum_reduce", o.dTable(), () -> createPackage(nameAt.apply(1),
                        TornadoTasks::reducePartials, partial, dTable, SCATTER_CHUNKS, tableSize), names);
            }
            case Op.LayerNormForward o -> {
                float[] x = buffer(o.x()), gamma = buffer(o.gamma()), beta = buffer(o.beta());
                float[] y = buffer(o.y()), mean = buffer(o.mean()), rstd = buffer(o.rstd());
                task(g, index, "layernorm_forward", o.y(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::layerNormForward, rows, x, gamma, beta, y, mean, rstd, o.width(), o.eps(),
                        maxRows), names);
            }
            case Op.LayerNormBackward o when localReduce -> {
                float[] dY = buffer(o.dY()), x = buffer(o.x()), gamma = buffer(o.gamma());
                float[] mean = buffer(o.mean()), rstd = buffer(o.rstd());
                float[] dX = buffer(o.dX()), dGamma = buffer(o.dGamma()), dBeta = buffer(o.dBeta());
                int[] shape = {o.width()};
                g.operations.getLast().scratch.add(shape); // read only: not writable
                task(g, index, "layernorm_param_grad", o.dGamma(), TornadoReduce.columnGrid(o.width(), reduceLayout),
                        () -> reduceLayout == TornadoReduce.Layout.COALESCED
                                ? createPackage(nameAt.apply(0), TornadoReduce::layerNormParamGradCoalesced,
                                        new KernelContext(), rows, shape, dY, x, mean, rstd, dGamma, dBeta)
                                : createPackage(nameAt.apply(0), TornadoReduce::layerNormParamGrad, new KernelContext(),
                                        rows, shape, dY, x, mean, rstd, dGamma, dBeta), names);
                task(g, index, "layernorm_backward", o.dX(), () -> createPackage(nameAt.apply(1),
                        TornadoTasks::layerNormBackward, rows, dY, x, gamma, mean, rstd, dX, o.width(), maxRows),
                        names);
            }
            case Op.LayerNormBackward o -> {
                float[] dY = buffer(o.dY()), x = buffer(o.x()), gamma = buffer(o.gamma());
                float[] mean = buffer(o.mean()), rstd = buffer(o.rstd());
                float[] dX = buffer(o.dX()), dGamma = buffer(o.dGamma()), dBeta = buffer(o.dBeta());
                float[] partialGamma = scratch(g, PARTIAL_CHUNKS * o.width());
                float[] partialBeta = scratch(g, PARTIAL_CHUNKS * o.width());
                task(g, index, "layernorm_param_grad_partial", o.dGamma(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::layerNormParamGradPartial, rows, dY, x, mean, rstd, partialGamma, partialBeta,
                        o.width(), PARTIAL_CHUNKS), names);
                task(g, index, "layernorm_gamma_grad_reduce", o.dGamma(), () -> createPackage(nameAt.apply(1),
                        TornadoTasks::reducePartials, partialGamma, dGamma, PARTIAL_CHUNKS, o.width()), names);
                task(g, index, "layernorm_beta_grad_reduce", o.dBeta(), () -> createPackage(nameAt.apply(2),
                        TornadoTasks::reducePartials, partialBeta, dBeta, PARTIAL_CHUNKS, o.width()), names);
                task(g, index, "layernorm_backward", o.dX(), () -> createPackage(nameAt.apply(3),
                        TornadoTasks::layerNormBackward, rows, dY, x, gamma, mean, rstd, dX, o.width(), maxRows),
                        names);
            }
            case Op.MatMul o when tiledGemm && kSlices(o, maxRows) > 1 -> {
                // Split-k: each slice of k its partial product, then the slices summed into C.
                float[] a = buffer(o.a()), b = buffer(o.b()), c = buffer(o.c());
                int m = o.m().fixed(), n = o.n().fixed(), slices = kSlices(o, maxRows);
                float[] partial = scratch(g, slices * m * n);
                int[] shape = {m, n, spec(o.k()), slices};
                int[] sliceCount = {slices};
                int[] sumShape = {m * n};
                g.operations.getLast().scratch.add(shape); // read only: not writable
                g.operations.getLast().scratch.add(sliceCount);
                g.operations.getLast().scratch.add(sumShape);
                task(g, index, "matmul_slices", o.c(), TornadoGemm.grid(m, n, slices), () -> createPackage(
                        nameAt.apply(0), TornadoGemm::gemm, new KernelContext(), rows, shape, a, b, partial,
                        flag(o.transposeA()), flag(o.transposeB()), 0), names);
                columnSumTask(g, index, "matmul_slices_sum", o.c(), () -> nameAt.apply(1), sliceCount, sumShape, partial,
                        c, o.accumulate(), names);
            }
            case Op.MatMul o when tiledGemm -> {
                float[] a = buffer(o.a()), b = buffer(o.b()), c = buffer(o.c());
                int maxM = o.m().max(maxRows), maxN = o.n().max(maxRows);
                int[] shape = {spec(o.m()), spec(o.n()), spec(o.k()), 1};
                g.operations.getLast().scratch.add(shape); // read only: not writable
                // A KernelContext of its own for every package (each graph, and the sample for sizing).
                task(g, index, "matmul", o.c(), TornadoGemm.grid(maxM, maxN), () -> createPackage(nameAt.apply(0),
                        TornadoGemm::gemm, new KernelContext(), rows, shape, a, b, c, flag(o.transposeA()),
                        flag(o.transposeB()), flag(o.accumulate())), names);
            }
            case Op.MatMul o -> {
                float[] a = buffer(o.a()), b = buffer(o.b()), c = buffer(o.c());
                int maxM = o.m().max(maxRows);
                task(g, index, "matmul", o.c(), () -> createPackage(nameAt.apply(0), TornadoTasks::matMul, rows, a, b,
                        c, spec(o.m()), spec(o.n()), spec(o.k()), flag(o.transposeA()), flag(o.transposeB()),
                        o.accumulate() ? 1.0f : 0.0f, maxM), names);
            }
            case Op.BiasActivation o -> {
                float[] y = buffer(o.y()), bias = buffer(o.bias());
                task(g, index, o.relu() ? "bias_relu" : "bias", o.y(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::biasActivation, rows, bias, y, o.width(), flag(o.relu()), maxRows), names);
            }
            case Op.BiasActivationModulate o -> {
                float[] y = buffer(o.y()), bias = buffer(o.bias()), x = buffer(o.x()), z = buffer(o.z());
                task(g, index, o.relu() ? "bias_relu_modulate" : "bias_modulate", o.z(), () -> createPackage(
                        nameAt.apply(0), TornadoTasks::biasActivationModulate, rows, bias, x, y, z, o.width(),
                        flag(o.relu()), maxRows), names);
            }
            case Op.ModulationBackward o -> {
                float[] dZ = buffer(o.dZ()), x = buffer(o.x()), yPrevious = buffer(o.yPrevious());
                float[] dX = buffer(o.dX()), dYPrevious = buffer(o.dYPrevious());
                task(g, index, "modulation_backward", o.dYPrevious(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::modulationBackward, rows, dZ, x, yPrevious, dX, dYPrevious, o.width(),
                        flag(o.accumulate()), maxRows * o.width()), names);
            }
            case Op.BiasGrad o when localReduce -> {
                float[] dY = buffer(o.dY()), dBias = buffer(o.dBias());
                int[] shape = {o.width()};
                g.operations.getLast().scratch.add(shape); // read only: not writable
                columnSumTask(g, index, o.accumulate() ? "bias_grad_accumulate" : "bias_grad", o.dBias(),
                        () -> nameAt.apply(0), rows, shape, dY, dBias, o.accumulate(), names);
            }
            case Op.BiasGrad o -> {
                float[] dY = buffer(o.dY()), dBias = buffer(o.dBias());
                float[] partial = scratch(g, PARTIAL_CHUNKS * o.width());
                task(g, index, "bias_grad_partial", o.dBias(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::columnSumPartial, rows, dY, partial, o.width(), PARTIAL_CHUNKS), names);
                if (o.accumulate()) {
                    task(g, index, "bias_grad_accumulate", o.dBias(), () -> createPackage(nameAt.apply(1),
                            TornadoTasks::accumulatePartials, partial, dBias, PARTIAL_CHUNKS, o.width()), names);
                } else {
                    task(g, index, "bias_grad_reduce", o.dBias(), () -> createPackage(nameAt.apply(1),
                            TornadoTasks::reducePartials, partial, dBias, PARTIAL_CHUNKS, o.width()), names);
                }
            }
            case Op.BiasWave o -> {
                float[] pre = buffer(o.pre()), bias = buffer(o.bias()), y = buffer(o.y());
                task(g, index, "bias_wave", o.y(), () -> createPackage(nameAt.apply(0), TornadoTasks::biasWave, rows,
                        bias, pre, y, o.width(), o.kind(), o.scale(), maxRows), names);
            }
            case Op.PositionalEncoding o -> {
                float[] coords = buffer(o.coords()), out = buffer(o.out());
                task(g, index, "positional_encoding", o.out(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::positionalEncoding, rows, coords, out, o.in(), o.frequencies(), maxRows), names);
            }
            case Op.WaveBackward o when o.dY().equals(o.dPre()) -> {
                float[] pre = buffer(o.pre()), dY = buffer(o.dY());
                task(g, index, "wave_backward_in_place", o.dPre(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::waveBackwardInPlace, rows, pre, dY, o.width(), o.kind(), o.scale(),
                        maxRows * o.width()), names);
            }
            case Op.WaveBackward o -> {
                float[] pre = buffer(o.pre()), dY = buffer(o.dY()), dPre = buffer(o.dPre());
                task(g, index, "wave_backward", o.dPre(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::waveBackward, rows, pre, dY, dPre, o.width(), o.kind(), o.scale(),
                        maxRows * o.width()), names);
            }
            case Op.ComplexBlock o -> {
                float[] weight = buffer(o.weight()), block = buffer(o.block());
                task(g, index, "complex_block", o.block(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::complexBlock, weight, block, o.cols(), o.rows() * o.cols()), names);
            }
            case Op.ComplexBlockGrad o -> {
                float[] dBlock = buffer(o.dBlock()), dWeight = buffer(o.dWeight());
                task(g, index, "complex_block_grad", o.dWeight(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::complexBlockGrad, dBlock, dWeight, o.cols(), o.rows() * o.cols()), names);
            }
            case Op.ComplexGabor o -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y());
                task(g, index, "complex_gabor", o.y(), () -> createPackage(nameAt.apply(0), TornadoTasks::complexGabor,
                        rows, pre, y, o.width(), o.realInput() ? 1 : 0, o.omega(), o.sigma(), maxRows * o.width()),
                        names);
            }
            case Op.ComplexGaborBackward o when o.dY().equals(o.dPre()) -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y()), dY = buffer(o.dY());
                task(g, index, "complex_gabor_backward_in_place", o.dPre(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::complexGaborBackwardInPlace, rows, pre, y, dY, o.width(), o.omega(), o.sigma(),
                        maxRows * o.width()), names);
            }
            case Op.ComplexGaborBackward o -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y()), dY = buffer(o.dY()), dPre = buffer(o.dPre());
                task(g, index, "complex_gabor_backward", o.dPre(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::complexGaborBackward, rows, pre, y, dY, dPre, o.width(), o.realInput() ? 1 : 0,
                        o.omega(), o.sigma(), maxRows * o.width()), names);
            }
            case Op.RealPart o -> {
                float[] z = buffer(o.z()), y = buffer(o.y());
                task(g, index, "real_part", o.y(), () -> createPackage(nameAt.apply(0), TornadoTasks::realPart, rows, z,
                        y, o.width(), maxRows * o.width()), names);
            }
            case Op.RealPartBackward o -> {
                float[] dY = buffer(o.dY()), dZ = buffer(o.dZ());
                task(g, index, "real_part_backward", o.dZ(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::realPartBackward, rows, dY, dZ, o.width(), maxRows * o.width()), names);
            }
            case Op.GaborWindow o -> {
                float[] x = buffer(o.x()), mu = buffer(o.mu()), gamma = buffer(o.gamma());
                float[] distance = buffer(o.distance()), window = buffer(o.window());
                task(g, index, "gabor_window", o.window(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::gaborWindow, rows, x, mu, gamma, distance, window, o.in(), o.out(), maxRows),
                        names);
            }
            case Op.GaborWindowBackward o -> {
                float[] dWindow = buffer(o.dWindow()), window = buffer(o.window()), distance = buffer(o.distance());
                float[] a = buffer(o.a()), ad = buffer(o.ad());
                task(g, index, "gabor_window_backward", o.a(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::gaborWindowBackward, rows, dWindow, window, distance, a, ad, o.width(),
                        maxRows * o.width()), names);
            }
            case Op.GaborWindowParamGrad o -> {
                float[] mu = buffer(o.mu()), gamma = buffer(o.gamma()), ax = buffer(o.ax());
                float[] columnA = buffer(o.columnA()), columnAd = buffer(o.columnAd());
                float[] dMu = buffer(o.dMu()), dGamma = buffer(o.dGamma());
                task(g, index, "gabor_window_param_grad", o.dMu(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::gaborWindowParamGrad, mu, gamma, ax, columnA, columnAd, dMu, dGamma, o.in(),
                        o.out()), names);
            }
            case Op.BSplineBasis o -> {
                float[] x = buffer(o.x()), basis = buffer(o.basis());
                task(g, index, "bspline_basis", o.basis(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::bsplineBasis, rows, x, basis, o.in(), o.gridSize(), o.lo(), o.hi(), maxRows),
                        names);
            }
            case Op.BSplineInputGrad o -> {
                float[] x = buffer(o.x()), dBasis = buffer(o.dBasis()), dX = buffer(o.dX());
                task(g, index, "bspline_input_grad", o.dX(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::bsplineInputGrad, rows, x, dBasis, dX, o.in(), o.gridSize(), o.lo(), o.hi(),
                        o.accumulate() ? 1 : 0, maxRows), names);
            }
            case Op.Silu o -> {
                float[] x = buffer(o.x()), y = buffer(o.y());
                task(g, index, "silu", o.y(), () -> createPackage(nameAt.apply(0), TornadoTasks::silu, rows, x, y,
                        o.width(), maxRows * o.width()), names);
            }
            case Op.SiluBackward o -> {
                float[] x = buffer(o.x()), dY = buffer(o.dY()), dX = buffer(o.dX());
                task(g, index, "silu_backward", o.dX(), () -> createPackage(nameAt.apply(0), TornadoTasks::siluBackward,
                        rows, x, dY, dX, o.width(), o.accumulate() ? 1 : 0, maxRows * o.width()), names);
            }
            case Op.ScaleRows o -> {
                float[] weight = buffer(o.weight()), scaler = buffer(o.scaler()), scaled = buffer(o.scaled());
                task(g, index, "scale_rows", o.scaled(), () -> createPackage(nameAt.apply(0), TornadoTasks::scaleRows,
                        weight, scaler, scaled, o.length(), o.rows()), names);
            }
            case Op.ScaleRowsBackward o -> {
                float[] dScaled = buffer(o.dScaled()), weight = buffer(o.weight()), scaler = buffer(o.scaler());
                float[] dWeight = buffer(o.dWeight()), dScaler = buffer(o.dScaler());
                task(g, index, "scale_rows_backward", o.dWeight(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::scaleRowsBackward, dScaled, weight, scaler, dWeight, dScaler, o.length(),
                        o.rows()), names);
            }
            case Op.ReluBackward o when o.dY().equals(o.dX()) -> {
                float[] y = buffer(o.y()), dY = buffer(o.dY());
                task(g, index, "relu_backward_in_place", o.dX(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::reluBackwardInPlace, rows, y, dY, o.width(), maxRows * o.width()), names);
            }
            case Op.ReluBackward o -> {
                float[] y = buffer(o.y()), dY = buffer(o.dY()), dX = buffer(o.dX());
                task(g, index, "relu_backward", o.dX(), () -> createPackage(nameAt.apply(0), TornadoTasks::reluBackward,
                        rows, y, dY, dX, o.width(), maxRows * o.width()), names);
            }
            case Op.Multiply o when o.a().equals(o.b()) && !o.a().equals(o.out()) -> {
                float[] a = buffer(o.a()), out = buffer(o.out());
                task(g, index, "square", o.out(), () -> createPackage(nameAt.apply(0), TornadoTasks::square, rows, a,
                        out, o.width(), flag(o.accumulate()), maxRows * o.width()), names);
            }
            case Op.Multiply o -> {
                float[] a = buffer(o.a()), b = buffer(o.b()), out = buffer(o.out());
                task(g, index, "multiply", o.out(), () -> createPackage(nameAt.apply(0), TornadoTasks::multiply, rows,
                        a, b, out, o.width(), flag(o.accumulate()), maxRows * o.width()), names);
            }
            case Op.Copy o -> {
                float[] source = buffer(o.source()), destination = buffer(o.destination());
                task(g, index, "copy", o.destination(), () -> createPackage(nameAt.apply(0), TornadoTasks::copy, rows,
                        source, destination, o.width(), maxRows * o.width()), names);
            }
            case Op.ColumnCopy o -> {
                float[] src = buffer(o.src()), dst = buffer(o.dst());
                task(g, index, "column_copy", o.dst(), () -> createPackage(nameAt.apply(0), TornadoTasks::columnCopy, rows,
                        src, dst, o.srcWidth(), o.srcOffset(), o.dstWidth(), o.dstOffset(), o.width(),
                        flag(o.accumulate()), maxRows * o.width()), names);
            }
            case Op.Im2col o -> {
                float[] x = buffer(o.x()), cols = buffer(o.cols());
                int count = o.channels() * o.kernel() * o.kernel() * positions(o.height(), o.width(), o.kernel(), o.stride(),
                        o.pad());
                task(g, index, "im2col", o.cols(), () -> createPackage(nameAt.apply(0), TornadoTasks::im2col, x, cols,
                        o.height(), o.width(), o.kernel(), o.stride(), o.pad(), count), names);
            }
            case Op.Col2im o -> {
                float[] dCols = buffer(o.dCols()), dX = buffer(o.dX());
                int count = o.channels() * o.height() * o.width();
                task(g, index, "col2im", o.dX(), () -> createPackage(nameAt.apply(0), TornadoTasks::col2im, dCols, dX,
                        o.height(), o.width(), o.kernel(), o.stride(), o.pad(), flag(o.accumulate()), count), names);
            }
            case Op.BatchNormForward o -> {
                float[] x = buffer(o.x()), gamma = buffer(o.gamma()), beta = buffer(o.beta());
                float[] y = buffer(o.y()), mean = buffer(o.mean()), rstd = buffer(o.rstd());
                // Without a residual a dummy of its own: x twice in one task would hang the scheduler.
                float[] residual = o.residual() == null ? scratch(g, 1) : buffer(o.residual());
                task(g, index, "batchnorm_forward", o.y(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::batchNormForward, x, gamma, beta, residual, y, mean, rstd,
                        o.residual() == null ? 0 : 1, o.plane(), o.eps(), flag(o.relu()), o.channels()), names);
            }
            case Op.BatchNormBackward o -> {
                float[] dY = buffer(o.dY()), y = buffer(o.y()), x = buffer(o.x()), gamma = buffer(o.gamma());
                float[] mean = buffer(o.mean()), rstd = buffer(o.rstd());
                float[] dX = buffer(o.dX()), dGamma = buffer(o.dGamma()), dBeta = buffer(o.dBeta());
                float[] dResidual = o.dResidual() == null ? scratch(g, 1) : buffer(o.dResidual());
                int residualMode = o.dResidual() == null ? 0 : o.accumulateResidual() ? 2 : 1;
                task(g, index, "batchnorm_backward", o.dX(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::batchNormBackward, dY, y, x, gamma, mean, rstd, dX, dGamma, dBeta, dResidual,
                        o.plane(), flag(o.relu()), residualMode, o.channels()), names);
            }
            case Op.BatchNormRunningStats o -> {
                float[] mean = buffer(o.mean()), rstd = buffer(o.rstd());
                float[] runningMean = buffer(o.runningMean()), runningVar = buffer(o.runningVar());
                task(g, index, "batchnorm_running_stats", o.runningMean(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::batchNormRunningStats, mean, rstd, runningMean, runningVar, o.plane(), o.eps(),
                        o.momentum(), o.channels()), names);
            }
            case Op.MaxPoolForward o -> {
                float[] x = buffer(o.x()), y = buffer(o.y()), argmax = buffer(o.argmax());
                int count = o.channels() * positions(o.height(), o.width(), o.kernel(), o.stride(), o.pad());
                task(g, index, "maxpool_forward", o.y(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::maxPoolForward, x, y, argmax, o.height(), o.width(), o.kernel(), o.stride(),
                        o.pad(), count), names);
            }
            case Op.MaxPoolBackward o -> {
                float[] dY = buffer(o.dY()), argmax = buffer(o.argmax()), dX = buffer(o.dX());
                int count = o.channels() * o.height() * o.width();
                task(g, index, "maxpool_backward", o.dX(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::maxPoolBackward, dY, argmax, dX, o.height(), o.width(), o.kernel(), o.stride(),
                        o.pad(), count), names);
            }
            case Op.VolumeRender o -> {
                float[] field = buffer(o.field()), t = buffer(o.t()), delta = buffer(o.delta());
                float[] rgb = buffer(o.rgb()), opacity = buffer(o.opacity()), depth = buffer(o.depth());
                task(g, index, "volume_render", o.rgb(), () -> createPackage(nameAt.apply(0), TornadoTasks::volumeRender, rows,
                        field, t, delta, rgb, opacity, depth, o.samples(), o.background(), maxRays(o.samples())), names);
            }
            case Op.VolumeRenderBackward o -> {
                float[] field = buffer(o.field()), delta = buffer(o.delta()), rgb = buffer(o.rgb());
                float[] opacity = buffer(o.opacity()), dRgb = buffer(o.dRgb()), dField = buffer(o.dField());
                task(g, index, "volume_render_backward", o.dField(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::volumeRenderBackward, rows, field, delta, rgb, opacity, dRgb, dField, o.samples(),
                        o.background(), maxRays(o.samples())), names);
            }
            case Op.MseLoss o -> {
                float[] pred = buffer(o.pred()), target = buffer(o.target());
                float[] dPred = buffer(o.dPred()), rowError = buffer(o.rowSquaredError());
                task(g, index, "mse_loss", o.dPred(), () -> createPackage(nameAt.apply(0), TornadoTasks::mseLoss, rows,
                        pred, target, dPred, rowError, o.width(), spec(o.rows()), o.rows().max(maxRows)), names);
            }
            case Op.AccumulateSum o when localReduce -> {
                float[] values = buffer(o.values()), total = buffer(o.total());
                task(g, index, "accumulate_sum", o.total(), TornadoReduce.sumGrid(), () -> createPackage(
                        nameAt.apply(0), TornadoReduce::sum, new KernelContext(), rows, values, total), names);
            }
            case Op.AccumulateSum o -> {
                float[] values = buffer(o.values()), total = buffer(o.total());
                task(g, index, "accumulate_sum", o.total(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::accumulateSum, rows, values, total, 1), names);
            }
            case Op.SparseProduct o -> {
                float[] rowStart = buffer(o.rowStart()), columns = buffer(o.columns()), values = buffer(o.values());
                float[] x = buffer(o.x()), y = buffer(o.y());
                task(g, index, "sparse_product", o.y(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::sparseProduct, rowStart, columns, values, x, y, o.channels(), o.outRows()),
                        names);
            }
            case Op.ChannelMean o -> {
                float[] x = buffer(o.x()), y = buffer(o.y());
                task(g, index, "channel_mean", o.y(), () -> createPackage(nameAt.apply(0), TornadoTasks::channelMean, x,
                        y, o.plane(), o.channels()), names);
            }
            case Op.ChannelMeanBackward o -> {
                float[] dY = buffer(o.dY()), dX = buffer(o.dX());
                task(g, index, "channel_mean_backward", o.dX(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::channelMeanBackward, dY, dX, o.plane(), o.channels() * o.plane()), names);
            }
            case Op.DenseVector o when o.pre().equals(o.y()) && !o.silu() -> {
                float[] x = buffer(o.x()), weight = buffer(o.weight()), bias = buffer(o.bias()), pre = buffer(o.pre());
                task(g, index, "dense_vector_in_place", o.pre(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::denseVectorInPlace, x, weight, bias, pre, o.in(), o.out()), names);
            }
            case Op.DenseVector o -> {
                float[] x = buffer(o.x()), weight = buffer(o.weight()), bias = buffer(o.bias());
                float[] pre = buffer(o.pre()), y = buffer(o.y());
                task(g, index, "dense_vector", o.y(), () -> createPackage(nameAt.apply(0), TornadoTasks::denseVector, x,
                        weight, bias, pre, y, o.in(), flag(o.silu()), o.out()), names);
            }
            case Op.DenseVectorBackward o -> {
                float[] dY = buffer(o.dY()), x = buffer(o.x());
                // Without the SiLU pre is not read and may be absent: a one-float stand-in (not dY,
                // which would be one array twice in the task).
                float[] pre = o.pre() == null ? scratch(g, 1) : buffer(o.pre());
                float[] dPre = buffer(o.dPre()), dWeight = buffer(o.dWeight()), dBias = buffer(o.dBias());
                task(g, index, "dense_vector_backward", o.dWeight(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::denseVectorBackwardOutput, dY, pre, x, dPre, dWeight, dBias, o.in(),
                        flag(o.silu()), o.out()), names);
                if (o.dX() != null) {
                    float[] weight = buffer(o.weight()), dX = buffer(o.dX());
                    task(g, index, "dense_vector_backward_input", o.dX(), () -> createPackage(nameAt.apply(1),
                            TornadoTasks::denseVectorBackwardInput, weight, dPre, dX, o.in(), o.out()), names);
                }
            }
            case Op.IncodeSine o -> {
                float[] pre = buffer(o.pre()), coefficients = buffer(o.coefficients()), y = buffer(o.y());
                task(g, index, "incode_sine", o.y(), () -> createPackage(nameAt.apply(0), TornadoTasks::incodeSine,
                        rows, pre, coefficients, y, o.width(), o.omega(), maxRows * o.width()), names);
            }
            case Op.IncodeSineBackward o when o.dY().equals(o.dPre()) -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y()), coefficients = buffer(o.coefficients()), dY = buffer(o.dY());
                float[] rowGrad = buffer(o.rowCoefficientGrad());
                task(g, index, "incode_sine_backward_in_place", o.dPre(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::incodeSineBackwardInPlace, rows, pre, y, coefficients, dY, rowGrad, o.width(),
                        o.omega(), maxRows), names);
            }
            case Op.IncodeSineBackward o -> {
                float[] pre = buffer(o.pre()), y = buffer(o.y()), coefficients = buffer(o.coefficients()), dY = buffer(o.dY());
                float[] dPre = buffer(o.dPre()), rowGrad = buffer(o.rowCoefficientGrad());
                task(g, index, "incode_sine_backward", o.dPre(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::incodeSineBackward, rows, pre, y, coefficients, dY, dPre, rowGrad, o.width(),
                        o.omega(), maxRows), names);
            }
            case Op.CoefficientPenalty o -> {
                float[] coefficients = buffer(o.coefficients()), dCoefficients = buffer(o.dCoefficients());
                task(g, index, "coefficient_penalty", o.dCoefficients(), () -> createPackage(nameAt.apply(0),
                        TornadoTasks::coefficientPenalty, coefficients, dCoefficients, o.weightA(), o.weightB(),
                        o.weightC(), o.weightD(), 4), names);
            }
            case Op.AdamUpdate o -> {
                float[] param = buffer(o.param()), grad = buffer(o.grad()), m = buffer(o.m()), v = buffer(o.v());
                task(g, index, "adam", o.param(), () -> createPackage(nameAt.apply(0), TornadoTasks::adamUpdate,
                        scalars, param, grad, m, v, o.beta1(), o.oneMinusBeta1(), o.beta2(), o.oneMinusBeta2(), o.eps(),
                        param.length), names);
            }
        }
    }
}
