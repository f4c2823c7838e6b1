package io.sl2a.tasks.cli;

import io.sl2a.tasks.compare.Contender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sl2a compare IMAGE... --models ...}: every model at its own defaults on every image, as
 * the paper's image-fitting comparison; a model that diverges is reported and the others go on.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit every model at its own defaults (or all at one size: --params) to every image and compare"
        + " them.",
        footer = {"",
                "Writes into DIR: results.json, table.md, grid.png, convergence.png, and runs/IMAGE/MODEL/ with each"
                + " fit's outputs."})
public final class CompareCommand implements Callable<Integer>, CommandDefaults {
    @Mixin
    ComparisonOptions comparison;

    @Option(names = "--models", split = ",", paramLabel = "NAMES",
            description = "Comma-separated models (default: every model; see: sl2a models).")
    List<String> models;

    @Mixin
    ParamsFlag size;

    @Mixin
    OutputFlag output;

    @Override
    public Integer call() {
        List<String> names = models == null || models.isEmpty()
                ? ModelOptions.modelNames() : models;
        List<Contender> contenders = new ArrayList<>();
        for (String name : names) {
            ModelOptions options = ModelOptions.of(name).sizedTo(size.budget());
            contenders.add(new Contender(name, options.buildForImages(3), options.spec().learningRate(),
                    options.spec().batch()));
        }
        return comparison.runner("compare", output.out).run(comparison.images, contenders);
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--out", "compare");
    }
}
