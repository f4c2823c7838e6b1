package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.ChunkablePrograms.IN;
import static io.sl2a.backend.cpu.ChunkablePrograms.WIDE;
import static io.sl2a.backend.cpu.ChunkablePrograms.fixed;
import static io.sl2a.backend.cpu.ChunkablePrograms.row;
import static io.sl2a.kernels.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend.GemmChoice;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link RowChunkedRoutine}: a routine run a chunk of rows at a time gives what the same program
 * gives run whole, and what the operations applied one after the other to plain arrays give
 * ({@link ChunkablePrograms#reference}), over two steps (the cores' sums are cleared between runs),
 * on 1, 2 and 3 threads, with chunks of 1 to 8 rows, a partial last chunk (and none), and the run's
 * rows below the program's maxRows (the rows past them keep their values).
 *
 * <p>After a chunked run the per-row buffers the rows phase writes but does not keep (activations,
 * not OUTPUTs) cannot be read; everything else can, and is compared in full. Tolerance 1e-5 of the
 * largest magnitude: the chunked sums over rows are added in another order.
 *
 * <p>Routines of other shapes run whole: each refused shape is tried with a routine that differs
 * from a chunked one in that one respect.
 */
class RowChunkedRoutineTest {
    private static final int MAX_ROWS = 97;
    private static final double TOLERANCE = 1e-5;

    record Case(int threads, int chunkRows, int rows) {
        @Override
        public String toString() {
            return threads + " threads, chunks of " + chunkRows + ", " + rows + " rows";
        }
    }

    /** Remainders of rows over the chunk: 6 (= chunk - 1), 2, 1, 0, and chunks of one row. */
    static Stream<Case> cases() {
        return Stream.of(new Case(1, 7, 97), new Case(3, 5, 97), new Case(3, 5, 61), new Case(2, 4, 60),
                new Case(1, 1, 40), new Case(2, 8, 97));
    }

    static Stream<Arguments> programsAndCases() {
        List<Arguments> all = new ArrayList<>();
        List<Function<Integer, Program>> programs = List.of(ChunkablePrograms::mlp, ChunkablePrograms::grid,
                ChunkablePrograms::chebyshevLayerNorm);
        List<String> names = List.of("mlp", "grid", "chebyshev+layernorm");
        for (int p = 0; p < programs.size(); p++) {
            for (Case c : cases().toList()) {
                all.add(Arguments.of(names.get(p), programs.get(p), c));
            }
        }
        return all.stream();
    }

    /** The per-row buffers written in the routine's rows phase that are not OUTPUTs. */
    private static Set<String> intermediates(Program program, String routine) {
        Set<String> names = new java.util.HashSet<>();
        for (Op op : program.routine(routine).ops()) {
            for (String write : op.writes()) {
                BufferSpec spec = program.buffer(write);
                if (spec.rowWidth() > 0 && spec.role() != BufferRole.OUTPUT) {
                    names.add(write);
                }
            }
        }
        return names;
    }

    /** Runs two steps of "step" chunked, whole and on the reference, and compares them. */
    private static void checkTwoSteps(String name, Program program, Case c, GemmChoice gemm) {
        Map<String, float[]> initial = ChunkablePrograms.initial(program, 31L * c.rows() + c.chunkRows());
        Map<String, float[]> expected = ChunkablePrograms.copy(initial);
        Set<String> left = intermediates(program, "step");
        assertFalse(left.isEmpty());
        try (CpuBackend chunkedBackend = new CpuBackend(c.threads(), gemm, c.chunkRows());
                CpuBackend wholeBackend = new CpuBackend(c.threads(), gemm, 0);
                CompiledProgram chunked = chunkedBackend.compile(program);
                CompiledProgram whole = wholeBackend.compile(program)) {
            assertTrue(((CpuProgram) chunked).runsChunked("step", c.rows()), name + " " + c + ": not chunked");
            assertFalse(((CpuProgram) whole).runsChunked("step", c.rows()), name + " " + c + ": chunked with chunkRows 0");
            initial.forEach((buffer, values) -> {
                chunked.write(buffer, values);
                whole.write(buffer, values);
            });
            for (int t = 1; t <= 2; t++) {
                StepScalars scalars = StepScalars.adam(0.01, 0.9, 0.999, t);
                chunked.run("step", c.rows(), scalars);
                whole.run("step", c.rows(), scalars);
                ChunkablePrograms.reference(program, "step", expected, c.rows(), scalars);
            }
            for (BufferSpec spec : program.buffers().values()) {
                String what = name + " " + c + " " + gemm + ": " + spec.name();
                float[] wholeValues = whole.read(spec.name());
                assertClose(expected.get(spec.name()), wholeValues, TOLERANCE, what + " (whole)");
                if (left.contains(spec.name())) {
                    IllegalStateException refused = assertThrows(IllegalStateException.class,
                            () -> chunked.read(spec.name()), what + ": an intermediate left in the chunks was read");
                    assertTrue(refused.getMessage().contains(spec.name()), refused.getMessage());
                } else {
                    assertClose(expected.get(spec.name()), chunked.read(spec.name()), TOLERANCE, what + " (chunked)");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("programsAndCases")
    void aChunkedStepGivesTheWholeStepAndTheReference(String name, Function<Integer, Program> program, Case c) {
        checkTwoSteps(name, program.apply(MAX_ROWS), c, GemmChoice.JAVA);
    }

    @Test
    void aChunkedStepThroughOpenBlasGivesTheReference() {
        assumeTrue(OpenBlasSgemm.load().isPresent(), "OpenBLAS (libopenblas.so.0) not found");
        checkTwoSteps("mlp", ChunkablePrograms.mlp(MAX_ROWS), new Case(3, 5, 97), GemmChoice.OPENBLAS);
        checkTwoSteps("chebyshev+layernorm", ChunkablePrograms.chebyshevLayerNorm(MAX_ROWS), new Case(2, 7, 90),
                GemmChoice.OPENBLAS);
    }

    @Test
    void aRoutineRunsInChunksFromFourChunksPerCore() {
        Program program = ChunkablePrograms.mlp(MAX_ROWS);
        try (CpuBackend backend = new CpuBackend(2, GemmChoice.JAVA, 3);
                CompiledProgram compiled = backend.compile(program)) {
            CpuProgram cpu = (CpuProgram) compiled;
            assertTrue(cpu.runsChunked("forward", 4 * 3 * 2));
            assertFalse(cpu.runsChunked("forward", 4 * 3 * 2 - 1));
            assertTrue(cpu.runsChunked("forward", MAX_ROWS));
            ChunkablePrograms.initial(program, 5).forEach(compiled::write);
            compiled.run("forward", 4 * 3 * 2 - 1, StepScalars.NONE);
            compiled.read("h1"); // run whole: readable
            compiled.run("forward", 4 * 3 * 2, StepScalars.NONE);
            assertThrows(IllegalStateException.class, () -> compiled.read("h1"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Shapes that run whole

    private static final String RS = "r";

    /** Buffers for the shape cases: per-row a, h, h2 (width 4), o (OUTPUT); fixed w (4x4), g, p, m, v (4). */
    private static Program.Builder shapeBuffers() {
        Program.Builder builder = Program.builder(40);
        builder.buffer(row("a", BufferRole.INPUT, 4));
        builder.buffer(row("h", BufferRole.ACTIVATION, 4));
        builder.buffer(row("h2", BufferRole.ACTIVATION, 4));
        builder.buffer(row("o", BufferRole.OUTPUT, 4));
        builder.buffer(row("err", BufferRole.OUTPUT, 1));
        builder.buffer(row("index", BufferRole.INPUT, 1));
        builder.buffer(fixed("w", BufferRole.PARAMETER, 16));
        builder.buffer(fixed("wide", BufferRole.PARAMETER, 40 * 4));
        builder.buffer(fixed("g", BufferRole.GRADIENT, 4));
        builder.buffer(fixed("gw", BufferRole.GRADIENT, 16));
        builder.buffer(fixed("p", BufferRole.PARAMETER, 4));
        builder.buffer(fixed("m", BufferRole.OPTIMIZER_STATE, 4));
        builder.buffer(fixed("v", BufferRole.OPTIMIZER_STATE, 4));
        builder.buffer(fixed("coeff", BufferRole.PARAMETER, 4 * 3));
        builder.buffer(fixed("table", BufferRole.GRADIENT, 4 * 4));
        builder.buffer(fixed("stats", BufferRole.ACTIVATION, 40));
        return builder;
    }

    private static final Extent ROWS = Extent.rows();
    private static final Extent FOUR = Extent.of(4);
    private static final Op RELU = new Op.BiasActivation("h", "p", 4, true);
    private static final Op ADAM = new Op.AdamUpdate("p", "g", "m", "v", 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f);

    static Stream<Arguments> shapes() {
        return Stream.of(
                // chunked: each kind of operation the rows phase takes
                Arguments.of("row-local ops", true, List.of(
                        new Op.MatMul("a", false, "w", false, "h", ROWS, FOUR, FOUR, false), RELU,
                        new Op.Copy("h", "o", 4))),
                Arguments.of("the first op on rows", true, List.of(RELU, ADAM)),
                Arguments.of("a product with rows as m, B transposed", true, List.of(
                        new Op.MatMul("a", false, "w", true, "h", ROWS, FOUR, FOUR, false))),
                Arguments.of("a weight gradient, accumulating", true, List.of(
                        new Op.MatMul("a", true, "h", false, "gw", FOUR, FOUR, ROWS, true))),
                Arguments.of("a sum read by the op adding into it", true, List.of(
                        new Op.BiasGrad("h", "g", 4, false), new Op.BiasGrad("h2", "g", 4, true))),
                Arguments.of("the loss over the batch's rows", true, List.of(
                        new Op.MseLoss("h", "a", "h2", "err", 4))),
                Arguments.of("LayerNorm's backward", true, List.of(new Op.LayerNormBackward("h", "a", "p", "err", "err",
                        "o", "g", "m", 4))),
                Arguments.of("a scatter", true, List.of(new Op.ScatterSum("h", "index", "table", 1, 4, 4))),
                Arguments.of("a Chebyshev coefficient gradient", true, List.of(
                        new Op.ChebyshevCoeffGrad("index", "h", "coeff", 1, 4, 2))),
                // whole
                Arguments.of("fixed buffers only", false, List.of(ADAM)),
                Arguments.of("an op the rows phase does not know", false, List.of(RELU, new Op.Silu("h", "h2", 4))),
                Arguments.of("a fixed op between ops on rows", false, List.of(RELU, ADAM, RELU)),
                Arguments.of("the loss over a fixed count of rows", false, List.of(
                        new Op.MseLoss("h", "a", "h2", "err", Extent.of(5), 4))),
                Arguments.of("a product with rows as m and n", false, List.of(
                        new Op.MatMul("a", false, "w", false, "h", ROWS, ROWS, FOUR, false))),
                Arguments.of("a product with rows as m, A transposed", false, List.of(
                        new Op.MatMul("a", true, "w", false, "h", ROWS, FOUR, FOUR, false))),
                Arguments.of("a product with rows as m, A fixed", false, List.of(RELU,
                        new Op.MatMul("wide", false, "w", false, "h", ROWS, FOUR, FOUR, false))),
                Arguments.of("a product with rows as m, B per row", false, List.of(
                        new Op.MatMul("a", false, "h2", false, "h", ROWS, FOUR, FOUR, false))),
                Arguments.of("a product with rows as m, C fixed", false, List.of(
                        new Op.MatMul("a", false, "w", false, "wide", ROWS, FOUR, FOUR, false))),
                Arguments.of("a weight gradient with rows as m too", false, List.of(
                        new Op.MatMul("a", true, "h", false, "gw", ROWS, FOUR, ROWS, false))),
                Arguments.of("a weight gradient with rows as n", false, List.of(
                        new Op.MatMul("a", true, "h", false, "gw", FOUR, ROWS, ROWS, false))),
                Arguments.of("a weight gradient, A not transposed", false, List.of(
                        new Op.MatMul("a", false, "h", false, "gw", FOUR, FOUR, ROWS, false))),
                Arguments.of("a weight gradient, B transposed", false, List.of(
                        new Op.MatMul("a", true, "h", true, "gw", FOUR, FOUR, ROWS, false))),
                Arguments.of("a weight gradient, A fixed", false, List.of(RELU,
                        new Op.MatMul("wide", true, "h", false, "gw", FOUR, FOUR, ROWS, false))),
                Arguments.of("a weight gradient, B fixed", false, List.of(RELU,
                        new Op.MatMul("a", true, "wide", false, "gw", FOUR, FOUR, ROWS, false))),
                Arguments.of("a weight gradient into a per-row C", false, List.of(
                        new Op.MatMul("a", true, "h", false, "h2", FOUR, FOUR, ROWS, false))),
                Arguments.of("a sum read by another op on rows", false, List.of(
                        new Op.BiasGrad("h", "g", 4, false), new Op.BiasActivation("h2", "g", 4, false))),
                Arguments.of("a row-local op writing a fixed buffer", false, List.of(RELU, new Op.Copy("h", "stats", 1))),
                Arguments.of("a bias gradient into a per-row buffer", false, List.of(new Op.BiasGrad("h", "h2", 4, false))),
                Arguments.of("a bias gradient of a fixed buffer between ops on rows", false, List.of(RELU,
                        new Op.BiasGrad("wide", "g", 4, false), RELU)),
                Arguments.of("a scatter with a fixed index", false, List.of(RELU,
                        new Op.ScatterSum("h", "p", "table", 1, 4, 4))),
                Arguments.of("a Chebyshev coefficient gradient of fixed coordinates", false, List.of(RELU,
                        new Op.ChebyshevCoeffGrad("stats", "h", "coeff", 1, 4, 2))),
                Arguments.of("LayerNorm's backward with fixed statistics", false, List.of(new Op.LayerNormBackward("h",
                        "a", "p", "stats", "err", "o", "g", "m", 4))));
    }

    @ParameterizedTest(name = "{0}: chunked {1}")
    @MethodSource("shapes")
    void onlyRoutinesOfTheChunkedShapeRunInChunks(String name, boolean chunked, List<Op> ops) {
        Program program = shapeBuffers().routine(RS, ops).build();
        try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA, 1);
                CompiledProgram compiled = backend.compile(program)) {
            assertEquals(chunked, ((CpuProgram) compiled).runsChunked(RS, program.maxRows()), name);
        }
    }
}
