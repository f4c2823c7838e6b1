package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.GaborWindowLayer;
import io.sl2a.nn.layers.HadamardProduct;
import java.util.List;

/**
 * GaborNet, the multiplicative filter network with Gabor filters f_i(x) = sin(V_i x + c_i) *
 * exp(-gamma_i |x - mu_i|^2 / 2) ({@code mfn/mfn.py}): mu U(-1, 1), gamma ~ Gamma(alpha / (L + 1),
 * beta), V nn.Linear's scaled by inputScale / sqrt(L + 1) * sqrt(gamma) per row, c U(-pi, pi); the
 * recursion of {@link MultiplicativeFilters}. state_dict names {@code filters.i.linear.*},
 * {@code filters.i.mu}, {@code filters.i.gamma}.
 */
public record MfnGaborConfig(MlpShape shape, float inputScale, float weightScale, float alpha, float beta)
        implements MlpModel {
    public static final String NAME = "mfn-gabor";
    static final ModelOption INPUT_SCALE = MfnFourierConfig.INPUT_SCALE.withHelp("the filters' weights: nn.Linear's times input-scale / sqrt(layers + 1) * sqrt(gamma)");
    static final ModelOption ALPHA = ModelOption.number("alpha", 6, "> 0", "gamma ~ Gamma(alpha / (layers + 1), beta)");
    static final ModelOption BETA = ModelOption.number("beta", 1, "> 0", "the rate of gamma's distribution");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "GaborNet: multiplicative filter network, Gabor filters sin(V x + c) exp(-gamma |x - mu|^2 / 2)", 1e-2, 65536,
                    List.of(WIDTH, LAYERS, INPUT_SCALE, MfnFourierConfig.WEIGHT_SCALE, ALPHA, BETA),
                    (in, out, v) -> new MfnGaborConfig(MlpShape.of(in, out, v), v.number(INPUT_SCALE),
                            v.number(MfnFourierConfig.WEIGHT_SCALE), v.number(ALPHA), v.number(BETA)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(INPUT_SCALE, inputScale,
                MfnFourierConfig.WEIGHT_SCALE, weightScale, ALPHA, alpha, BETA, beta);
    }

    public MfnGaborConfig {
        MlpShape.require(inputScale > 0 && weightScale > 0,
                "input and weight scales must be positive, got " + inputScale
                + " and " + weightScale);
        MlpShape.require(alpha > 0 && beta > 0, "alpha and beta must be positive, got " + alpha + " and " + beta);
    }

    @Override
    public LayerGraph graph() {
        int in = shape.inFeatures();
        int width = shape.width();
        int filters = shape.hiddenLayers() + 1;
        double filterScale = inputScale / Math.sqrt(filters);
        return MultiplicativeFilters.graph(shape, weightScale, (g, i) -> {
            String gamma = "filters." + i + ".gamma";
            // The window first: the filter's weights are scaled by the gamma it draws.
            String window = g.apply("window" + i, new GaborWindowLayer("filters." + i + ".mu", gamma, in, width,
                    alpha / filters, beta), g.input());
            String sine = g.apply("filter" + i, MultiplicativeFilters.sineFilter(i, in, width,
                    new Initializer.ScaledRows(new Initializer.Uniform(1.0 / Math.sqrt(in)), gamma, filterScale)),
                            g.input());
            return g.apply("gabor" + i, new HadamardProduct(width), sine, window);
        });
    }

    @Override
    public MfnGaborConfig withOutFeatures(int channels) {
        return new MfnGaborConfig(shape.withOutFeatures(channels), inputScale, weightScale, alpha, beta);
    }
}
