package io.sl2a.tasks.cli;

import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.tasks.compare.Contender;
import io.sl2a.tasks.io.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sl2a ablation IMAGE...}: the SL2A variants of the paper's Tables 1 and 2 and its degree
 * ablation, each fitted to every image by the runner {@code compare} uses.
 */
@Command(name = "ablation", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit SL2A's ablations and size variants to every image and tabulate them.",
        footer = {"", "Variants: " + AblationCommand.VARIANT_LIST, "",
            "Writes into DIR: results.json, table.md, grid.png, convergence.png, and runs/IMAGE/VARIANT/."})
public final class AblationCommand implements Callable<Integer>, CommandDefaults {
    static final String VARIANT_LIST = "sl2a (width 256, degree 256, rank 128), rank32, width128 (degree 500), no-skip,"
            + " no-relu, degree16, degree32, degree64, degree128, degree512";

    @Mixin
    ComparisonOptions comparison;

    @Option(names = "--variants", split = ",", paramLabel = "NAMES",
            description = "Comma-separated variants (default: all; see below).")
    List<String> variants;

    /**
     * Every variant by name, with its row label: the paper's settings around the default (degree 256, width 256, rank
     * 128).
     */
    static Map<String, Contender> catalog() {
        ModelSpec sl2a = ModelOptions.spec(Sl2aConfig.NAME);
        Map<String, Contender> all = new LinkedHashMap<>();
        all.put("sl2a", contender(sl2a, "sl2a", 256, 256, 128, true, true));
        all.put("rank32", contender(sl2a, "rank 32", 256, 256, 32, true, true));
        all.put("width128", contender(sl2a, "width 128, degree 500", 500, 128, 128, true, true));
        all.put("no-skip", contender(sl2a, "no skip", 256, 256, 128, false, true));
        all.put("no-relu", contender(sl2a, "no ReLU", 256, 256, 128, true, false));
        for (int degree : new int[] {16, 32, 64, 128, 512}) {
            all.put("degree" + degree, contender(sl2a, "degree " + degree, degree, 256, 128, true, true));
        }
        return all;
    }

    private static Contender contender(ModelSpec entry, String label, int degree, int width, int rank,
            boolean modulation, boolean relu) {
        return new Contender(label, new Sl2aConfig(2, 3, degree, width, 3, rank, modulation, relu),
                entry.learningRate(),
                entry.batch());
    }

    @Mixin
    OutputFlag output;

    @Override
    public Integer call() {
        Map<String, Contender> all = catalog();
        List<String> names = variants == null || variants.isEmpty() ? List.copyOf(all.keySet()) : variants;
        List<Contender> contenders = new ArrayList<>();
        for (String name : names) {
            Contender c = all.get(name);
            if (c == null) {
                throw new UserInputException("unknown variant '" + name + "': use one of " + String.join(", ",
                        all.keySet()));
            }
            contenders.add(c);
        }
        return comparison.runner("ablation", output.out).run(comparison.images, contenders);
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--out", "ablation");
    }
}
