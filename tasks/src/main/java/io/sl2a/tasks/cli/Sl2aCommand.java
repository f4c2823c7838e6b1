package io.sl2a.tasks.cli;

import picocli.CommandLine.Command;

/** The top-level {@code sl2a} command; the work happens in its subcommands. */
@Command(name = "sl2a", mixinStandardHelpOptions = true, version = "sl2a 0.1.0",
        description = "Implicit neural representations with SL2A-INR (learnable Chebyshev activations).",
        // The sweep commands live in the sweep module (with Spark), which ./sl2a starts for them.
        footer = {"", "Many fits at once, on Apache Spark: fit-many and sweep (see: sl2a fit-many --help,"
            + " docs/sweeps.md)."},
        subcommands = {FitCommand.class, CompareCommand.class, RenderCommand.class, ModelsCommand.class,
            SpectralBiasCommand.class, NtkCommand.class, AblationCommand.class, InpaintCommand.class, SuperresCommand.class,
            CtCommand.class, OccupancyCommand.class, MeshCommand.class, NerfSceneCommand.class, NerfCommand.class,
            NerfRenderCommand.class,
            DevicesCommand.class})
public final class Sl2aCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }
}
