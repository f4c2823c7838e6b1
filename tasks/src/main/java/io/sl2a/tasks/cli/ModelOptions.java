package io.sl2a.tasks.cli;

import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.nn.models.ChebyKanConfig;
import io.sl2a.nn.models.FinerConfig;
import io.sl2a.nn.models.GaussConfig;
import io.sl2a.nn.models.IncodeConfig;
import io.sl2a.nn.models.KanConfig;
import io.sl2a.nn.models.MfnFourierConfig;
import io.sl2a.nn.models.MfnGaborConfig;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ReluConfig;
import io.sl2a.nn.models.ReluPeConfig;
import io.sl2a.nn.models.SirenConfig;
import io.sl2a.nn.models.WireConfig;
import io.sl2a.tasks.io.UserInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --model} and the options of the models ({@link ModelCatalog}): each option is checked to
 * belong to the chosen model, and, with a checkpoint, to agree with it.
 */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME",
            description = "Model: sl2a, relu, relu-pe, siren, gauss, wire, finer, chebykan,"
                    + " mfn-fourier, mfn-gabor, kan, incode (default: sl2a; see: sl2a models).")
    String model;

    @Option(names = "--model-config", paramLabel = "FILE.json", description = "A whole model configuration: a JSON object"
            + " with \"model\" and the model's options without their dashes (\"hidden_omega0\": 30); see README.")
    java.nio.file.Path modelConfig;

    private boolean configRead;

    @Option(names = "--width", description = "Hidden width (default: 256; wire 300, chebykan 64, kan 127).")
    Integer width;

    @Option(names = "--layers", description = "Hidden layers (default: 3; wire 2).")
    Integer layers;

    @Option(names = "--degree", description = "sl2a, chebykan: Chebyshev degree (default: 256; chebykan 23).")
    Integer degree;

    @Option(names = "--rank", description = "sl2a: rank of the hidden layers, or 'full' for dense layers (default: 128, or"
            + " the width if smaller).")
    String rank;

    @Option(names = "--no-modulation", description = "sl2a: feed y instead of x*y to each layer (ablation).")
    boolean noModulation;

    @Option(names = "--no-relu", description = "sl2a: hidden layers without ReLU (ablation).")
    boolean noRelu;

    @Option(names = "--omega0", description = "siren, wire, finer, incode: omega of the first layer (default: 30).")
    Float omega0;

    @Option(names = "--hidden-omega0", description = "siren, wire, finer, incode: omega of the later layers (default: 30).")
    Float hiddenOmega0;

    @Option(names = "--pe-freqs", description = "relu-pe: frequencies of the positional encoding (default: 10).")
    Integer peFreqs;

    @Option(names = "--gauss-scale", description = "gauss: the Gaussian's scale s in exp(-(s z)^2) (default: 30).")
    Float scale;

    @Option(names = "--sigma0", description = "wire: sigma, the scale of the Gabor wavelet's Gaussian envelope (default: 30).")
    Float sigma0;

    @Option(names = "--input-scale", description = "mfn-fourier, mfn-gabor: the filters' scale (default: 256).")
    Float inputScale;

    @Option(names = "--weight-scale", description = "mfn-fourier, mfn-gabor: the hidden weights' scale (default: 1).")
    Float weightScale;

    @Option(names = "--alpha", description = "mfn-gabor: gamma ~ Gamma(alpha / (layers + 1), beta) (default: 6).")
    Float alpha;

    @Option(names = "--beta", description = "mfn-gabor: the rate of gamma's distribution (default: 1).")
    Float beta;

    @Option(names = "--grid-size", description = "kan: grid intervals of every spline (default: 5).")
    Integer gridSize;

    @Option(names = "--first-bias-scale", description = "finer: the first layer's bias is U(+-s); 0 keeps nn.Linear's"
            + " default (default: 20).")
    Float firstBiasScale;

    /** The model's name: --model, the configuration file's, or sl2a. */
    String modelName() {
        readConfigFile();
        return model == null ? "sl2a" : model;
    }

    ModelCatalog.Entry entry() {
        return ModelCatalog.entry(modelName());
    }

    /**
     * Takes every field of --model-config as if it were given on the command line; a field also
     * given there, an unknown field or a value of the wrong kind is refused.
     */
    private void readConfigFile() {
        if (modelConfig == null || configRead) {
            return;
        }
        configRead = true;
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(modelConfig.toFile());
        } catch (java.io.IOException e) {
            throw new UserInputException("cannot read --model-config " + modelConfig + ": " + (java.nio.file.Files.exists(
                    modelConfig) ? "not a JSON object" : "no such file"));
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException("--model-config " + modelConfig + " is not a JSON object");
        }
        for (java.util.Iterator<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = root.fields();
                it.hasNext();) {
            java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = it.next();
            String flag = "--" + field.getKey().replace('_', '-');
            com.fasterxml.jackson.databind.JsonNode value = field.getValue();
            boolean already = flag.equals("--model") ? model != null : given().containsKey(flag);
            if (already) {
                throw new UserInputException(flag + " is given both on the command line and in " + modelConfig);
            }
            String wrong = flag + " in " + modelConfig + " must be ";
            switch (flag) {
                case "--model" -> model = text(value, wrong + "a model name");
                case "--width" -> width = integer(value, wrong + "an integer");
                case "--layers" -> layers = integer(value, wrong + "an integer");
                case "--degree" -> degree = integer(value, wrong + "an integer");
                case "--rank" -> rank = value.isInt() ? Integer.toString(value.asInt()) : text(value, wrong + "an integer or \"full\"");
                case "--no-modulation" -> noModulation = bool(value, wrong + "true or false");
                case "--no-relu" -> noRelu = bool(value, wrong + "true or false");
                case "--omega0" -> omega0 = number(value, wrong + "a number");
                case "--hidden-omega0" -> hiddenOmega0 = number(value, wrong + "a number");
                case "--gauss-scale" -> scale = number(value, wrong + "a number");
                case "--sigma0" -> sigma0 = number(value, wrong + "a number");
                case "--input-scale" -> inputScale = number(value, wrong + "a number");
                case "--weight-scale" -> weightScale = number(value, wrong + "a number");
                case "--alpha" -> alpha = number(value, wrong + "a number");
                case "--beta" -> beta = number(value, wrong + "a number");
                case "--grid-size" -> gridSize = integer(value, wrong + "an integer");
                case "--pe-freqs" -> peFreqs = integer(value, wrong + "an integer");
                case "--first-bias-scale" -> firstBiasScale = number(value, wrong + "a number");
                default -> throw new UserInputException("unknown field \"" + field.getKey() + "\" in " + modelConfig);
            }
        }
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode v, String message) {
        if (!v.isTextual()) {
            throw new UserInputException(message);
        }
        return v.asText();
    }

    private static Integer integer(com.fasterxml.jackson.databind.JsonNode v, String message) {
        if (!v.isInt()) {
            throw new UserInputException(message);
        }
        return v.asInt();
    }

    private static Float number(com.fasterxml.jackson.databind.JsonNode v, String message) {
        if (!v.isNumber()) {
            throw new UserInputException(message);
        }
        return (float) v.asDouble();
    }

    private static boolean bool(com.fasterxml.jackson.databind.JsonNode v, String message) {
        if (!v.isBoolean()) {
            throw new UserInputException(message);
        }
        return v.asBoolean();
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
        put(given, "--pe-freqs", peFreqs);
        put(given, "--gauss-scale", scale);
        put(given, "--sigma0", sigma0);
        put(given, "--input-scale", inputScale);
        put(given, "--weight-scale", weightScale);
        put(given, "--alpha", alpha);
        put(given, "--beta", beta);
        put(given, "--grid-size", gridSize);
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

    /**
     * The configuration the options describe, for {@code in} coordinates and {@code out} channels,
     * for a task that has no training image to give the model: a model that reads one (INCODE) is refused.
     */
    ModelConfig build(int in, int out) {
        return withoutImage(build(modelName(), in, out, null));
    }

    /** As {@link #build(int, int)}, with SL2A's degree {@code sl2aDegree} unless the options set one (a task's default). */
    ModelConfig build(int in, int out, int sl2aDegree) {
        return withoutImage(build(modelName(), in, out, sl2aDegree));
    }

    /**
     * The configuration for fitting images: a model that reads the training image (INCODE) is
     * left for the caller to bind to each image ({@link ModelConfig#forTrainingImage}).
     */
    ModelConfig buildForImages(int channels) {
        return build(modelName(), 2, channels, null);
    }

    /** A model bound to the image it is fitted to (INCODE's harmonizer reads it); other models unchanged. */
    static ModelConfig boundTo(ModelConfig config, io.sl2a.tasks.image.Image picture) {
        return config.forTrainingImage(picture.pixels(), picture.height(), picture.width(), picture.channels());
    }

    private static ModelConfig withoutImage(ModelConfig config) {
        if (config.readsTrainingImage()) {
            throw new UserInputException("--model " + config.model() + " reads the whole training image (its harmonizer):"
                    + " it runs in fit and compare, and its checkpoints in render");
        }
        return config;
    }

    private ModelConfig build(String modelName, int in, int out, Integer sl2aDegree) {
        ModelCatalog.Entry entry = ModelCatalog.entry(modelName);
        requireOptionsOf(entry);
        int w = width == null ? Integer.parseInt(entry.defaultOf("--width")) : width;
        int l = layers == null ? Integer.parseInt(entry.defaultOf("--layers")) : layers;
        try {
            return switch (entry.name()) {
                case "sl2a" -> new Sl2aConfig(in, out, degree != null ? degree : sl2aDegree != null ? sl2aDegree : 256, w, l, rank == null ? Math.min(128, w) : parseRank(rank),
                        !noModulation, !noRelu);
                case MfnFourierConfig.NAME -> new MfnFourierConfig(new MlpShape(in, out, w, l), or(inputScale, 256),
                        or(weightScale, 1));
                case MfnGaborConfig.NAME -> new MfnGaborConfig(new MlpShape(in, out, w, l), or(inputScale, 256),
                        or(weightScale, 1), or(alpha, 6), or(beta, 1));
                case KanConfig.NAME -> new KanConfig(new MlpShape(in, out, w, l), gridSize == null ? 5 : gridSize);
                case ChebyKanConfig.NAME -> new ChebyKanConfig(new MlpShape(in, out, w, l), degree == null
                        ? Integer.parseInt(entry.defaultOf("--degree")) : degree);
                case ReluConfig.NAME -> new ReluConfig(new MlpShape(in, out, w, l));
                case ReluPeConfig.NAME -> new ReluPeConfig(new MlpShape(in, out, w, l), peFreqs == null ? 10 : peFreqs);
                case SirenConfig.NAME -> new SirenConfig(new MlpShape(in, out, w, l), or(omega0, 30), or(hiddenOmega0, 30));
                case GaussConfig.NAME -> new GaussConfig(new MlpShape(in, out, w, l), or(scale, 30));
                case IncodeConfig.NAME -> IncodeConfig.of(new MlpShape(in, out, w, l), or(omega0, 30), or(hiddenOmega0, 30));
                case WireConfig.NAME -> new WireConfig(new MlpShape(in, out, w, l), or(omega0, 30), or(hiddenOmega0, 30),
                        or(sigma0, 30));
                default -> new FinerConfig(new MlpShape(in, out, w, l), or(omega0, 30), or(hiddenOmega0, 30),
                        or(firstBiasScale, 20));
            };
        } catch (IllegalArgumentException e) {
            throw new UserInputException("invalid model options: " + e.getMessage());
        }
    }

    /** With a checkpoint the checkpoint decides the model; an option that contradicts it is refused. */
    void requireAgreement(ModelConfig checkpoint) {
        readConfigFile();
        if (model != null && !model.equals(checkpoint.model())) {
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
        Map<String, String> ours = build(checkpoint.model(), checkpoint.inFeatures(), checkpoint.outFeatures(), null).metadata();
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
            case "--sigma0" -> "sigma";
            case "--grid-size" -> "grid_size";
            case "--input-scale" -> "input_scale";
            case "--weight-scale" -> "weight_scale";
            case "--pe-freqs" -> "pe_freqs";
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
