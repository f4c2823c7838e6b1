package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import java.util.Map;

/**
 * A model's configuration: everything that decides its network. Each model is a record of its
 * options; {@link #graph()} builds its layers with the reference's state_dict names and
 * initialisation, {@link #metadata()} is what its checkpoints carry so they can be read back.
 */
public interface ModelConfig {
    /** The model's name, as {@code --model} and the checkpoint's metadata spell it. */
    String model();

    int inFeatures();

    int outFeatures();

    /** The network, layer by layer. */
    LayerGraph graph();

    /** The checkpoint's {@code __metadata__}: every field, as strings. */
    Map<String, String> metadata();

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

    /** Integer buffers the reference module registers besides its parameters (written into checkpoints). */
    default Map<String, long[]> integerBuffers() {
        return Map.of();
    }

    /**
     * Untrained float tensors the reference module keeps in its state_dict (WIRE's omega and
     * sigma, a KAN's grids), with their shapes, written into checkpoints; their values follow from
     * the configuration.
     */
    default Map<String, TensorData> floatBuffers() {
        return Map.of();
    }
}
