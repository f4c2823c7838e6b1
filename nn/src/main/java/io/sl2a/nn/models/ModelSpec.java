package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.AdamSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the library knows of a model: its name, a line about it, its options (each declared once,
 * see {@link ModelOption}), its training defaults, and how its configuration is built from option
 * values. {@link ModelRegistry} finds every spec through {@link java.util.ServiceLoader}, so a jar
 * on the class path with a {@code META-INF/services/io.sl2a.nn.models.ModelSpec} file adds models
 * without any change here. The command line, {@code models}, {@code --model-config}, checkpoints
 * and the benchmarks all read the specs.
 */
public interface ModelSpec {
    /** The name {@code --model} and the checkpoint metadata's {@code model} field use. */
    String name();

    /** One line for {@code sl2a models}. */
    String description();

    /** The options, in the order help lists them and checkpoint metadata stores them. */
    List<ModelOption> options();

    /** The Adam learning rate it trains with unless told otherwise. */
    double learningRate();

    /** Adam's betas and eps for this model: PyTorch's unless its authors trained with others. */
    default AdamSettings adam() {
        return AdamSettings.PYTORCH;
    }

    /** The points a minibatch holds unless told otherwise. */
    int batch();

    /**
     * The configuration for {@code in} coordinates and {@code out} channels; an invalid value throws
     * IllegalArgumentException.
     */
    ModelConfig build(int in, int out, OptionValues values);

    /**
     * The configuration for {@code in} coordinates and {@code out} channels scaled to about
     * {@code budget} trainable parameters ({@code --params}), the other options as given: by
     * default the hidden width is searched (every model of this library has one); a model that
     * grows otherwise (a grid's table or resolution) overrides this.
     */
    default ModelConfig scaledTo(int in, int out, OptionValues values, long budget) {
        return ParameterBudget.nearest(this, in, out, values, option(SharedOptions.WIDTH.name()), budget);
    }

    /** The option this spec declares under {@code name}, or null. */
    default ModelOption option(String name) {
        return options().stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The checkpoint metadata of a configuration of this model: the format, the model's name, its
     * coordinates and channels, then each option under its metadata key.
     */
    default Map<String, String> metadata(ModelConfig config) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelMetadata.FORMAT, "sl2a");
        meta.put(ModelMetadata.MODEL, name());
        meta.put(ModelMetadata.IN_FEATURES, Integer.toString(config.inFeatures()));
        meta.put(ModelMetadata.OUT_FEATURES, Integer.toString(config.outFeatures()));
        OptionValues values = config.optionValues();
        for (ModelOption option : options()) {
            meta.put(option.metadataKey(), option.codec().write().apply(values.get(option)));
        }
        return meta;
    }

    /** The configuration a checkpoint's metadata describes (the inverse of {@link #metadata}). */
    default ModelConfig fromMetadata(ModelMetadata meta) {
        return fromOptionMetadata(this, meta);
    }

    /** {@code spec}'s configuration from its coordinates, channels and options as the metadata holds them. */
    static ModelConfig fromOptionMetadata(ModelSpec spec, ModelMetadata meta) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ModelOption option : spec.options()) {
            values.put(option.name(), meta.value(option));
        }
        return spec.build(meta.integer(ModelMetadata.IN_FEATURES), meta.integer(ModelMetadata.OUT_FEATURES),
                OptionValues.of(values));
    }

    /**
     * The configuration of a checkpoint without metadata (a plain state_dict export), read off its
     * tensors' shapes; most models cannot, and say so.
     */
    default ModelConfig fromTensors(Map<String, TensorData> tensors, String source) {
        throw new CheckpointException(source + ": the checkpoint has no metadata to say what " + name() + " network it holds");
    }
}
