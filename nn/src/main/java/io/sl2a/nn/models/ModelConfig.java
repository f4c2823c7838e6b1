package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.ConstantBuffer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's configuration: everything that decides its network. Each model is a record of its
 * options, in one file with its {@link ModelSpec}; {@link #graph()} builds its layers with the
 * reference's state_dict names and initialisation, {@link #metadata()} is what its checkpoints
 * carry so they can be read back.
 */
public interface ModelConfig {
    /** What the library knows of the model: name, options, training defaults. */
    ModelSpec spec();

    /** The value of each of the spec's options that this configuration holds. */
    OptionValues optionValues();

    /** The model's name, as {@code --model} and the checkpoint's metadata spell it. */
    default String model() {
        return spec().name();
    }

    /** The network in words, for messages about a checkpoint that does not match it. */
    default String describe() {
        return "a " + model() + " network";
    }

    int inFeatures();

    int outFeatures();

    /** The network, layer by layer. */
    LayerGraph graph();

    /** The checkpoint's {@code __metadata__}: every field, as strings. */
    default Map<String, String> metadata() {
        return spec().metadata(this);
    }

    /** The same model for another number of output channels (the image's). */
    ModelConfig withOutFeatures(int channels);

    /**
     * Whether the network reads the whole training image besides its coordinates (INCODE's
     * harmonizer); such a model runs only where a task has that image ({@link #forTrainingImage}).
     */
    default boolean readsTrainingImage() {
        return false;
    }

    /**
     * The same model bound to the image it is trained on (interleaved pixels in [0, 1], {@code
     * height x width x channels}); models that do not read it ignore it.
     */
    default ModelConfig forTrainingImage(float[] pixels, int height, int width, int channels) {
        return this;
    }

    /**
     * The model completed from a checkpoint's tensors beyond its parameters (INCODE's image);
     * most models need nothing from there.
     */
    default ModelConfig withCheckpointTensors(Map<String, TensorData> tensors, String source) {
        return this;
    }

    /** Trainable values. */
    default long parameterCount() {
        return graph().trainableParameters().stream().mapToLong(Parameter::size).sum();
    }

    /**
     * Int64 buffers the reference module registers besides its parameters (an arange beside
     * Chebyshev coefficients), written into checkpoints: its layers' ({@link Layer#buffers}).
     */
    default Map<String, long[]> integerBuffers() {
        Map<String, long[]> buffers = new LinkedHashMap<>();
        for (ConstantBuffer b : graph().buffers()) {
            if (!b.isFloating()) {
                buffers.put(b.name(), b.longs());
            }
        }
        return buffers;
    }

    /**
     * Untrained float tensors the reference module keeps in its state_dict (WIRE's omega and
     * sigma, a KAN's grids), with their shapes, written into checkpoints: its layers'
     * ({@link Layer#buffers}); their values follow from the configuration. A model with tensors of
     * its own (INCODE's image) adds them.
     */
    default Map<String, TensorData> floatBuffers() {
        Map<String, TensorData> buffers = new LinkedHashMap<>();
        for (ConstantBuffer b : graph().buffers()) {
            if (b.isFloating()) {
                buffers.put(b.name(), TensorData.f32(b.shape(), b.floats()));
            }
        }
        return buffers;
    }
}
