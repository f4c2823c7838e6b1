package io.sl2a.tasks.cli;

import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.nn.models.FinerConfig;
import io.sl2a.nn.models.GaussConfig;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ReluConfig;
import io.sl2a.nn.models.SirenConfig;
import io.sl2a.tasks.io.UserInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --model} and the options of the models ({@link ModelCatalog}): each option is checked to
 * belong to the chosen model, and, with a checkpoint, to agree with it.
 */
public final class ModelOptions {
    @Option(names = "--model", defaultValue = "sl2a", paramLabel = "NAME",
            description = "Model: sl2a, relu, siren, gauss, finer (default: ${DEFAULT-VALUE}; see: sl2a models).")
    String model;

    @Option(names = "--width", description = "Hidden width (default: 256).")
    Integer width;

    @Option(names = "--layers", description = "Hidden layers (default: 3).")
    Integer layers;

    @Option(names = "--degree", description = "sl2a: Chebyshev degree (default: 256).")
    Integer degree;

    @Option(names = "--rank", description = "sl2a: rank of the hidden layers, or 'full' for dense layers (default: 128, or"
            + " the width if smaller).")
    String rank;

    @Option(names = "--no-modulation", description = "sl2a: feed y instead of x*y to each layer (ablation).")
    boolean noModulation;

    @Option(names = "--no-relu", description = "sl2a: hidden layers without ReLU (ablation).")
    boolean noRelu;

    @Option(names = "--omega0", description = "siren, finer: omega of the first layer (default: 30).")
    Float omega0;

    @Option(names = "--hidden-omega0", description = "siren, finer: omega of the later layers (default: 30).")
    Float hiddenOmega0;

    @Option(names = "--scale", description = "gauss: the Gaussian's scale s in exp(-(s z)^2) (default: 30).")
    Float scale;

    @Option(names = "--first-bias-scale", description = "finer: the first layer's bias is U(+-s); 0 keeps nn.Linear's"
            + " default (default: 20).")
    Float firstBiasScale;

    ModelCatalog.Entry entry() {
        return ModelCatalog.entry(model);
    }

    /** The options given on the command line, by flag, with their values as text. */
    private Map<String, String> given() {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "--width", width);
        put(given, "--layers", layers);
        put(given, "--degree", degree);
        put(given, "--rank", rank);
        if (noModulation) {
            given.put("--no-modulation", "");
        }
        if (noRelu) {
            given.put("--no-relu", "");
        }
        put(given, "--omega0", omega0);
        put(given, "--hidden-omega0", hiddenOmega0);
        put(given, "--scale", scale);
        put(given, "--first-bias-scale", firstBiasScale);
        return given;
    }

    private static void put(Map<String, String> given, String flag, Object value) {
        if (value != null) {
            given.put(flag, value.toString());
        }
    }

    /** Refuses an option the model has no use for. */
    private void requireOptionsOf(ModelCatalog.Entry entry) {
        for (String flag : given().keySet()) {
            if (!entry.takes(flag)) {
                throw new UserInputException(flag + " does not apply to --model " + entry.name() + " (its options: "
                        + entry.optionList() + ")");
            }
        }
    }

    /** The configuration the options describe, for {@code in} coordinates and {@code out} channels. */
    ModelConfig build(int in, int out) {
        return build(model, in, out);
    }

    private ModelConfig build(String modelName, int in, int out) {
        ModelCatalog.Entry entry = ModelCatalog.entry(modelName);
        requireOptionsOf(entry);
        int w = width == null ? 256 : width;
        int l = layers == null ? 3 : layers;
        try {
            return switch (entry.name()) {
                case "sl2a" -> new Sl2aConfig(in, out, degree == null ? 256 : degree, w, l, rank == null ? Math.min(128, w) : parseRank(rank),
                        !noModulation, !noRelu);
                case ReluConfig.NAME -> new ReluConfig(new MlpShape(in, out, w, l));
                case SirenConfig.NAME -> new SirenConfig(new MlpShape(in, out, w, l), or(omega0, 30), or(hiddenOmega0, 30));
                case GaussConfig.NAME -> new GaussConfig(new MlpShape(in, out, w, l), or(scale, 30));
                default -> new FinerConfig(new MlpShape(in, out, w, l), or(omega0, 30), or(hiddenOmega0, 30),
                        or(firstBiasScale, 20));
            };
        } catch (IllegalArgumentException e) {
            throw new UserInputException("invalid model options: " + e.getMessage());
        }
    }

    /** With a checkpoint the checkpoint decides the model; an option that contradicts it is refused. */
    void requireAgreement(ModelConfig checkpoint) {
        if (!model.equals("sl2a") && !model.equals(checkpoint.model())) {
            throw new UserInputException("--model " + model + " contradicts the checkpoint given with --init ("
                    + checkpoint.model() + ")");
        }
        ModelCatalog.Entry entry = ModelCatalog.entry(checkpoint.model());
        requireOptionsOf(entry);
        if (checkpoint instanceof Sl2aConfig c) {
            requireSame("--degree", degree, c.degree());
            requireSame("--width", width, c.width());
            requireSame("--layers", layers, c.hiddenLayers());
            if (rank != null && parseRank(rank) != c.rank()) {
                throw new UserInputException("--rank " + rank + " contradicts the checkpoint given with --init ("
                        + (c.fullRank() ? "full" : Integer.toString(c.rank())) + ")");
            }
            if ((noModulation && c.modulation()) || (noRelu && c.relu())) {
                throw new UserInputException((noModulation ? "--no-modulation" : "--no-relu")
                        + " contradicts the checkpoint given with --init");
            }
            return;
        }
        // The other models: an option agrees when the configuration it builds matches the checkpoint's.
        Map<String, String> theirs = checkpoint.metadata();
        Map<String, String> ours = build(checkpoint.model(), checkpoint.inFeatures(), checkpoint.outFeatures()).metadata();
        for (Map.Entry<String, String> flag : given().entrySet()) {
            String key = metadataKey(flag.getKey());
            if (!ours.get(key).equals(theirs.get(key))) {
                throw new UserInputException(flag.getKey() + " " + flag.getValue() + " contradicts the checkpoint given with"
                        + " --init (" + theirs.get(key) + ")");
            }
        }
    }

    private static String metadataKey(String flag) {
        return switch (flag) {
            case "--layers" -> "hidden_layers";
            case "--omega0" -> "first_omega";
            case "--hidden-omega0" -> "hidden_omega";
            case "--first-bias-scale" -> "first_bias_scale";
            default -> flag.substring(2);
        };
    }

    private static void requireSame(String option, Integer given, int checkpointValue) {
        if (given != null && given != checkpointValue) {
            throw new UserInputException(option + " " + given + " contradicts the checkpoint given with --init ("
                    + checkpointValue + ")");
        }
    }

    private static float or(Float value, float fallback) {
        return value == null ? fallback : value;
    }

    static int parseRank(String text) {
        if (text.equals("full")) {
            return Sl2aConfig.FULL_RANK;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1) {
                throw new UserInputException("--rank must be at least 1 or 'full', got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UserInputException("--rank must be a number or 'full', got '" + text + "'");
        }
    }
}
