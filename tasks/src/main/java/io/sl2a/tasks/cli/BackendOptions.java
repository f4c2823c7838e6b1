package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.tasks.io.UserInputException;
import picocli.CommandLine.Option;

/** Where the network runs: {@code --backend}, and the CPU backend's threads and matrix product. */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "NAME",
            description = "Where to run: cpu (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: all cores).")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", paramLabel = "KIND",
            description = "CPU matrix product: auto (OpenBLAS if installed, else Java), openblas, java (default: ${DEFAULT-VALUE}).")
    String gemm;

    Backend open() {
        if (!backend.equals("cpu")) {
            throw new UserInputException("unknown backend '" + backend + "': this build has the cpu backend");
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1) {
            throw new UserInputException("--threads must be at least 1, got " + threadCount);
        }
        CpuBackend.GemmChoice choice = switch (gemm) {
            case "auto" -> CpuBackend.GemmChoice.AUTO;
            case "openblas" -> CpuBackend.GemmChoice.OPENBLAS;
            case "java" -> CpuBackend.GemmChoice.JAVA;
            default -> throw new UserInputException("--gemm must be auto, openblas or java, got '" + gemm + "'");
        };
        try {
            return new CpuBackend(threadCount, choice);
        } catch (IllegalStateException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
