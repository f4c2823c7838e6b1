package io.sl2a.tasks.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code compare} and {@code ablation} share: the images and how every fit runs on them. */
public final class ComparisonOptions {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to fit (PNG or JPEG).")
    List<Path> images;

    @Option(names = "--epochs", defaultValue = "100", description = "Passes over the pixels per fit (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every fit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--downscale", defaultValue = "1", paramLabel = "F",
            description = "Shrink every image by F with area averaging first (default: ${DEFAULT-VALUE}).")
    double downscale;

    @Option(names = "--batch", paramLabel = "N",
            description = "Batch of every fit (default: each model's own, as `sl2a models` lists).")
    Integer batch;

    @picocli.CommandLine.Mixin
    BackendOptions backendOptions;

    /** The runner for these options, writing into {@code out}. */
    ComparisonRunner runner(String command, Path out) {
        return new ComparisonRunner(command, epochs, seed, downscale, batch, out, backendOptions);
    }
}
