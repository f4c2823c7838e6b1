package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;


import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.ChebyshevLayer;
import io.sl2a.nn.layers.LayerNormLayer;
import java.util.List;

/**
 * ChebyKAN (SynodicMonth/ChebyKAN): every layer a Chebyshev KAN layer
 * {@code y_o = sum_i sum_k c[i,o,k] T_k(tanh(x_i))}, coefficients N(0, 1/(in (degree + 1))), with
 * a LayerNorm after every layer but the last, as that README requires against tanh's vanishing
 * gradients. hiddenLayers + 1 KAN layers: in -> width, (hiddenLayers - 1) x width -> width,
 * width -> out. state_dict names as an nn.Sequential of those modules: {@code net.(2i).cheby_coeffs}
 * and its {@code net.(2i).arange} buffer, {@code net.(2i+1).weight}/{@code .bias} for the
 * LayerNorms.
 */
public record ChebyKanConfig(MlpShape shape, int degree) implements MlpModel {
    public static final String NAME = "chebykan";
    static final ModelOption DEGREE = ModelOption.integer("degree", 23, ">= 1", "Chebyshev degree of every layer");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "ChebyKAN: Chebyshev KAN layers on tanh of their inputs, a LayerNorm after each but the last",
                    1e-3, 16384,
                    List.of(WIDTH.withDefault(64),
                            LAYERS.withHelp("hidden layers (KAN layers: layers + 1)").withRange(">= 1"), DEGREE),
                    (in, out, v) -> new ChebyKanConfig(MlpShape.of(in, out, v), v.integer(DEGREE)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(DEGREE, degree);
    }

    public ChebyKanConfig {
        MlpShape.require(degree >= 1, "degree must be at least 1, got " + degree);
        MlpShape.require(shape.hiddenLayers() >= 1,
                "chebykan needs at least 1 hidden layer, got " + shape.hiddenLayers());
    }

    private int kanLayers() {
        return shape.hiddenLayers() + 1;
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        String y = g.input();
        int module = 0;
        for (int layer = 0; layer < kanLayers(); layer++) {
            int in = layer == 0 ? shape.inFeatures() : shape.width();
            boolean last = layer == kanLayers() - 1;
            int out = last ? shape.outFeatures() : shape.width();
            Initializer init = new Initializer.Normal(1.0 / ((double) in * (degree + 1)));
            y = g.apply("net" + module, new ChebyshevLayer("net." + module + ".cheby_coeffs", in, out, degree, init),
                    y);
            module++;
            if (!last) {
                y = g.apply("net" + module, new LayerNormLayer("net." + module + ".weight", "net." + module + ".bias",
                        out), y);
                module++;
            }
        }
        return g.build();
    }

    @Override
    public ChebyKanConfig withOutFeatures(int channels) {
        return new ChebyKanConfig(shape.withOutFeatures(channels), degree);
    }
}
