package io.sl2a.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sl2a.backend.BackendConformanceSuite;
import io.sl2a.backend.BackendConformanceSuite.OpCase;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend.GemmChoice;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

/**
 * Every {@link Op}'s declared dataflow, {@link Op#reads()} and {@link Op#writes()}, against what the
 * op does on the cpu backend: for every one-op case of {@link BackendConformanceSuite} (its programs,
 * buffers and prepared inputs, on {@link BackendConformanceSuite#SMALL} rows and on a larger count),
 * <ul>
 *   <li>the names are the program's buffers, and the op writes at least one;
 *   <li>a buffer whose contents the run changes is in writes(), and each buffer in writes() changes;
 *   <li>perturbing a buffer that is not in reads() (fresh random values in every element) changes no
 *       other buffer's result, and leaves the buffer itself as the op left it where the op wrote it,
 *       as perturbed where it did not: an output that is not read is wholly determined by the reads
 *       (an op that accumulates into a buffer must list it among its reads);
 *   <li>perturbing a buffer that is in reads() changes something the op writes (no read is idle), but
 *       for the few reads an op declares whatever its parameters ({@link #idleForTheseParameters}).
 * </ul>
 * Comparisons are bitwise. The backend runs whole batches (no row chunks, which themselves follow the
 * declarations), so the runs show what the kernels do whatever the ops declare.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpDataflowContractTest {
    private static final int THREADS = 3;
    private static final String ROUTINE = "r";

    private final CpuBackend backend = new CpuBackend(THREADS, GemmChoice.JAVA, 0);
    private List<OpCase> cases;

    /** The suite on this backend, its large row count small enough to keep this test fast. */
    private final class Cases extends BackendConformanceSuite {
        @Override
        protected List<Target> targets() {
            return List.of(new Target("cpu JAVA whole batches", () -> backend));
        }

        @Override
        protected Rows chunked() {
            return new Rows(300, 257);
        }

        @Override
        protected double tolerance() {
            return 1e-5;
        }

        @Override
        protected double tanhTolerance() {
            return 1e-5;
        }
    }

    @BeforeAll
    void collectCases() throws ReflectiveOperationException {
        cases = new Cases().opCases();
    }

    @AfterAll
    void closeBackend() {
        backend.close();
    }

    Stream<OpCase> cases() {
        return cases.stream();
    }

    @Test
    void theCasesCoverEveryOpType() {
        Set<Class<?>> covered = cases.stream().map(c -> c.op().getClass()).collect(Collectors.toSet());
        assertEquals(Set.of(Op.class.getPermittedSubclasses()), covered);
        for (OpCase c : cases) {
            assertEquals(1, c.program().routines().size(), c.toString());
            assertEquals(List.of(c.op()), c.program().routine(ROUTINE).ops(), c.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsAndWritesAreWhatTheOpDoes(OpCase c) {
        checkDataflow(c, c.op().reads(), c.op().writes());
    }

    /**
     * The check itself, on declarations that leave out every read, or every write: for each op type,
     * one of its cases fails (the first that does ends the search). An op whose reads() or writes()
     * returned an empty list would fail {@link #readsAndWritesAreWhatTheOpDoes}.
     */
    @Test
    void emptyReadsOrWritesFailForEveryOpType() {
        Map<Class<?>, List<OpCase>> byType = new LinkedHashMap<>();
        cases.forEach(c -> byType.computeIfAbsent(c.op().getClass(), t -> new ArrayList<>()).add(c));
        List<String> uncaught = new ArrayList<>();
        byType.forEach((type, ofType) -> {
            if (ofType.stream().noneMatch(c -> fails(() -> checkDataflow(c, List.of(), c.op().writes())))) {
                uncaught.add(type.getSimpleName() + " with no reads");
            }
            if (ofType.stream().noneMatch(c -> fails(() -> checkDataflow(c, c.op().reads(), List.of())))) {
                uncaught.add(type.getSimpleName() + " with no writes");
            }
        });
        assertEquals(List.of(), uncaught);
    }

    /**
     * The check itself, on declarations that leave out one buffer: for the first case of each op type,
     * leaving out any one of its reads (but those idle for its parameters) or any one of its writes fails.
     */
    @Test
    void leavingOutAnyOneReadOrWriteFails() {
        Set<Class<?>> seen = new HashSet<>();
        List<String> uncaught = new ArrayList<>();
        for (OpCase c : cases) {
            Op op = c.op();
            if (!seen.add(op.getClass())) {
                continue;
            }
            for (String read : op.reads()) {
                List<String> less = op.reads().stream().filter(r -> !r.equals(read)).toList();
                if (!idleForTheseParameters(op, read) && !fails(() -> checkDataflow(c, less, op.writes()))) {
                    uncaught.add(c + " without read " + read);
                }
            }
            for (String write : op.writes()) {
                List<String> less = op.writes().stream().filter(w -> !w.equals(write)).toList();
                if (!fails(() -> checkDataflow(c, op.reads(), less))) {
                    uncaught.add(c + " without write " + write);
                }
            }
        }
        assertEquals(List.of(), uncaught);
    }

    private static boolean fails(Runnable check) {
        try {
            check.run();
            return false;
        } catch (AssertionFailedError expected) {
            return true;
        }
    }

    /** Fails unless {@code declaredReads} and {@code declaredWrites} are what the case's op does. */
    private void checkDataflow(OpCase c, List<String> declaredReads, List<String> declaredWrites) {
        Op op = c.op();
        Program program = c.program();
        Set<String> buffers = program.buffers().keySet();
        Set<String> reads = Set.copyOf(declaredReads);
        Set<String> writes = Set.copyOf(declaredWrites);
        String what = c + " (" + op + ")";
        assertTrue(buffers.containsAll(reads), what + ": reads() names an undeclared buffer: " + reads);
        assertTrue(buffers.containsAll(writes), what + ": writes() names an undeclared buffer: " + writes);
        assertFalse(writes.isEmpty(), what + ": writes nothing");

        try (CompiledProgram compiled = backend.compile(program)) {
            Map<String, float[]> result = run(compiled, c, c.initial());
            assertBitEqual(result, run(compiled, c, c.initial()), what + ": run twice from the same values");

            for (String name : buffers) {
                boolean changed = !bitEqual(c.initial().get(name), result.get(name));
                assertEquals(writes.contains(name), changed, what + ": buffer " + name + (changed
                        ? " changes but is not in writes() " + writes
                        : " is in writes() but no value of it changes"));
            }

            SplittableRandom random = new SplittableRandom(c.toString().hashCode());
            for (String perturbed : buffers) {
                Map<String, float[]> initial = new LinkedHashMap<>(c.initial());
                float[] garbage = garbage(c.initial().get(perturbed), random);
                initial.put(perturbed, garbage);
                Map<String, float[]> after = run(compiled, c, initial);
                if (reads.contains(perturbed)) {
                    if (idleForTheseParameters(op, perturbed)) {
                        continue;
                    }
                    assertTrue(influences(c, perturbed, garbage, result, after, writes), what + ": buffer "
                            + perturbed + " is in reads() " + reads + " but perturbing it changes nothing the op writes");
                    continue;
                }
                for (String name : buffers) {
                    if (!name.equals(perturbed)) {
                        assertTrue(bitEqual(result.get(name), after.get(name)), what + ": perturbing " + perturbed
                                + ", which is not in reads() " + reads + ", changes buffer " + name);
                    }
                }
                float[] base = result.get(perturbed);
                float[] before = c.initial().get(perturbed);
                float[] now = after.get(perturbed);
                for (int i = 0; i < now.length; i++) {
                    boolean asWritten = same(now[i], base[i]);
                    boolean untouched = same(now[i], garbage[i]) && same(base[i], before[i]);
                    if (!asWritten && !untouched) {
                        fail(what + ": buffer " + perturbed + " is not in reads() " + reads + " but its value "
                                + i + " after the run depends on its value before: " + base[i] + " from " + before[i]
                                + ", " + now[i] + " from " + garbage[i]);
                    }
                }
            }
        }
    }

    /**
     * The reads that the kernel does not use for the op's parameters but that the op still declares
     * (the Tornado backend's task graphs take in only declared buffers, and its tasks for these ops
     * bind them whatever the parameters): the Chebyshev ops of degree 0 (T0 = 1 whatever the input,
     * so the input gradient is 0 whatever every read), BatchNormBackward's y without the ReLU (y only
     * masks the ReLU's gradient), DenseVectorBackward's pre without the SiLU.
     */
    private static boolean idleForTheseParameters(Op op, String buffer) {
        return switch (op) {
            case Op.ChebyshevForward o -> o.degree() == 0 && buffer.equals(o.coords());
            case Op.ChebyshevCoeffGrad o -> o.degree() == 0 && buffer.equals(o.coords());
            case Op.ChebyshevInputGrad o -> o.degree() == 0; // the gradient of a constant: 0, whatever the reads
            case Op.ChebyshevAxisTable o -> o.degree() == 0 && buffer.equals(o.values());
            case Op.ChebyshevAxisCoeffGrad o -> o.degree() == 0 && buffer.equals(o.values());
            case Op.BatchNormBackward o -> !o.relu() && buffer.equals(o.y());
            case Op.DenseVectorBackward o -> !o.silu() && buffer.equals(o.pre());
            default -> false;
        };
    }

    /**
     * Whether the run after perturbing {@code perturbed} (a read) differs in something the op writes:
     * another written buffer, or a value the op wrote into {@code perturbed} itself (one the op left
     * alone differs only as perturbed).
     */
    private static boolean influences(OpCase c, String perturbed, float[] garbage, Map<String, float[]> result,
            Map<String, float[]> after, Set<String> writes) {
        for (String name : writes) {
            float[] base = result.get(name);
            float[] now = after.get(name);
            if (!name.equals(perturbed)) {
                if (!bitEqual(base, now)) {
                    return true;
                }
                continue;
            }
            float[] before = c.initial().get(name);
            for (int i = 0; i < now.length; i++) {
                boolean untouched = same(now[i], garbage[i]) && same(base[i], before[i]);
                if (!same(now[i], base[i]) && !untouched) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes every buffer, runs the routine, and reads every buffer back. */
    private static Map<String, float[]> run(CompiledProgram compiled, OpCase c, Map<String, float[]> initial) {
        initial.forEach(compiled::write);
        compiled.run(ROUTINE, c.rows(), c.scalars());
        Map<String, float[]> after = new LinkedHashMap<>();
        for (String name : c.program().buffers().keySet()) {
            after.put(name, compiled.read(name));
        }
        return after;
    }

    /** Values of the initial values' range, each one different from the one it replaces. */
    private static float[] garbage(float[] values, SplittableRandom random) {
        float[] other = new float[values.length];
        for (int i = 0; i < other.length; i++) {
            do {
                other[i] = (float) random.nextDouble(-1.0, 1.0);
            } while (same(other[i], values[i]));
        }
        return other;
    }

    private static boolean same(float a, float b) {
        return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b);
    }

    private static boolean bitEqual(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!same(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    private static void assertBitEqual(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        List<String> differing = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!bitEqual(expected.get(name), actual.get(name))) {
                differing.add(name);
            }
        }
        assertEquals(List.of(), differing, what + ": buffers differ");
    }
}
