package io.sl2a.backend.tornado;

import io.sl2a.program.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.common.TaskPackage;

/**
 * The tasks of one operation, the scratch buffers they share, and what they may write (for sizing
 * graphs): a routine is split between operations, never inside one. Its family adds the tasks
 * ({@link TornadoStep}), each named {@code tNN_<what>_<main buffer>} after the operation's index.
 */
final class TornadoOperation {
    /**
     * One task: its name in the graph, its package (a fresh one for every graph it goes into), its
     * arguments (for sizing graphs) and its worker grid (KernelContext tasks; else null).
     */
    record Task(String name, Supplier<TaskPackage> packaged, Object[] arguments, WorkerGrid grid) {
    }

    final List<Task> tasks = new ArrayList<>();
    final List<Object> scratch = new ArrayList<>();
    final Set<Object> writable = TornadoProgram.identitySet();
    private final int index;
    /** The task names, in order: a package looks its own up by position ({@link #name}). */
    private final List<String> names = new ArrayList<>();

    TornadoOperation(int index) {
        this.index = index;
    }

    /** The name of this operation's task at {@code position} (0 for its first). */
    String name(int position) {
        return names.get(position);
    }

    void task(String what, String mainBuffer, Supplier<TaskPackage> packaged) {
        task(what, mainBuffer, null, packaged);
    }

    /** Adds a task; {@code grid}: its worker grid, or null. */
    void task(String what, String mainBuffer, WorkerGrid grid, Supplier<TaskPackage> packaged) {
        String taskName = String.format("t%02d_%s_%s", index, what, TornadoProgram.sanitize(mainBuffer));
        names.add(taskName); // before packaging: the package looks its name up in names
        if (TornadoProfile.INSTANCE != null) {
            TornadoProfile.INSTANCE.name(taskName, what);
        }
        tasks.add(new Task(taskName, packaged, arguments(packaged.get()), grid));
    }

    /** A scratch buffer of {@code size} floats that the tasks may write. */
    float[] scratch(int size) {
        float[] values = new float[size];
        scratch.add(values);
        writable.add(values);
        return values;
    }

    /** A scratch array the tasks only read (a shape, a count). */
    void readOnlyScratch(int[] values) {
        scratch.add(values);
    }

    /**
     * Refuses an operation that names one buffer twice, but for the forms programs use (the in-place
     * ReLU, wave and complex Gabor backwards, a product of a buffer with itself), which have their
     * own wrappers: the same array twice in one task makes TornadoVM's graph scheduler loop forever.
     */
    static void refuseAliases(Op op) {
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

    /** A task's arguments (its package's parameters less the method). */
    static Object[] arguments(TaskPackage packaged) {
        Object[] parameters = packaged.getTaskParameters();
        return Arrays.copyOfRange(parameters, 1, parameters.length);
    }
}
