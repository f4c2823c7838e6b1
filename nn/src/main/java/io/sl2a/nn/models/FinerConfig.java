package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.HIDDEN_OMEGA0;
import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.OMEGA0;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.List;

/**
 * FINER: sin(omega (|z| + 1) z) with the scale |z| + 1 held constant in the backward (the
 * reference's default), SIREN's initialisation, and optionally the first layer's bias drawn from
 * U(+-firstBiasScale) (0: nn.Linear's default).
 */
public record FinerConfig(MlpShape shape, float firstOmega, float hiddenOmega,
        float firstBiasScale) implements MlpModel {
    public static final String NAME = "finer";
    static final ModelOption FIRST_BIAS_SCALE = ModelOption.number("first-bias-scale", 20, ">= 0",
            "first layer's bias U(+-s); 0: nn.Linear's default");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "FINER: sin(omega (|z| + 1) z), SIREN's initialisation", 1e-4, 16384,
                    List.of(WIDTH, LAYERS, OMEGA0, HIDDEN_OMEGA0, FIRST_BIAS_SCALE),
                    (in, out, v) -> new FinerConfig(MlpShape.of(in, out, v), v.number(OMEGA0), v.number(HIDDEN_OMEGA0),
                            v.number(FIRST_BIAS_SCALE)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(OMEGA0, firstOmega, HIDDEN_OMEGA0,
                hiddenOmega, FIRST_BIAS_SCALE, firstBiasScale);
    }

    public FinerConfig {
        MlpShape.require(firstOmega > 0 && hiddenOmega > 0,
                "omega must be positive, got " + firstOmega + " and " + hiddenOmega);
        MlpShape.require(firstBiasScale >= 0, "first bias scale must not be negative, got " + firstBiasScale);
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(),
                Activation.finer(firstOmega), Activation.finer(hiddenOmega), CoordinateMlp.Init.SIREN, hiddenOmega,
                firstBiasScale);
    }

    @Override
    public FinerConfig withOutFeatures(int channels) {
        return new FinerConfig(shape.withOutFeatures(channels), firstOmega, hiddenOmega, firstBiasScale);
    }
}
