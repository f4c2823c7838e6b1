package io.sl2a.backend.cpu;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.Op;
import io.sl2a.program.Program;

/**
 * Runs programs on the host's cores: kernel bodies over a fork-join pool, dense products through
 * the chosen {@link Sgemm} (OpenBLAS through FFM when it is installed, else the pure-Java one).
 */
public final class CpuBackend implements Backend {

    /** Which matrix product to use; AUTO prefers OpenBLAS and falls back to Java, and says which. */
    public enum GemmChoice {
        AUTO, OPENBLAS, JAVA
    }

    /**
     * Rows a core takes at a time through a routine on a large batch (see {@link RowChunkedRoutine});
     * {@code -Dsl2a.cpu.chunkRows=0} runs whole batches. 256 rows of width 256 are 256 KiB an
     * activation, so a layer's stay in a core's L2 cache.
     */
    public static final int DEFAULT_CHUNK_ROWS = 256;
    public static final String CHUNK_ROWS_PROPERTY = "sl2a.cpu.chunkRows";

    private final ParallelFor parallel;
    private final Sgemm gemm;
    private final int chunkRows;
    private final OpProfile profile = Boolean.getBoolean("sl2a.profile") ? new OpProfile() : null;

    public CpuBackend(int threads, GemmChoice choice) {
        this(threads, choice, chunkRowsSetting());
    }

    /** {@code -Dsl2a.cpu.chunkRows}, or the default; anything but a whole number of 0 or more is refused. */
    private static int chunkRowsSetting() {
        String setting = System.getProperty(CHUNK_ROWS_PROPERTY);
        if (setting == null) {
            return DEFAULT_CHUNK_ROWS;
        }
        try {
            return Integer.parseInt(setting.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CHUNK_ROWS_PROPERTY + " must be a whole number of rows (0: none), got '"
                    + setting + "'");
        }
    }

    /** {@code chunkRows} 0: routines run on whole batches. */
    public CpuBackend(int threads, GemmChoice choice, int chunkRows) {
        if (chunkRows < 0) {
            throw new IllegalArgumentException(CHUNK_ROWS_PROPERTY + " must not be negative, got " + chunkRows);
        }
        this.chunkRows = chunkRows;
        this.parallel = new ParallelFor(threads);
        this.gemm = switch (choice) {
            case JAVA -> new JavaVectorSgemm(parallel);
            case OPENBLAS -> new AdaptiveOpenBlasSgemm(OpenBlasSgemm.load().orElseThrow(() -> new IllegalStateException(
                    "OpenBLAS not found (install libopenblas0-pthread, or use --gemm java)")), parallel);
            case AUTO -> OpenBlasSgemm.load().<Sgemm>map(g -> new AdaptiveOpenBlasSgemm(g, parallel))
                    .orElseGet(() -> new JavaVectorSgemm(parallel));
        };
    }

    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors(), GemmChoice.AUTO);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "cpu: " + parallel.threads() + " threads" + (chunkRows > 0 ? ", row chunks of " + chunkRows : "")
                + ", gemm " + gemm.name();
    }

    public Sgemm gemm() {
        return gemm;
    }

    @Override
    public CompiledProgram compile(Program program) {
        Sgemm forProgram = gemm instanceof AdaptiveOpenBlasSgemm adaptive
                ? adaptive.forLargestProduct(largestProduct(program), parallel) : gemm;
        return new CpuProgram(program, parallel, forProgram, profile, chunking());
    }

    /** Rows a chunk (0: none). */
    public int chunkRows() {
        return chunkRows;
    }

    private RowChunking chunking() {
        if (chunkRows == 0) {
            return null;
        }
        if (gemm instanceof AdaptiveOpenBlasSgemm adaptive) {
            OpenBlasSgemm blas = adaptive.blas();
            return new RowChunking(chunkRows, () -> blas, () -> blas.useThreads(1));
        }
        return new RowChunking(chunkRows, () -> new JavaVectorSgemm(new ParallelFor(1)), () -> {
        });
    }

    /** The most multiply-adds of any product of the program at its largest row count. */
    static long largestProduct(Program program) {
        long largest = 0;
        for (var routine : program.routines().values()) {
            for (Op op : routine.ops()) {
                if (op instanceof Op.MatMul m) {
                    int rows = program.maxRows();
                    largest = Math.max(largest, (long) m.m().resolve(rows) * m.n().resolve(rows) * m.k().resolve(rows));
                }
            }
        }
        return largest;
    }

    @Override
    public String profileReport() {
        return profile == null ? "" : profile.report();
    }

    @Override
    public void close() {
        parallel.close();
    }
}
