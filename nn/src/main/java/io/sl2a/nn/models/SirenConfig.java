package io.sl2a.nn.models;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.List;
import java.util.Map;

/**
 * SIREN: sin(omega z) after every linear layer but the last, the first with firstOmega, the others
 * with hiddenOmega (30 and 30), SIREN's initialisation.
 */
public record SirenConfig(MlpShape shape, float firstOmega, float hiddenOmega) implements MlpModel {
    public static final String NAME = "siren";
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "SIREN: sin(omega z), SIREN's initialisation", 1e-3, 65536,
                    List.of(SharedOptions.WIDTH, SharedOptions.LAYERS, SharedOptions.OMEGA0, SharedOptions.HIDDEN_OMEGA0),
                    (in, out, v) -> new SirenConfig(MlpShape.of(in, out, v), v.number(SharedOptions.OMEGA0), v.number(SharedOptions.HIDDEN_OMEGA0)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return OptionValues.of(SharedOptions.WIDTH, shape.width(), SharedOptions.LAYERS, shape.hiddenLayers(), SharedOptions.OMEGA0, firstOmega, SharedOptions.HIDDEN_OMEGA0, hiddenOmega);
    }

    public SirenConfig {
        MlpShape.require(firstOmega > 0 && hiddenOmega > 0, "omega must be positive, got " + firstOmega + " and " + hiddenOmega);
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(),
                Activation.sine(firstOmega), Activation.sine(hiddenOmega), CoordinateMlp.Init.SIREN, hiddenOmega, 0.0f);
    }

    @Override
    public SirenConfig withOutFeatures(int channels) {
        return new SirenConfig(shape.withOutFeatures(channels), firstOmega, hiddenOmega);
    }
}
