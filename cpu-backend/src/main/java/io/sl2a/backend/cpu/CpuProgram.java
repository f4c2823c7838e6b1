package io.sl2a.backend.cpu;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.Routine;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A program whose buffers are Java heap arrays and whose operations are bound CPU steps. */
final class CpuProgram implements CompiledProgram {
    static final int MIN_CHUNKS_PER_CORE = 4;
    private final Program program;
    private final Map<String, float[]> buffers = new HashMap<>();
    private final Map<String, List<CpuStep>> routines = new HashMap<>();
    private final Map<String, List<String>> stepNames = new HashMap<>();
    private final OpProfile profile;
    /** The routines that run a chunk of rows at a time on large batches (see {@link RowChunkedRoutine}). */
    private final Map<String, RowChunkedRoutine> chunked = new HashMap<>();
    /** Per-row buffers whose values the last chunked run left in its chunks (reading them is refused). */
    private final Set<String> leftInChunks = new HashSet<>();
    /** Per routine, the buffers it reads before writing them, and those it writes. */
    private final Map<String, Set<String>> readFirst = new HashMap<>();
    private final Map<String, Set<String>> written = new HashMap<>();

    /** {@code chunking} null: every routine runs on whole batches. */
    CpuProgram(Program program, ParallelFor parallel, Sgemm gemm, OpProfile profile, RowChunking chunking) {
        this.program = program;
        this.profile = profile;
        for (BufferSpec spec : program.buffers().values()) {
            buffers.put(spec.name(), new float[spec.length(program.maxRows())]);
        }
        CpuOpCompiler compiler = new CpuOpCompiler(buffers, parallel, gemm);
        for (Routine routine : program.routines().values()) {
            List<CpuStep> steps = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Op op : routine.ops()) {
                steps.add(compiler.compile(op));
                names.add(OpProfile.label(op));
            }
            routines.put(routine.name(), List.copyOf(steps));
            stepNames.put(routine.name(), List.copyOf(names));
            Set<String> writes = new HashSet<>();
            Set<String> reads = new HashSet<>();
            for (Op op : routine.ops()) {
                op.reads().stream().filter(read -> !writes.contains(read)).forEach(reads::add);
                writes.addAll(op.writes());
            }
            readFirst.put(routine.name(), Set.copyOf(reads));
            written.put(routine.name(), Set.copyOf(writes));
            if (chunking != null) {
                RowChunkedRoutine plan = RowChunkedRoutine.plan(program, routine, buffers, steps, parallel,
                        chunking.singleThreaded(), chunking.beforeWorkers(), chunking.rows(), profile);
                if (plan != null) {
                    chunked.put(routine.name(), plan);
                }
            }
        }
    }

    /**
     * Whether {@code routine} runs in row chunks on batches of {@code rows} rows: when every core
     * has {@link #MIN_CHUNKS_PER_CORE} chunks or more. On smaller batches the per-step cost of the
     * cores' gradient copies (clearing and summing one per parameter) outweighs the gain, and the
     * products are small enough for OpenBLAS's own threads (relu at batch 1,024: 95k samples/s
     * whole, 87k in chunks).
     */
    boolean runsChunked(String routine, int rows) {
        RowChunkedRoutine plan = chunked.get(routine);
        return plan != null && rows >= MIN_CHUNKS_PER_CORE * plan.chunkRows() * plan.workers();
    }

    @Override
    public Program program() {
        return program;
    }

    private float[] buffer(String name) {
        float[] values = buffers.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return values;
    }

    @Override
    public void write(String buffer, float[] source, int sourceOffset, int length) {
        System.arraycopy(source, sourceOffset, buffer(buffer), 0, length);
        leftInChunks.remove(buffer);
    }

    @Override
    public void read(String buffer, float[] destination, int destinationOffset, int length) {
        if (leftInChunks.contains(buffer)) {
            throw new IllegalStateException("buffer " + buffer + " is an intermediate of a routine run in row chunks: "
                    + "declare it an OUTPUT to read it, or run with -Dsl2a.cpu.chunkRows=0");
        }
        System.arraycopy(buffer(buffer), 0, destination, destinationOffset, length);
    }

    @Override
    public void run(String routine, int rows, StepScalars scalars) {
        if (rows < 1 || rows > program.maxRows()) {
            throw new IllegalArgumentException("rows must be in 1.." + program.maxRows() + ": " + rows);
        }
        List<CpuStep> steps = routines.get(routine);
        if (steps == null) {
            throw new IllegalArgumentException("no routine named " + routine);
        }
        if (!leftInChunks.isEmpty()) {
            refuseStaleInputs(routine);
        }
        if (runsChunked(routine, rows)) {
            RowChunkedRoutine plan = chunked.get(routine);
            plan.run(rows, scalars);
            leftInChunks.addAll(plan.leftInChunks());
            return;
        }
        if (!leftInChunks.isEmpty()) {
            leftInChunks.removeAll(written.get(routine));
        }
        runSteps(steps, stepNames.get(routine), rows, scalars, profile);
    }

    /** Runs the steps in order, each timed under its name when {@code profile} is not null. */
    static void runSteps(List<CpuStep> steps, List<String> names, int rows, StepScalars scalars, OpProfile profile) {
        if (profile == null) {
            for (CpuStep step : steps) {
                step.run(rows, scalars);
            }
            return;
        }
        for (int i = 0; i < steps.size(); i++) {
            long start = System.nanoTime();
            steps.get(i).run(rows, scalars);
            profile.add(names.get(i), System.nanoTime() - start);
        }
    }

    /**
     * Refuses to run a routine that reads, before writing it, a buffer whose values the last
     * chunked run left in its chunks: it would compute from stale values (no program does this
     * today; the check keeps it so).
     */
    private void refuseStaleInputs(String routine) {
        for (String read : readFirst.get(routine)) {
            if (leftInChunks.contains(read)) {
                throw new IllegalStateException("routine " + routine + " reads " + read + ", an intermediate that "
                        + "the last routine run in row chunks did not keep (run with -Dsl2a.cpu.chunkRows=0)");
            }
        }
    }

    @Override
    public void close() {
        buffers.clear();
    }
}
