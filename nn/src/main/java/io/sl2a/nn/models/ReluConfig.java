package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import java.util.List;

/** The plain ReLU MLP on raw coordinates (the spectral-bias and NTK analyses' reference point). */
public record ReluConfig(MlpShape shape) implements MlpModel {
    public static final String NAME = "relu";
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "ReLU MLP on the raw coordinates", 1e-3, 1024,
                    List.of(WIDTH, LAYERS),
                    (in, out, v) -> new ReluConfig(MlpShape.of(in, out, v)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues();
    }

    @Override
    public LayerGraph graph() {
        return CoordinateMlp.graph(shape.inFeatures(), shape.outFeatures(), shape.width(), shape.hiddenLayers(),
                Activation.RELU,
                Activation.RELU, CoordinateMlp.Init.DEFAULT, 1.0f, 0.0f);
    }

    @Override
    public ReluConfig withOutFeatures(int channels) {
        return new ReluConfig(shape.withOutFeatures(channels));
    }
}
