package io.sl2a.nn.models;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.Map;

/**
 * SIREN: sin(omega z) after every linear layer but the last, the first with firstOmega, the others
 * with hiddenOmega (30 and 30), SIREN's initialisation.
 */
public record SirenConfig(MlpShape shape, float firstOmega, float hiddenOmega) implements MlpModel {
    public static final String NAME = "siren";

    public SirenConfig {
        MlpShape.require(firstOmega > 0 && hiddenOmega > 0, "omega must be positive, got " + firstOmega + " and " + hiddenOmega);
    }

    @Override
    public String model() {
        return NAME;
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(),
                Activation.sine(firstOmega), Activation.sine(hiddenOmega), CoordinateMlp.Init.SIREN, hiddenOmega, 0.0f);
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = shape.metadata(NAME);
        meta.put("first_omega", Float.toString(firstOmega));
        meta.put("hidden_omega", Float.toString(hiddenOmega));
        return meta;
    }

    @Override
    public SirenConfig withOutFeatures(int channels) {
        return new SirenConfig(shape.withOutFeatures(channels), firstOmega, hiddenOmega);
    }

    static SirenConfig parse(ModelMetadata meta) {
        return new SirenConfig(MlpShape.parse(meta), meta.number("first_omega"), meta.number("hidden_omega"));
    }
}
