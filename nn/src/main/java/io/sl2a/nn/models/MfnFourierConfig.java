package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import java.util.List;

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
    static final ModelOption INPUT_SCALE = ModelOption.number("input-scale", 256, "> 0",
            "the filters' weights: nn.Linear's times input-scale / sqrt(layers + 1)");
    static final ModelOption WEIGHT_SCALE = ModelOption.number("weight-scale", 1, "> 0",
            "hidden weights U(+-sqrt(weight-scale / width))");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "FourierNet: multiplicative filter network, z = sin(V x + c) * (W z + b)", 1e-2, 65536,
                    List.of(WIDTH, LAYERS, INPUT_SCALE, WEIGHT_SCALE),
                    (in, out, v) -> new MfnFourierConfig(MlpShape.of(in, out, v), v.number(INPUT_SCALE),
                            v.number(WEIGHT_SCALE)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(INPUT_SCALE, inputScale,
                WEIGHT_SCALE, weightScale);
    }

    public MfnFourierConfig {
        MlpShape.require(inputScale > 0 && weightScale > 0,
                "input and weight scales must be positive, got " + inputScale
                + " and " + weightScale);
    }

    @Override
    public LayerGraph graph() {
        int in = shape.inFeatures();
        double filterScale = inputScale / Math.sqrt(shape.hiddenLayers() + 1.0);
        return MultiplicativeFilters.graph(shape, weightScale, (g, i) -> g.apply("filter" + i,
                MultiplicativeFilters.sineFilter(i, in, shape.width(),
                        new Initializer.Uniform(filterScale / Math.sqrt(in))),
                g.input()));
    }

    @Override
    public MfnFourierConfig withOutFeatures(int channels) {
        return new MfnFourierConfig(shape.withOutFeatures(channels), inputScale, weightScale);
    }
}
