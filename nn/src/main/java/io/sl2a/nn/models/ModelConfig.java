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
