package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.HIDDEN_OMEGA0;
import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.OMEGA0;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.List;

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
                    List.of(WIDTH, LAYERS, OMEGA0, HIDDEN_OMEGA0),
                    (in, out, v) -> new SirenConfig(MlpShape.of(in, out, v), v.number(OMEGA0),
                            v.number(HIDDEN_OMEGA0)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(OMEGA0, firstOmega, HIDDEN_OMEGA0,
                hiddenOmega);
    }

    public SirenConfig {
        MlpShape.require(firstOmega > 0 && hiddenOmega > 0,
                "omega must be positive, got " + firstOmega + " and " + hiddenOmega);
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
