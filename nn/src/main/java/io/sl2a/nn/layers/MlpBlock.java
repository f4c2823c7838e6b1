package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;

/**
 * A reusable block: an MLP as PyTorch's {@code nn.Sequential} of Linear and activation modules,
 * {@code hiddenLayers + 1} activated linear layers {@code in -> width -> ... -> width}, then a
 * linear output {@code width -> out}; nn.Linear's initialisation, U(+-1/sqrt(fan_in)) for weights
 * and biases. The activations take every other index of the Sequential, so the parameters are
 * {@code PREFIX.(2i).weight/bias} for the layers i = 0..L and {@code PREFIX.(2L+2)} for the output.
 *
 * @param prefix       the Sequential's name in the state_dict (e.g. {@code net})
 * @param in           input width
 * @param width        hidden width
 * @param hiddenLayers L
 * @param out          output width
 * @param activation   the hidden layers' nonlinearity
 */
public record MlpBlock(String prefix, int in, int width, int hiddenLayers, int out, Activation activation) {
    /**
     * Applies the block to {@code input}; returns its output buffer. Node ids are the parameter prefixes without the
     * dot.
     */
    public String apply(LayerGraph.Builder g, String input) {
        String y = input;
        for (int layer = 0; layer <= hiddenLayers; layer++) {
            int fanIn = layer == 0 ? in : width;
            y = g.apply(prefix + 2 * layer, linear(2 * layer, fanIn, width, activation), y);
        }
        int last = 2 * hiddenLayers + 2;
        return g.apply(prefix + last, linear(last, width, out, Activation.NONE), y);
    }

    private LinearLayer linear(int index, int fanIn, int fanOut, Activation act) {
        Initializer uniform = new Initializer.Uniform(1.0 / Math.sqrt(fanIn));
        String name = prefix + "." + index;
        return new LinearLayer(name + ".weight", name + ".bias", fanIn, fanOut, act, uniform, uniform);
    }
}
