package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
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
            description = "Where to run: cpu or opencl (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--device", paramLabel = "N|NAME",
            description = "OpenCL device: its number in 'sl2a devices' or a fragment of its name (default: the first GPU, else the first device).")
    String device;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: all cores).")
    Integer threads;

    @Option(names = "--gemm", defaultValue = "auto", paramLabel = "KIND",
            description = "CPU matrix product: auto (OpenBLAS if installed, else Java), openblas, java (default: ${DEFAULT-VALUE}).")
    String gemm;

    Backend open() {
        if (backend.equals("opencl")) {
            return openOpenCl();
        }
        if (!backend.equals("cpu")) {
            throw new UserInputException("unknown backend '" + backend + "': use cpu or opencl");
        }
        if (device != null) {
            throw new UserInputException("--device applies to --backend opencl");
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

    private Backend openOpenCl() {
        if (threads != null || !gemm.equals("auto")) {
            throw new UserInputException("--threads and --gemm apply to --backend cpu");
        }
        try {
            return new OpenClBackend(device);
        } catch (OpenClUnavailableException | OpenClBuildException | IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
