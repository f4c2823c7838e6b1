package io.sl2a.backend.cpu;

import static io.sl2a.backend.cpu.ChunkablePrograms.IN;
import static io.sl2a.backend.cpu.ChunkablePrograms.OUT;
import static io.sl2a.backend.cpu.ChunkablePrograms.WIDE;
import static io.sl2a.backend.cpu.ChunkablePrograms.fixed;
import static io.sl2a.backend.cpu.ChunkablePrograms.row;
import static io.sl2a.kernels.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend.GemmChoice;
import io.sl2a.program.BufferRole;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuProgram}'s host side: the row counts and names it accepts, the intermediates a run in
 * row chunks leaves behind (refused on read and as a routine's input until written again), closing,
 * and the per-operation times it records when profiling, in whole and chunked runs.
 */
class CpuProgramTest {
    private static final int MAX_ROWS = 97;
    /** 2 threads, chunks of 3 rows: routines run in chunks from 4 * 3 * 2 = 24 rows. */
    private static final int THREADS = 2;
    private static final int CHUNK = 3;

    /**
     * "forward" leaves h1 in its chunks (pred is an OUTPUT); "readsH1" reads it first; "writesH1"
     * writes it before reading it; "copiesX" reads only an input.
     */
    private static Program program() {
        Program.Builder builder = Program.builder(MAX_ROWS);
        builder.buffer(row("x", BufferRole.INPUT, IN));
        builder.buffer(fixed("w1", BufferRole.PARAMETER, IN * WIDE));
        builder.buffer(fixed("b1", BufferRole.PARAMETER, WIDE));
        builder.buffer(fixed("w2", BufferRole.PARAMETER, WIDE * OUT));
        builder.buffer(row("h1", BufferRole.ACTIVATION, WIDE));
        builder.buffer(row("pred", BufferRole.OUTPUT, OUT));
        builder.buffer(row("xcopy", BufferRole.OUTPUT, IN));
        Extent rows = Extent.rows();
        Op first = new Op.MatMul("x", false, "w1", false, "h1", rows, Extent.of(WIDE), Extent.of(IN), false);
        Op second = new Op.MatMul("h1", false, "w2", false, "pred", rows, Extent.of(OUT), Extent.of(WIDE), false);
        builder.routine("forward", List.of(first, new Op.BiasActivation("h1", "b1", WIDE, true), second));
        builder.routine("readsH1", List.of(second));
        builder.routine("writesH1", List.of(first, second));
        builder.routine("copiesX", List.of(new Op.Copy("x", "xcopy", IN)));
        return builder.build();
    }

    private static Map<String, float[]> initial(Program program) {
        Map<String, float[]> values = ChunkablePrograms.initial(program, 77);
        return values;
    }

    /** The first {@code rows} rows of a per-row buffer of width {@code width}. */
    private static float[] firstRows(float[] values, int rows, int width) {
        return Arrays.copyOf(values, rows * width);
    }

    @Test
    void anIntermediateLeftInTheChunksIsRefusedUntilWrittenAgain() {
        Program program = program();
        Map<String, float[]> initial = initial(program);
        try (CpuBackend backend = new CpuBackend(THREADS, GemmChoice.JAVA, CHUNK);
                CompiledProgram compiled = backend.compile(program)) {
            initial.forEach(compiled::write);
            compiled.run("forward", MAX_ROWS, StepScalars.NONE);
            IllegalStateException read = assertThrows(IllegalStateException.class, () -> compiled.read("h1"));
            assertEquals("buffer h1 is an intermediate of a routine run in row chunks: declare it an OUTPUT to read "
                    + "it, or run with -Dsl2a.cpu.chunkRows=0", read.getMessage());
            Map<String, float[]> expected = ChunkablePrograms.copy(initial);
            ChunkablePrograms.reference(program, "forward", expected, MAX_ROWS, StepScalars.NONE);
            assertClose(expected.get("pred"), compiled.read("pred"), 1e-5, "pred, an OUTPUT, after the chunked run");

            // A routine that reads only what the chunked run kept runs.
            compiled.run("copiesX", MAX_ROWS, StepScalars.NONE);
            assertClose(initial.get("x"), compiled.read("xcopy"), 0.0, "xcopy");

            // A routine reading h1 before writing it is refused.
            IllegalStateException stale = assertThrows(IllegalStateException.class,
                    () -> compiled.run("readsH1", 10, StepScalars.NONE));
            assertEquals("routine readsH1 reads h1, an intermediate that the last routine run in row chunks did not "
                    + "keep (run with -Dsl2a.cpu.chunkRows=0)", stale.getMessage());

            // A whole run that writes h1 first makes it readable again.
            compiled.run("writesH1", 10, StepScalars.NONE);
            Map<String, float[]> afterWhole = ChunkablePrograms.copy(initial);
            ChunkablePrograms.reference(program, "writesH1", afterWhole, 10, StepScalars.NONE);
            assertClose(firstRows(afterWhole.get("h1"), 10, WIDE), firstRows(compiled.read("h1"), 10, WIDE), 1e-5,
                    "h1 after a whole run");
            compiled.run("readsH1", 10, StepScalars.NONE);

            // So does writing it from the host.
            compiled.run("forward", MAX_ROWS, StepScalars.NONE);
            assertThrows(IllegalStateException.class, () -> compiled.read("h1"));
            compiled.write("h1", initial.get("h1"));
            assertClose(initial.get("h1"), compiled.read("h1"), 0.0, "h1 written by the host");
            compiled.run("readsH1", MAX_ROWS, StepScalars.NONE);
        }
    }

    @Test
    void theRowCountMustBeWithinTheProgramsMaxRows() {
        Program program = program();
        try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA, 0);
                CompiledProgram compiled = backend.compile(program)) {
            initial(program).forEach(compiled::write);
            for (int rows : new int[] {0, -1, MAX_ROWS + 1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> compiled.run("forward", rows, StepScalars.NONE));
                assertEquals("rows must be in 1.." + MAX_ROWS + ": " + rows, e.getMessage());
            }
            compiled.run("forward", 1, StepScalars.NONE);
            compiled.run("forward", MAX_ROWS, StepScalars.NONE);
            IllegalArgumentException routine = assertThrows(IllegalArgumentException.class,
                    () -> compiled.run("backward", 5, StepScalars.NONE));
            assertEquals("no routine named backward", routine.getMessage());
            IllegalArgumentException buffer = assertThrows(IllegalArgumentException.class,
                    () -> compiled.read("h2", new float[1], 0, 1));
            assertEquals("no buffer named h2", buffer.getMessage());
        }
    }

    @Test
    void closingReleasesTheBuffers() {
        Program program = program();
        try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA, 0)) {
            CompiledProgram compiled = backend.compile(program);
            compiled.write("x", new float[MAX_ROWS * IN]);
            compiled.close();
            assertThrows(IllegalArgumentException.class, () -> compiled.read("x"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Profiling

    private static final Pattern LINE = Pattern.compile("(.+?) +(\\d+\\.\\d) ms +(\\d+) calls +(\\d+\\.\\d)%");

    /** label -> {milliseconds, calls, percent}, from {@link OpProfile#report()}. */
    private static Map<String, double[]> parse(String report) {
        Map<String, double[]> entries = new HashMap<>();
        for (String line : report.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            assertTrue(m.matches(), "report line: '" + line + "'");
            entries.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4))});
        }
        return entries;
    }

    /**
     * Runs "step" of the MLP twice, checks a few of its results, and checks the report: every operation under its label with its
     * number of calls (one a chunk for those run in chunks), times within the wall time the runs took
     * on {@code threads} threads, percentages adding up to 100.
     */
    private static void checkProfile(RowChunking chunking, int threads, int callsPerRun) {
        Program program = ChunkablePrograms.mlp(MAX_ROWS);
        OpProfile profile = new OpProfile();
        assertEquals("", profile.report());
        try (ParallelFor parallel = new ParallelFor(threads)) {
            CpuProgram compiled = new CpuProgram(program, parallel, new JavaVectorSgemm(parallel), profile, chunking);
            Map<String, float[]> initial = ChunkablePrograms.initial(program, 3);
            initial.forEach(compiled::write);
            Map<String, float[]> expected = ChunkablePrograms.copy(initial);
            long start = System.nanoTime();
            for (int t = 1; t <= 2; t++) {
                compiled.run("step", MAX_ROWS, StepScalars.adam(0.01, 0.9, 0.999, t));
            }
            double wallMs = (System.nanoTime() - start) / 1e6;
            for (int t = 1; t <= 2; t++) {
                ChunkablePrograms.reference(program, "step", expected, MAX_ROWS, StepScalars.adam(0.01, 0.9, 0.999, t));
            }
            // Profiled, the operations still run.
            for (String name : List.of("w1", "w2", "pred", "loss", "db1", "dw2")) {
                assertClose(expected.get(name), compiled.read(name), 1e-5, name + " of a profiled run");
            }
            Map<String, double[]> entries = parse(profile.report());
            Map<String, Integer> expectedCalls = new HashMap<>();
            expectedCalls.put("AdamUpdate", 4); // before and after the rows, whole
            for (String label : List.of("MatMul rowsx" + WIDE + "x" + IN, "MatMul rowsx" + OUT + "x" + WIDE, "MseLoss",
                    "AccumulateSum", "MatMul " + WIDE + "x" + OUT + "xrows tA", "MatMul rowsx" + WIDE + "x" + OUT + " tB",
                    "ReluBackward", "MatMul " + IN + "x" + WIDE + "xrows tA")) {
                expectedCalls.put(label, 2 * callsPerRun);
            }
            expectedCalls.put("BiasActivation", 4 * callsPerRun);
            expectedCalls.put("BiasGrad", 4 * callsPerRun);
            assertEquals(expectedCalls.keySet(), entries.keySet(), profile.report());
            double percent = 0;
            for (Map.Entry<String, double[]> e : entries.entrySet()) {
                double[] v = e.getValue();
                assertEquals(expectedCalls.get(e.getKey()), (int) v[1], "calls of " + e.getKey());
                assertTrue(v[0] >= 0 && v[0] <= threads * wallMs + 0.1, e.getKey() + ": " + v[0] + " ms of " + wallMs);
                assertTrue(v[2] >= 0 && v[2] <= 100, e.getKey() + ": " + v[2] + "%");
                percent += v[2];
            }
            assertEquals(100.0, percent, 0.1 * entries.size(), "percentages\n" + profile.report());
        }
    }

    @Test
    void aWholeRunIsProfiledOneCallAnOperation() {
        checkProfile(null, 2, 1);
    }

    @Test
    void aChunkedRunIsProfiledOneCallAChunk() {
        RowChunking chunking = new RowChunking(CHUNK, () -> new JavaVectorSgemm(new ParallelFor(1)), () -> {
        });
        checkProfile(chunking, THREADS, (MAX_ROWS + CHUNK - 1) / CHUNK);
    }

    @Test
    void theReportHasALineALabelInLabelOrder() {
        OpProfile profile = new OpProfile();
        profile.add("b", 4_000_000L);
        profile.add("a", 3_000_000L);
        profile.add("a", 1_000_000L);
        profile.add("c", 2_000_000L);
        String n = System.lineSeparator();
        assertEquals("a" + " ".repeat(31) + "       4.0 ms      2 calls  40.0%" + n
                + "b" + " ".repeat(31) + "       4.0 ms      1 calls  40.0%" + n
                + "c" + " ".repeat(31) + "       2.0 ms      1 calls  20.0%" + n, profile.report());
    }

    @Test
    void aProductIsLabelledWithItsShapeAndTransposes() {
        Extent rows = Extent.rows();
        assertEquals("MatMul rowsx8x5", OpProfile.label(new Op.MatMul("a", false, "b", false, "c", rows,
                Extent.of(8), Extent.of(5), false)));
        assertEquals("MatMul 8x5xrows tA", OpProfile.label(new Op.MatMul("a", true, "b", false, "c", Extent.of(8),
                Extent.of(5), rows, true)));
        assertEquals("MatMul rowsx8x5 tB", OpProfile.label(new Op.MatMul("a", false, "b", true, "c", rows,
                Extent.of(8), Extent.of(5), false)));
        assertEquals("MatMul 2x3x4 tA tB", OpProfile.label(new Op.MatMul("a", true, "b", true, "c", Extent.of(2),
                Extent.of(3), Extent.of(4), false)));
        assertEquals("BiasGrad", OpProfile.label(new Op.BiasGrad("d", "b", 4)));
    }
}
