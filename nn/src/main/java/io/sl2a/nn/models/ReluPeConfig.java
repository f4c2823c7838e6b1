package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.MlpBlock;
import io.sl2a.nn.layers.PositionalEncodingLayer;
import java.util.List;

/**
 * ReLU MLP on the Fourier positional encoding of the coordinates (the FINER repository's PEMLP):
 * hiddenLayers + 1 linear+ReLU layers, then a linear output, nn.Linear's initialisation. Its
 * state_dict names are those of PEMLP's Sequential, where ReLUs take every other index:
 * {@code net.(2i)} for the layers i = 0..L and {@code net.(2L+2)} for the output.
 */
public record ReluPeConfig(MlpShape shape, int frequencies) implements MlpModel {
    public static final String NAME = "relu-pe";
    static final ModelOption PE_FREQS = ModelOption.integer("pe-freqs", 10, ">= 0", "frequencies 1, 2, ..., 2^(N-1)");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "ReLU MLP on a Fourier positional encoding [x, sin(2^k x), cos(2^k x)]", 1e-3, 1024,
                    List.of(WIDTH, LAYERS, PE_FREQS),
                    (in, out, v) -> new ReluPeConfig(MlpShape.of(in, out, v), v.integer(PE_FREQS)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(PE_FREQS, frequencies);
    }

    public ReluPeConfig {
        MlpShape.require(frequencies >= 0, "frequencies must not be negative, got " + frequencies);
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        PositionalEncodingLayer encoding = new PositionalEncodingLayer(shape.inFeatures(), frequencies);
        String features = g.apply("encoding", encoding, g.input());
        new MlpBlock("net", encoding.outputWidth(), shape.width(), shape.hiddenLayers(), shape.outFeatures(),
                Activation.RELU)
                .apply(g, features);
        return g.build();
    }

    @Override
    public ReluPeConfig withOutFeatures(int channels) {
        return new ReluPeConfig(shape.withOutFeatures(channels), frequencies);
    }
}
