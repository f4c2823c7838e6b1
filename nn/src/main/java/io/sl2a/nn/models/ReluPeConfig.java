package io.sl2a.nn.models;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.layers.PositionalEncodingLayer;
import java.util.Map;

/**
 * ReLU MLP on the Fourier positional encoding of the coordinates (the FINER repository's PEMLP):
 * hiddenLayers + 1 linear+ReLU layers, then a linear output, nn.Linear's initialisation. Its
 * state_dict names are those of PEMLP's Sequential, where ReLUs take every other index:
 * {@code net.(2i)} for the layers i = 0..L and {@code net.(2L+2)} for the output.
 */
public record ReluPeConfig(MlpShape shape, int frequencies) implements MlpModel {
    public static final String NAME = "relu-pe";

    public ReluPeConfig {
        MlpShape.require(frequencies >= 0, "frequencies must not be negative, got " + frequencies);
    }

    @Override
    public String model() {
        return NAME;
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        PositionalEncodingLayer encoding = new PositionalEncodingLayer(shape.inFeatures(), frequencies);
        String y = g.apply("encoding", encoding, g.input());
        int width = shape.width();
        for (int layer = 0; layer <= shape.hiddenLayers(); layer++) {
            int fanIn = layer == 0 ? encoding.outputWidth() : width;
            Initializer uniform = new Initializer.Uniform(1.0 / Math.sqrt(fanIn));
            y = g.apply("net" + 2 * layer, new LinearLayer("net." + 2 * layer + ".weight", "net." + 2 * layer + ".bias", fanIn,
                    width, Activation.RELU, uniform, uniform), y);
        }
        int last = 2 * shape.hiddenLayers() + 2;
        Initializer uniform = new Initializer.Uniform(1.0 / Math.sqrt(width));
        g.apply("net" + last, new LinearLayer("net." + last + ".weight", "net." + last + ".bias", width, shape.outFeatures(),
                Activation.NONE, uniform, uniform), y);
        return g.build();
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = shape.metadata(NAME);
        meta.put("pe_freqs", Integer.toString(frequencies));
        return meta;
    }

    @Override
    public ReluPeConfig withOutFeatures(int channels) {
        return new ReluPeConfig(shape.withOutFeatures(channels), frequencies);
    }

    static ReluPeConfig parse(ModelMetadata meta) {
        return new ReluPeConfig(MlpShape.parse(meta), meta.integer("pe_freqs"));
    }
}
