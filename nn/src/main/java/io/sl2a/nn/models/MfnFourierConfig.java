package io.sl2a.nn.models;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import java.util.Map;

/**
 * FourierNet, the multiplicative filter network with sine filters (boschresearch/
 * multiplicative-filter-networks, {@code mfn/mfn.py}): z_0 = f_0(x), z_i = f_i(x) * (W_i z_(i-1) + b_i)
 * for i = 1..L, output W z_L + b, each filter f_i(x) = sin(V_i x + c_i). As the reference: the
 * filters' weights nn.Linear's scaled by inputScale / sqrt(L + 1), their biases U(-pi, pi); the
 * hidden weights U(+-sqrt(weightScale / width)), their biases and the output layer nn.Linear's.
 * state_dict names {@code filters.i.linear.*}, {@code linear.j.*}, {@code output_linear.*}.
 */
public record MfnFourierConfig(MlpShape shape, float inputScale, float weightScale) implements MlpModel {
    public static final String NAME = "mfn-fourier";

    public MfnFourierConfig {
        MlpShape.require(inputScale > 0 && weightScale > 0, "input and weight scales must be positive, got " + inputScale
                + " and " + weightScale);
    }

    @Override
    public String model() {
        return NAME;
    }

    @Override
    public LayerGraph graph() {
        int in = shape.inFeatures();
        double filterScale = inputScale / Math.sqrt(shape.hiddenLayers() + 1.0);
        return MultiplicativeFilters.graph(shape, weightScale, (g, i) -> g.apply("filter" + i,
                MultiplicativeFilters.sineFilter(i, in, shape.width(), new Initializer.Uniform(filterScale / Math.sqrt(in))),
                g.input()));
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = shape.metadata(NAME);
        meta.put("input_scale", Float.toString(inputScale));
        meta.put("weight_scale", Float.toString(weightScale));
        return meta;
    }

    @Override
    public MfnFourierConfig withOutFeatures(int channels) {
        return new MfnFourierConfig(shape.withOutFeatures(channels), inputScale, weightScale);
    }

    static MfnFourierConfig parse(ModelMetadata meta) {
        return new MfnFourierConfig(MlpShape.parse(meta), meta.number("input_scale"), meta.number("weight_scale"));
    }
}
