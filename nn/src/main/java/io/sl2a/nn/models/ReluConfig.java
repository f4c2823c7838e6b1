package io.sl2a.nn.models;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.Map;

/** The plain ReLU MLP on raw coordinates (the spectral-bias and NTK analyses' reference point). */
public record ReluConfig(MlpShape shape) implements MlpModel {
    public static final String NAME = "relu";

    @Override
    public String model() {
        return NAME;
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(), Activation.RELU,
                Activation.RELU, CoordinateMlp.Init.DEFAULT, 1.0f, 0.0f);
    }

    @Override
    public Map<String, String> metadata() {
        return shape.metadata(NAME);
    }

    @Override
    public ReluConfig withOutFeatures(int channels) {
        return new ReluConfig(shape.withOutFeatures(channels));
    }

    static ReluConfig parse(ModelMetadata meta) {
        return new ReluConfig(MlpShape.parse(meta));
    }
}
