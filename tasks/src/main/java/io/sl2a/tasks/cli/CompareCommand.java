package io.sl2a.tasks.cli;

import io.sl2a.tasks.compare.Contender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sl2a compare IMAGE... --models ...}: every model at its own defaults on every image, as
 * the paper's image-fitting comparison; a model that diverges is reported and the others go on.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit every model at its own defaults to every image and compare them.",
        footer = {"", "Writes into DIR: results.json, table.md, grid.png, convergence.png, and runs/IMAGE/MODEL/ with each"
                + " fit's outputs."})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to fit (PNG or JPEG).")
    List<Path> images;

    @Option(names = "--models", split = ",", paramLabel = "NAMES",
            description = "Comma-separated models (default: every model; see: sl2a models).")
    List<String> models;

    @Option(names = "--epochs", defaultValue = "100", description = "Passes over the pixels per fit (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every fit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--downscale", defaultValue = "1", paramLabel = "F",
            description = "Shrink every image by F with area averaging first (default: ${DEFAULT-VALUE}).")
    double downscale;

    @Option(names = "--out", defaultValue = "compare", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        List<String> names = models == null || models.isEmpty()
                ? ModelCatalog.MODELS.stream().map(ModelCatalog.Entry::name).toList() : models;
        List<Contender> contenders = new ArrayList<>();
        for (String name : names) {
            ModelCatalog.Entry entry = ModelCatalog.entry(name);
            ModelOptions options = new ModelOptions();
            options.model = name;
            contenders.add(new Contender(name, options.build(2, 3), entry.learningRate(), entry.batch()));
        }
        return new ComparisonRunner("compare", epochs, seed, downscale, out, backendOptions).run(images, contenders);
    }
}
