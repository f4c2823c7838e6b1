package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.tasks.analysis.EmpiricalNtk;
import io.sl2a.tasks.analysis.NtkSpectrum;
import io.sl2a.tasks.analysis.SpectralTarget;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.plot.KernelImages;
import io.sl2a.tasks.plot.LinePlot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sl2a ntk}: the empirical neural tangent kernel at initialisation of several models and
 * the decay of its eigenvalues, as the SL2A paper's NTK analysis: SL2A over Chebyshev degrees and
 * without its modulation (skip), beside ReLU, SIREN and FINER.
 */
@Command(name = "ntk", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The empirical NTK of each model at initialisation and its eigenvalue decay.",
        footer = {"", "Writes into DIR: eigenvalues.png, ntk.png, ntk.json."})
public final class NtkCommand implements Callable<Integer>, CommandDefaults {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--models", split = ",", paramLabel = "NAMES", defaultValue = "sl2a,relu,siren,finer",
            description = "Comma-separated models (default: ${DEFAULT-VALUE}); sl2a runs once per --degrees.")
    List<String> models;

    @Option(names = "--degrees", split = ",", defaultValue = "16,64,256,512",
            description = "sl2a: Chebyshev degrees (default: ${DEFAULT-VALUE}).")
    List<Integer> degrees;

    @Option(names = "--no-skip-ablation",
            description = "Leave out SL2A without its modulation (at the largest degree).")
    boolean noSkipAblation;

    @Option(names = "--dim", defaultValue = "1",
            description = "Input dimension: 1 (points on [-1, 1]) or 2 (an n x n grid"
            + " on [-1, 1]^2) (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--points", defaultValue = "256", paramLabel = "N",
            description = "Inputs N (for --dim 2 a square, n = sqrt N) (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--width", defaultValue = "128", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--layers", defaultValue = "3", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--memory-mb", defaultValue = "256", description = "Memory for rows of the Jacobian (default:"
            + " ${DEFAULT-VALUE}).")
    long memoryMb;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of every initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    /** One network of the sweep. */
    record Variant(String label, ModelConfig config) {
    }

    /** What was measured of one variant. */
    record Measured(Variant variant, double[][] kernel, double[] eigenvalues, double slope) {
    }

    @Override
    public Integer call() {
        float[] inputs = inputs();
        List<Variant> variants = variants();
        OutputDirectory.claim(output.out);
        List<Measured> measured = new ArrayList<>();
        long budget = memoryMb * 1024 * 1024;
        try (Backend backend = backendOptions.open()) {
            for (Variant v : variants) {
                long params = v.config().parameterCount();
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName(v.label())
                        .setInitialMax(EmpiricalNtk.gradientsNeeded(points, params, budget)).setUnit(" gradients", 1)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build()) {
                    LayerGraph graph = v.config().graph();
                    double[][] kernel = EmpiricalNtk.kernel(backend, graph, graph.initialParameters(seed), inputs,
                            points,
                            budget, bar::stepTo);
                    double[] eigenvalues = NtkSpectrum.eigenvalues(kernel);
                    measured.add(new Measured(v, kernel, eigenvalues, NtkSpectrum.decaySlope(eigenvalues)));
                }
            }
        }
        try {
            write(measured);
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + output.out + ": " + IoErrors.reason(e));
        }
        System.err.printf("sl2a ntk: %d networks, %d inputs (%d-D); wrote %s%n", measured.size(), points, dim,
                output.out);
        System.err.printf("  decay slope of log eigenvalue against log index, i = 1..%d (more negative: faster decay)%n",
                NtkSpectrum.decayRangeEnd(points));
        measured.stream().sorted((a, b) -> Double.compare(a.slope(), b.slope())).forEach(m -> System.err.printf(
                "  %-22s %8.3f   (%,d parameters, largest eigenvalue %.4g)%n", m.variant().label(), m.slope(),
                m.variant().config().parameterCount(), m.eigenvalues()[0]));
        return 0;
    }

    private float[] inputs() {
        if (dim != 1 && dim != 2) {
            throw new UserInputException("--dim must be 1 or 2, got " + dim);
        }
        if (points < 2) {
            throw new UserInputException("--points must be at least 2, got " + points);
        }
        if (memoryMb < 1) {
            throw new UserInputException("--memory-mb must be at least 1, got " + memoryMb);
        }
        if (dim == 1) {
            return SpectralTarget.coordinates(points);
        }
        int n = (int) Math.round(Math.sqrt(points));
        if (n * n != points) {
            throw new UserInputException("--points must be a square for --dim 2, got " + points);
        }
        float[] grid = new float[2 * points];
        for (int row = 0; row < n; row++) {
            for (int column = 0; column < n; column++) {
                grid[2 * (row * n + column)] = GridCoordinates.linspace(column, n);
                grid[2 * (row * n + column) + 1] = GridCoordinates.linspace(row, n);
            }
        }
        return grid;
    }

    private List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (String name : models) {
            if (!name.equals("sl2a")) {
                variants.add(new Variant(name, options(name).build(dim, 1)));
                continue;
            }
            for (int degree : degrees) {
                variants.add(new Variant("sl2a degree " + degree, options(name).set("degree", degree).build(dim, 1)));
            }
            if (!noSkipAblation && !degrees.isEmpty()) {
                int degree = degrees.stream().mapToInt(Integer::intValue).max().getAsInt();
                variants.add(new Variant("sl2a degree " + degree + " no skip", options(name).set("degree", degree)
                        .set("no-modulation", true).build(dim, 1)));
            }
        }
        return variants;
    }

    private ModelOptions options(String name) {
        return ModelOptions.of(name).set("width", width).set("layers", layers);
    }

    private void write(List<Measured> measured) throws IOException {
        Map<String, double[][]> lines = new LinkedHashMap<>();
        List<KernelImages.Kernel> kernels = new ArrayList<>();
        for (Measured m : measured) {
            double[] index = new double[m.eigenvalues().length];
            for (int i = 0; i < index.length; i++) {
                index[i] = i + 1;
            }
            lines.put(m.variant().label(), new double[][] {index, m.eigenvalues()});
            kernels.add(new KernelImages.Kernel(m.variant().label(), m.kernel()));
        }
        LinePlot.write(lines, "NTK eigenvalues at initialisation (" + points + " inputs, " + dim + "-D)", "index",
                "eigenvalue", true, true, output.out.resolve("eigenvalues.png"));
        KernelImages.write(kernels, output.out.resolve("ntk.png"));
        ObjectNode root = JSON.createObjectNode();
        root.put("dim", dim);
        root.put("points", points);
        root.put("seed", seed);
        root.put("decay_range", "1.." + NtkSpectrum.decayRangeEnd(points));
        ArrayNode list = root.putArray("networks");
        for (Measured m : measured) {
            ObjectNode node = list.addObject();
            node.put("label", m.variant().label());
            node.put("model", m.variant().config().model());
            m.variant().config().metadata().forEach(node.putObject("config")::put);
            node.put("params", m.variant().config().parameterCount());
            node.put("decay_slope", m.slope());
            double trace = 0;
            for (int i = 0; i < points; i++) {
                trace += m.kernel()[i][i];
            }
            node.put("trace", trace);
            ArrayNode values = node.putArray("eigenvalues");
            for (double v : m.eigenvalues()) {
                values.add(v);
            }
        }
        AtomicFiles.write(output.out.resolve("ntk.json"), JSON.writeValueAsBytes(root));
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--out", "ntk");
    }
}
