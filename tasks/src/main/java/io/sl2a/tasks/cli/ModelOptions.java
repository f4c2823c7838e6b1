package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelOption;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.models.OptionValues;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.io.UserText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --model}, {@code --model-config} and the options of every model of the registry
 * ({@link ModelRegistry}), which {@link ModelOptionFlags} adds to each command that mixes this in:
 * each option is checked to belong to the chosen model, and, with a checkpoint, to agree with it.
 */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME", description = "Model (default: sl2a; see: sl2a models).")
    String model;

    @Option(names = "--model-config", paramLabel = "FILE.json",
            description = "A whole model configuration: a JSON object"
            + " with \"model\" and the model's options without their dashes (\"hidden_omega0\": 30); see docs/cli.md.")
    Path modelConfig;

    /** The model options given, by option name (on the command line, from --model-config, or set by a command). */
    private final Map<String, Object> given = new LinkedHashMap<>();
    private boolean configRead;
    /** --params: the trainable parameters the model is sized to; null keeps its own size. */
    private Long parameterBudget;

    /** Options for {@code model} with nothing else given, for a command that builds models itself. */
    static ModelOptions of(String model) {
        ModelOptions options = new ModelOptions();
        options.model = model;
        return options;
    }

    /** Gives the option named {@code name} (as on the command line); null or a false flag takes it back. */
    ModelOptions set(String name, Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            given.remove(name);
        } else {
            given.put(name, value);
        }
        return this;
    }

    /** Whether the option named {@code name} is given (on the command line or in --model-config). */
    boolean gives(String name) {
        readConfigFile();
        return given.containsKey(name);
    }

    /** Sizes the model built to about {@code budget} trainable parameters (--params); null keeps its own size. */
    ModelOptions sizedTo(Long budget) {
        parameterBudget = budget;
        return this;
    }

    /** The model's name: --model, the configuration file's, or sl2a. */
    String modelName() {
        readConfigFile();
        return model == null ? Sl2aConfig.NAME : model;
    }

    /**
     * The model named by --model or by --model-config's "model", or null where neither names one
     * (for a command that hands the options on, as {@code fit-many} does).
     */
    public String namedModel() {
        readConfigFile();
        return model;
    }

    /** The model options given, on the command line or in --model-config, by option name (flags given are true). */
    public Map<String, Object> givenOptions() {
        readConfigFile();
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(given));
    }

    /** The chosen model's spec. */
    ModelSpec spec() {
        return spec(modelName());
    }

    static ModelSpec spec(String name) {
        return ModelRegistry.find(name).orElseThrow(() -> new UserInputException("unknown model '" + UserText.quote(name)
                + "': use one of "
                + String.join(", ", ModelRegistry.names()) + " (see: sl2a models)"));
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
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(modelConfig.toFile());
        } catch (IOException e) {
            throw new UserInputException("cannot read --model-config " + modelConfig + ": " + (Files.exists(modelConfig)
                    ? "not a JSON object" : "no such file"));
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException("--model-config " + modelConfig + " is not a JSON object");
        }
        Map<String, ModelOption> byKey = new LinkedHashMap<>();
        ModelOptionFlags.allOptions().forEach(o -> byKey.putIfAbsent(o.jsonKey(), o));
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("model")) {
                if (model != null) {
                    throw new UserInputException("--model is given both on the command line and in " + modelConfig);
                }
                if (!value.isTextual()) {
                    throw new UserInputException("--model in " + modelConfig + " must be a model name");
                }
                model = value.asText();
                continue;
            }
            ModelOption option = byKey.get(field.getKey());
            if (option == null) {
                throw new UserInputException("unknown field \"" + UserText.quote(field.getKey()) + "\" in " + modelConfig);
            }
            if (given.containsKey(option.name())) {
                throw new UserInputException(option.flag() + " is given both on the command line and in " + modelConfig);
            }
            set(option.name(), jsonValue(option, value));
        }
    }

    private Object jsonValue(ModelOption option, JsonNode value) {
        String wrong = option.flag() + " in " + modelConfig + " must be ";
        return switch (option.type()) {
            case INTEGER -> {
                require(value.isInt(), wrong + "an integer");
                yield value.asInt();
            }
            case NUMBER -> {
                require(value.isNumber(), wrong + "a number");
                yield (float) value.asDouble();
            }
            case FLAG -> {
                require(value.isBoolean(), wrong + "true or false");
                yield value.asBoolean();
            }
            case TEXT -> {
                require(value.isTextual() || value.isInt(), wrong + "text or an integer");
                // Messages quote the value: a line break in it would break them over lines.
                require(UserText.quote(value.asText(), Integer.MAX_VALUE).equals(value.asText()),
                        wrong + "text without control characters");
                yield value.isInt() ? Integer.toString(value.asInt()) : value.asText();
            }
        };
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UserInputException(message);
        }
    }

    /** Refuses an option the model has no use for. */
    private void requireOptionsOf(ModelSpec spec) {
        for (String name : given.keySet()) {
            if (spec.option(name) == null) {
                throw new UserInputException("--" + name + " does not apply to --model " + spec.name() + " (its options: "
                        + String.join(", ", spec.options().stream().map(ModelOption::flag).toList()) + ")");
            }
        }
    }

    /**
     * The configuration the options describe, for {@code in} coordinates and {@code out} channels,
     * for a task that has no training image to give the model: a model that reads one (INCODE) is refused.
     */
    ModelConfig build(int in, int out) {
        return withoutImage(build(spec(), in, out, null));
    }

    /**
     * As {@link #build(int, int)}, with SL2A's degree {@code sl2aDegree} unless the options set one (a task's default).
     */
    ModelConfig build(int in, int out, int sl2aDegree) {
        return withoutImage(build(spec(), in, out, sl2aDegree));
    }

    /**
     * The configuration for fitting images: a model that reads the training image (INCODE) is
     * left for the caller to bind to each image ({@link ModelConfig#forTrainingImage}).
     */
    ModelConfig buildForImages(int channels) {
        return build(spec(), 2, channels, null);
    }

    /** A model bound to the image it is fitted to (INCODE's harmonizer reads it); other models unchanged. */
    static ModelConfig boundTo(ModelConfig config, Image picture) {
        return config.forTrainingImage(picture.pixels(), picture.height(), picture.width(), picture.channels());
    }

    private static ModelConfig withoutImage(ModelConfig config) {
        if (config.readsTrainingImage()) {
            throw new UserInputException("--model " + config.model() + " reads the whole training image (its harmonizer):"
                    + " it runs in fit and compare, and its checkpoints in render");
        }
        return config;
    }

    private ModelConfig build(ModelSpec spec, int in, int out, Integer sl2aDegree) {
        requireOptionsOf(spec);
        OptionValues values = OptionValues.of(given);
        if (sl2aDegree != null && spec.name().equals(Sl2aConfig.NAME)) {
            values = values.withDefault(spec.option("degree"), sl2aDegree);
        }
        return buildFrom(spec, in, out, values, parameterBudget);
    }

    private static ModelConfig buildFrom(ModelSpec spec, int in, int out, OptionValues values, Long budget) {
        try {
            return budget == null ? spec.build(in, out, values) : spec.scaledTo(in, out, values, budget);
        } catch (IllegalArgumentException e) {
            // A message that names its flag (--rank's) is about that option alone.
            throw new UserInputException(e.getMessage().startsWith("--") ? e.getMessage()
                    : "invalid model options: " + e.getMessage());
        }
    }

    /**
     * With a checkpoint the checkpoint decides the model; an option that contradicts it is
     * refused: a given option agrees when the configuration it makes (the checkpoint's, with the
     * options given) holds the checkpoint's value.
     */
    void requireAgreement(ModelConfig checkpoint) {
        requireAgreement(checkpoint, "the checkpoint given with --init");
    }

    /** As {@link #requireAgreement(ModelConfig)}, the checkpoint named in messages as {@code source}. */
    void requireAgreement(ModelConfig checkpoint, String source) {
        readConfigFile();
        if (model != null && !model.equals(checkpoint.model())) {
            throw new UserInputException("--model " + UserText.quote(model) + " contradicts " + source + " ("
                    + checkpoint.model() + ")");
        }
        ModelSpec spec = checkpoint.spec();
        requireOptionsOf(spec);
        OptionValues theirs = checkpoint.optionValues();
        Map<String, Object> merged = new LinkedHashMap<>(theirs.given());
        merged.putAll(given);
        OptionValues ours;
        try {
            ours = buildFrom(spec, checkpoint.inFeatures(), checkpoint.outFeatures(),
                    OptionValues.of(merged), null).optionValues();
        } catch (UserInputException invalid) {
            ours = OptionValues.of(merged); // the options cannot make that network: name the first that differs
        }
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            ModelOption option = spec.option(entry.getKey());
            String held = option.codec().write().apply(theirs.get(option));
            if (!option.codec().write().apply(ours.get(option)).equals(held)) {
                throw new UserInputException(option.type() == ModelOption.Type.FLAG
                        ? option.flag() + " contradicts " + source
                        : option.flag() + " " + entry.getValue() + " contradicts " + source + " (" + held + ")");
            }
        }
    }

    /** Every model's name, in the registry's order. */
    static List<String> modelNames() {
        return ModelRegistry.names();
    }
}
