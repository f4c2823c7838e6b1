package io.sl2a.backend.tornado;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;

/** One routine's graph(s) and plan, and which of its device copies are current. */
final class TornadoRoutineGraph {
        /** One TornadoVM task graph of a routine: its name and its tasks, in launch order. */
        record Part(String graphName, List<String> taskNames) {
        }

    final String graphName;
    /** Buffers transferred on the first execution (read or written by the routine). */
    final Set<String> resident = new LinkedHashSet<>();
    /** Read-only INPUT buffers transferred every execution. */
    final Set<String> streamed = new LinkedHashSet<>();
    final Set<String> written = new LinkedHashSet<>();
    /** Resident buffers whose copy on this graph's device is current (meaningful once executed). */
    final Set<String> deviceCurrent = new LinkedHashSet<>();
    final List<TornadoOperation> operations = new ArrayList<>();
    /**
     * What a split routine's graphs share, in declaration order: the rows (at {@link #ROWS}), the
     * scalars, the streamed buffers, the resident ones (from {@link #firstResident}); and each
     * one's position in that list.
     */
    static final int ROWS = 0;
    final List<Object> shared = new ArrayList<>();
    final Map<Object, Integer> sharedIndex = new IdentityHashMap<>();
    /** The graphs, run in this order: one, unless the routine does not fit one (see {@link TornadoProgram}). */
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

    TornadoRoutineGraph(String graphName) {
        this.graphName = graphName;
    }

    boolean split() {
        return parts.size() > 1;
    }

    int firstResident() {
        return 2 + streamed.size();
    }

    String partName(int part) {
        return graphName + "_part" + part;
    }

    /** The shared objects operations [from, to) pass to their tasks, and the rows (used by every part). */
    BitSet uses(int from, int to) {
        BitSet uses = new BitSet();
        uses.set(ROWS);
        for (TornadoOperation operation : operations.subList(from, to)) {
            for (TornadoOperation.Task task : operation.tasks) {
                for (Object argument : task.arguments()) {
                    Integer index = sharedIndex.get(argument);
                    if (index != null) {
                        uses.set(index);
                    }
                }
            }
        }
        return uses;
    }

    List<Object> shared(BitSet indices) {
        return indices.stream().mapToObj(shared::get).toList();
    }

    /** The scratch buffers of operations [from, to). */
    List<Object> scratch(int from, int to) {
        List<Object> scratch = new ArrayList<>();
        for (TornadoOperation operation : operations.subList(from, to)) {
            scratch.addAll(operation.scratch);
        }
        return scratch;
    }
}
