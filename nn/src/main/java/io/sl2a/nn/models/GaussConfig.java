package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.List;

/** The Gaussian activation exp(-(scale z)^2) after every linear layer but the last; nn.Linear's initialisation. */
public record GaussConfig(MlpShape shape, float scale) implements MlpModel {
    public static final String NAME = "gauss";
    static final ModelOption SCALE = ModelOption.number("gauss-scale", 30, "> 0", "s").storedAs("scale");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "Gaussian activation exp(-(s z)^2)", 1e-4, 1024,
                    List.of(WIDTH, LAYERS, SCALE),
                    (in, out, v) -> new GaussConfig(MlpShape.of(in, out, v), v.number(SCALE)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(SCALE, scale);
    }

    public GaussConfig {
        MlpShape.require(scale > 0, "scale must be positive, got " + scale);
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(),
                Activation.gauss(scale), Activation.gauss(scale), CoordinateMlp.Init.DEFAULT, 1.0f, 0.0f);
    }

    @Override
    public GaussConfig withOutFeatures(int channels) {
        return new GaussConfig(shape.withOutFeatures(channels), scale);
    }
}
