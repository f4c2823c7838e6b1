package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.tasks.analysis.SpectralBiasRun;
import io.sl2a.tasks.analysis.SpectralTarget;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.plot.FrequencyHeatmap;
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
 * {@code sl2a spectral-bias}: the 1-D spectral-bias protocol of Shi, Zhou and Gu (2024) that the
 * SL2A paper's Figure 6 follows, for several models: how fast each learns each frequency of the
 * target.
 */
@Command(name = "spectral-bias", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit a 1-D signal of four frequencies with each model and chart the relative error per frequency"
                + " over training.",
        footer = {"", "Writes into DIR: heatmap.png, fit.png, spectral.json."})
public final class SpectralBiasCommand implements Callable<Integer>, CommandDefaults {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The error below which a frequency counts as learnt (spectral.json's first_below). */
    static final double LEARNT = 0.1;

    @Option(names = "--models", split = ",", paramLabel = "NAMES", defaultValue = "sl2a,siren,relu,relu-pe,finer",
            description = "Comma-separated models (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--steps", defaultValue = "10000",
            description = "Full-batch Adam steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "N",
            description = "Record the error every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--lr", defaultValue = "1e-5",
            description = "Adam learning rate, the same for every model, constant"
            + " (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--width", defaultValue = "128", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--layers", defaultValue = "3", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--degree", defaultValue = "64",
            description = "sl2a: Chebyshev degree (default: ${DEFAULT-VALUE}).")
    int degree;

    @Option(names = "--omega0", defaultValue = "5", description = "siren, wire, finer: omega of every layer (default:"
            + " ${DEFAULT-VALUE}, the reference's 1-D setting).")
    float omega;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of every model's initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        if (steps < 1 || logEvery < 1) {
            throw new UserInputException("--steps and --log-every must be at least 1, got " + steps + " and " + logEvery);
        }
        if (!(learningRate > 0)) {
            throw new UserInputException("--lr must be positive, got " + learningRate);
        }
        Map<String, ModelConfig> configs = new LinkedHashMap<>();
        for (String name : models) {
            configs.put(name, config(name));
        }
        OutputDirectory.claim(output.out);
        List<SpectralBiasRun.Result> results = new ArrayList<>();
        try (Backend backend = backendOptions.open()) {
            for (Map.Entry<String, ModelConfig> model : configs.entrySet()) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName(model.getKey()).setInitialMax(steps)
                        .setUnit(" steps", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build()) {
                    results.add(SpectralBiasRun.run(model.getKey(), model.getValue(), backend, steps, logEvery,
                            learningRate,
                            seed, bar::stepTo));
                }
            }
        }
        try {
            write(results);
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + output.out + ": " + IoErrors.reason(e));
        }
        System.err.printf("sl2a spectral-bias: %d models, %d steps; wrote %s%n", results.size(), steps, output.out);
        for (SpectralBiasRun.Result r : results) {
            StringBuilder line = new StringBuilder(String.format("  %-8s", r.model()));
            if (r.diverged()) {
                line.append(" diverged at step ").append(r.steps().length == 0 ? 0 : r.steps()[r.steps().length - 1]);
            }
            for (int k = 0; k < SpectralTarget.FREQUENCIES.length; k++) {
                int first = r.firstBelow(k, LEARNT);
                line.append(String.format("  k=%d: %s", SpectralTarget.FREQUENCIES[k], first < 0 ? "not learnt"
                        : "step " + first));
            }
            System.err.println(line);
        }
        return 0;
    }

    private ModelConfig config(String name) {
        ModelOptions options = ModelOptions.of(name).set("width", width).set("layers", layers);
        if (options.spec().option("degree") != null) {
            options.set("degree", degree);
        }
        if (options.spec().option("omega0") != null) {
            options.set("omega0", omega).set("hidden-omega0", omega);
        }
        return options.build(1, 1);
    }

    private void write(List<SpectralBiasRun.Result> results) throws IOException {
        List<String> rows = new ArrayList<>();
        for (int k : SpectralTarget.FREQUENCIES) {
            rows.add("k=" + k + " (" + k / 2.0 + " Hz)");
        }
        List<FrequencyHeatmap.Panel> panels = new ArrayList<>();
        for (SpectralBiasRun.Result r : results) {
            panels.add(new FrequencyHeatmap.Panel(r.model() + (r.diverged() ? " (diverged)" : ""), rows, r.steps(),
                    r.delta(),
                    r.diverged()));
        }
        FrequencyHeatmap.write(panels, "Relative error per frequency during training (lr " + learningRate + ")",
                "|\u0394| / |target|", 1.0, "step", steps, output.out.resolve("heatmap.png"));

        float[] x = SpectralTarget.coordinates(SpectralTarget.POINTS);
        Map<String, double[][]> lines = new LinkedHashMap<>();
        lines.put("target", new double[][] {toDouble(x), toDouble(SpectralTarget.values(x))});
        for (SpectralBiasRun.Result r : results) {
            if (!r.diverged()) {
                lines.put(r.model(), new double[][] {toDouble(x), toDouble(r.finalFit())});
            }
        }
        LinePlot.write(lines, "Fits after " + steps + " steps", "x", "y", false, false, output.out.resolve("fit.png"));

        ObjectNode root = JSON.createObjectNode();
        root.put("points", SpectralTarget.POINTS);
        root.put("steps", steps);
        root.put("log_every", logEvery);
        root.put("lr", learningRate);
        root.put("seed", seed);
        root.put("learnt_below", LEARNT);
        ArrayNode frequencies = root.putArray("frequencies");
        for (int k : SpectralTarget.FREQUENCIES) {
            frequencies.add(k);
        }
        ObjectNode byModel = root.putObject("models");
        for (SpectralBiasRun.Result r : results) {
            ObjectNode node = byModel.putObject(r.model());
            node.put("params", r.params());
            node.put("diverged", r.diverged());
            ArrayNode logged = node.putArray("logged_steps");
            for (int s : r.steps()) {
                logged.add(s);
            }
            ArrayNode loss = node.putArray("loss");
            for (double l : r.loss()) {
                loss.add(l);
            }
            ObjectNode delta = node.putObject("delta");
            ObjectNode first = node.putObject("first_below");
            for (int k = 0; k < SpectralTarget.FREQUENCIES.length; k++) {
                ArrayNode values = delta.putArray(Integer.toString(SpectralTarget.FREQUENCIES[k]));
                for (double d : r.delta()[k]) {
                    values.add(d);
                }
                int step = r.firstBelow(k, LEARNT);
                if (step < 0) {
                    first.putNull(Integer.toString(SpectralTarget.FREQUENCIES[k]));
                } else {
                    first.put(Integer.toString(SpectralTarget.FREQUENCIES[k]), step);
                }
            }
        }
        AtomicFiles.write(output.out.resolve("spectral.json"), JSON.writeValueAsBytes(root));
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--out", "spectral-bias");
    }
}
