package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.backend.BackendProvider;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.backend.opencl.OpenClBackend;
import io.sl2a.backend.opencl.OpenClBuildException;
import io.sl2a.backend.opencl.OpenClUnavailableException;
import io.sl2a.tasks.io.UserInputException;
import picocli.CommandLine.Option;

/**
 * Where the network runs: {@code --backend cpu|opencl}, the CPU backend's threads and matrix
 * product, and the OpenCL device.
 */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "NAME",
            description = "Where to run: cpu, opencl, or tornado (under ./sl2a --tornado) (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--device", paramLabel = "N|NAME",
            description = "OpenCL or TornadoVM device: its number in 'sl2a devices' or a fragment of its name (default: the first GPU, else the first device).")
    String device;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: all cores).")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", paramLabel = "KIND",
            description = "CPU matrix product: auto (OpenBLAS if installed, else Java), openblas, java (default: ${DEFAULT-VALUE}).")
    String gemm;

    /**
     * Refuses options that contradict each other or are out of range, without opening anything;
     * {@link Main} calls it before a command starts, so a bad option never leaves a half-made {@code --out}.
     */
    void validate() {
        switch (backend) {
            case "cpu" -> {
                if (device != null) {
                    throw new UserInputException("--device applies to --backend opencl or tornado");
                }
                if (threads != null && threads < 1) {
                    throw new UserInputException("--threads must be at least 1, got " + threads);
                }
                gemmChoice();
            }
            case "opencl", TORNADO -> {
                if (threads != null || !gemm.equals("auto")) {
                    throw new UserInputException("--threads and --gemm apply to --backend cpu");
                }
            }
            default -> throw new UserInputException("unknown backend '" + backend + "': use cpu, opencl or tornado");
        }
    }

    Backend open() {
        validate();
        if (backend.equals("opencl")) {
            return openOpenCl();
        }
        if (backend.equals(TORNADO)) {
            return openTornado();
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        try {
            return new CpuBackend(threadCount, gemmChoice());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private CpuBackend.GemmChoice gemmChoice() {
        return switch (gemm) {
            case "auto" -> CpuBackend.GemmChoice.AUTO;
            case "openblas" -> CpuBackend.GemmChoice.OPENBLAS;
            case "java" -> CpuBackend.GemmChoice.JAVA;
            default -> throw new UserInputException("--gemm must be auto, openblas or java, got '" + gemm + "'");
        };
    }

    static final String TORNADO = "tornado";
    static final String TORNADO_MISSING = "the tornado backend needs TornadoVM: install its SDK for JDK 25, set"
            + " TORNADOVM_HOME, build with ./mvnw -Ptornado install -DskipTests and run ./sl2a --tornado ... (see docs/tornadovm.md)";

    /** The backends outside the default build, found on the class path (TornadoVM's under ./sl2a --tornado). */
    static java.util.Optional<BackendProvider> provider(String name) {
        for (BackendProvider provider : java.util.ServiceLoader.load(BackendProvider.class)) {
            if (provider.name().equals(name)) {
                return java.util.Optional.of(provider);
            }
        }
        return java.util.Optional.empty();
    }

    private Backend openTornado() {
        BackendProvider tornado = provider(TORNADO).orElseThrow(() -> new UserInputException(TORNADO_MISSING));
        try {
            return tornado.open(device);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserInputException("tornado: " + e.getMessage());
        }
    }

    private Backend openOpenCl() {
        try {
            return new OpenClBackend(device);
        } catch (OpenClUnavailableException | OpenClBuildException | IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
