package io.sl2a.nn.models;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.LinearLayer;

/**
 * The baselines' network: hiddenLayers + 1 activated linear layers on the raw coordinates, then a
 * linear output, with the state_dict names of the FINER repository's modules: {@code net.i.linear}
 * for the activated layers i = 0..L and {@code net.(L+1)} for the output.
 */
final class CoordinateMlp {
    /** How the layers start. */
    enum Init {
        /** nn.Linear's default everywhere: U(+-1/sqrt(in)) for weights and biases. */
        DEFAULT,
        /**
         * SIREN's: the first weight U(+-1/in), later weights U(+-sqrt(6/in)/omega_hidden), biases
         * nn.Linear's default (the first one U(+-firstBiasBound) when that is given).
         */
        SIREN
    }

    private CoordinateMlp() {
    }

    static LayerGraph graph(int in, int out, int width, int hiddenLayers, Activation first, Activation hidden,
            Init init,
            float hiddenOmega, float firstBiasBound) {
        LayerGraph.Builder g = LayerGraph.builder(in);
        String y = g.input();
        for (int layer = 0; layer <= hiddenLayers; layer++) {
            int fanIn = layer == 0 ? in : width;
            Initializer weight = init == Init.DEFAULT ? uniform(1.0 / Math.sqrt(fanIn))
                    : uniform(layer == 0 ? 1.0 / fanIn : Math.sqrt(6.0 / fanIn) / hiddenOmega);
            Initializer bias = layer == 0 && firstBiasBound > 0 ? uniform(firstBiasBound) : uniform(1.0 / Math.sqrt(fanIn));
            y = g.apply("net" + layer, new LinearLayer("net." + layer + ".linear.weight",
                    "net." + layer + ".linear.bias", fanIn,
                    width, layer == 0 ? first : hidden, weight, bias), y);
        }
        int last = hiddenLayers + 1;
        Initializer outWeight = init == Init.DEFAULT ? uniform(1.0 / Math.sqrt(width))
                : uniform(Math.sqrt(6.0 / width) / hiddenOmega);
        g.apply("net" + last, new LinearLayer("net." + last + ".weight", "net." + last + ".bias", width, out,
                Activation.NONE, outWeight, uniform(1.0 / Math.sqrt(width))), y);
        return g.build();
    }

    private static Initializer uniform(double bound) {
        return new Initializer.Uniform(bound);
    }
}
