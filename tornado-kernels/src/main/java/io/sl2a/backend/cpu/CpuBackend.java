package io.sl2a.backend.cpu;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
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

    private final ParallelFor parallel;
    private final Sgemm gemm;
    private final OpProfile profile = Boolean.getBoolean("sl2a.profile") ? new OpProfile() : null;

    public CpuBackend(int threads, GemmChoice choice) {
        this.parallel = new ParallelFor(threads);
        this.gemm = switch (choice) {
            case JAVA -> new JavaVectorSgemm(parallel);
            case OPENBLAS -> new PartitionedSgemm(OpenBlasSgemm.load().orElseThrow(() -> new IllegalStateException(
                    "OpenBLAS not found (install libopenblas0-pthread, or use --gemm java)")), parallel);
            case AUTO -> OpenBlasSgemm.load().<Sgemm>map(g -> new PartitionedSgemm(g, parallel))
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
        return "cpu: " + parallel.threads() + " threads, gemm " + gemm.name();
    }

    public Sgemm gemm() {
        return gemm;
    }

    @Override
    public CompiledProgram compile(Program program) {
        return new CpuProgram(program, parallel, gemm, profile);
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
