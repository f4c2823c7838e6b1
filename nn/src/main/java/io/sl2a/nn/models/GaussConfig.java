package io.sl2a.nn.models;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.Map;

/** The Gaussian activation exp(-(scale z)^2) after every linear layer but the last; nn.Linear's initialisation. */
public record GaussConfig(MlpShape shape, float scale) implements MlpModel {
    public static final String NAME = "gauss";

    public GaussConfig {
        MlpShape.require(scale > 0, "scale must be positive, got " + scale);
    }

    @Override
    public String model() {
        return NAME;
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(),
                Activation.gauss(scale), Activation.gauss(scale), CoordinateMlp.Init.DEFAULT, 1.0f, 0.0f);
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = shape.metadata(NAME);
        meta.put("scale", Float.toString(scale));
        return meta;
    }

    @Override
    public GaussConfig withOutFeatures(int channels) {
        return new GaussConfig(shape.withOutFeatures(channels), scale);
    }

    static GaussConfig parse(ModelMetadata meta) {
        return new GaussConfig(MlpShape.parse(meta), meta.number("scale"));
    }
}
