package io.sl2a.nn.models;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.Map;

/**
 * FINER: sin(omega (|z| + 1) z) with the scale |z| + 1 held constant in the backward (the
 * reference's default), SIREN's initialisation, and optionally the first layer's bias drawn from
 * U(+-firstBiasScale) (0: nn.Linear's default).
 */
public record FinerConfig(MlpShape shape, float firstOmega, float hiddenOmega, float firstBiasScale) implements MlpModel {
    public static final String NAME = "finer";

    public FinerConfig {
        MlpShape.require(firstOmega > 0 && hiddenOmega > 0, "omega must be positive, got " + firstOmega + " and " + hiddenOmega);
        MlpShape.require(firstBiasScale >= 0, "first bias scale must not be negative, got " + firstBiasScale);
    }

    @Override
    public String model() {
        return NAME;
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(),
                Activation.finer(firstOmega), Activation.finer(hiddenOmega), CoordinateMlp.Init.SIREN, hiddenOmega,
                firstBiasScale);
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = shape.metadata(NAME);
        meta.put("first_omega", Float.toString(firstOmega));
        meta.put("hidden_omega", Float.toString(hiddenOmega));
        meta.put("first_bias_scale", Float.toString(firstBiasScale));
        return meta;
    }

    @Override
    public FinerConfig withOutFeatures(int channels) {
        return new FinerConfig(shape.withOutFeatures(channels), firstOmega, hiddenOmega, firstBiasScale);
    }

    static FinerConfig parse(ModelMetadata meta) {
        return new FinerConfig(MlpShape.parse(meta), meta.number("first_omega"), meta.number("hidden_omega"),
                meta.number("first_bias_scale"));
    }
}
