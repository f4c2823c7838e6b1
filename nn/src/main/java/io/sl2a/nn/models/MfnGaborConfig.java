package io.sl2a.nn.models;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.GaborWindowLayer;
import io.sl2a.nn.layers.HadamardProduct;
import java.util.Map;

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

    public MfnGaborConfig {
        MlpShape.require(inputScale > 0 && weightScale > 0, "input and weight scales must be positive, got " + inputScale
                + " and " + weightScale);
        MlpShape.require(alpha > 0 && beta > 0, "alpha and beta must be positive, got " + alpha + " and " + beta);
    }

    @Override
    public String model() {
        return NAME;
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
                    new Initializer.ScaledRows(new Initializer.Uniform(1.0 / Math.sqrt(in)), gamma, filterScale)), g.input());
            return g.apply("gabor" + i, new HadamardProduct(width), sine, window);
        });
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = shape.metadata(NAME);
        meta.put("input_scale", Float.toString(inputScale));
        meta.put("weight_scale", Float.toString(weightScale));
        meta.put("alpha", Float.toString(alpha));
        meta.put("beta", Float.toString(beta));
        return meta;
    }

    @Override
    public MfnGaborConfig withOutFeatures(int channels) {
        return new MfnGaborConfig(shape.withOutFeatures(channels), inputScale, weightScale, alpha, beta);
    }

    static MfnGaborConfig parse(ModelMetadata meta) {
        return new MfnGaborConfig(MlpShape.parse(meta), meta.number("input_scale"), meta.number("weight_scale"),
                meta.number("alpha"), meta.number("beta"));
    }
}
