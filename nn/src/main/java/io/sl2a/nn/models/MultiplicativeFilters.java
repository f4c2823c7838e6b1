package io.sl2a.nn.models;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.HadamardProduct;
import io.sl2a.nn.layers.LinearLayer;
import java.util.function.BiFunction;

/**
 * The recursion of multiplicative filter networks (boschresearch/multiplicative-filter-networks,
 * {@code MFNBase}): z_0 = f_0(x), z_i = f_i(x) * (W_i z_(i-1) + b_i) for i = 1..L, output
 * W z_L + b; the hidden weights U(+-sqrt(weightScale / width)), their biases and the output layer
 * nn.Linear's. state_dict names {@code linear.j.*} and {@code output_linear.*}; the filters' are
 * their own ({@code filters.i.*}).
 */
final class MultiplicativeFilters {
    private MultiplicativeFilters() {
    }

    /** {@code filter.apply(builder, i)} adds filter i on the network input and returns its output. */
    static LayerGraph graph(MlpShape shape, float weightScale, BiFunction<LayerGraph.Builder, Integer, String> filter) {
        int width = shape.width();
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        String z = filter.apply(g, 0);
        for (int i = 1; i <= shape.hiddenLayers(); i++) {
            String f = filter.apply(g, i);
            int j = i - 1;
            String linear = g.apply("linear" + j, new LinearLayer("linear." + j + ".weight", "linear." + j + ".bias",
                    width,
                    width, Activation.NONE, new Initializer.Uniform(Math.sqrt(weightScale / width)),
                    new Initializer.Uniform(1.0 / Math.sqrt(width))), z);
            z = g.apply("product" + i, new HadamardProduct(width), f, linear);
        }
        g.apply("output", new LinearLayer("output_linear.weight", "output_linear.bias", width, shape.outFeatures(),
                Activation.NONE), z);
        return g.build();
    }

    /** sin(V x + c): nn.Linear's weight times {@code weight}'s scale, bias U(-pi, pi). */
    static LinearLayer sineFilter(int i, int in, int width, Initializer weight) {
        return new LinearLayer("filters." + i + ".linear.weight", "filters." + i + ".linear.bias", in, width,
                Activation.sine(1.0f), weight, new Initializer.Uniform(Math.PI));
    }
}
