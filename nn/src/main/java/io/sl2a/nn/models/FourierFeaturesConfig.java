package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.FourierFeatureLayer;
import io.sl2a.nn.layers.MlpBlock;
import java.util.List;

/**
 * Fourier feature networks (Tancik et al., NeurIPS 2020): the coordinates mapped to
 * {@code [sin(2 pi x B^T), cos(2 pi x B^T)]}, B [mapping, in] drawn N(0, scale^2) once and kept as
 * a constant ({@code encoding.B} in the state_dict), then a ReLU MLP with a linear output. The
 * authors' notebooks (tancik/fourier-feature-networks) map 256 Gaussian frequencies, at scales 1,
 * 10 and 100 in the demo (10 the one for natural images), into 3 Dense+ReLU layers of 256 and an
 * output layer, trained on the whole (subsampled) image a step with Adam at 1e-3 (the image
 * regression experiment's rate; the demo's is 1e-4). Its coordinates
 * span [0, 1) where this library's span [-1, 1], so the same B reaches twice the frequencies here;
 * its output has a sigmoid, this one is linear as the other baselines'.
 */
public record FourierFeaturesConfig(MlpShape shape, int mapping, float scale) implements MlpModel {
    public static final String NAME = "fourier-features";
    static final ModelOption MAPPING = ModelOption.integer("mapping", 256, ">= 1", "Gaussian frequencies in B");
    static final ModelOption SCALE = ModelOption.number("ff-scale", 10, "> 0", "B ~ N(0, s^2)").storedAs("scale");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "Fourier features: a ReLU MLP on [sin(2 pi B x), cos(2 pi B x)], B Gaussian and fixed", 1e-3,
                    65536,
                    List.of(WIDTH, LAYERS, MAPPING, SCALE),
                    (in, out, v) -> new FourierFeaturesConfig(MlpShape.of(in, out, v), v.integer(MAPPING),
                            v.number(SCALE)));
        }
    }

    public FourierFeaturesConfig {
        MlpShape.require(mapping >= 1, "mapping must be at least 1, got " + mapping);
        MlpShape.require(scale > 0, "scale must be positive, got " + scale);
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(MAPPING, mapping,
                SCALE, scale);
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        String features = g.apply("encoding", new FourierFeatureLayer("encoding.B", shape.inFeatures(), mapping, scale),
                g.input(), g.constant("sin_phase", FourierFeatureLayer.phase(mapping, false)),
                g.constant("cos_phase", FourierFeatureLayer.phase(mapping, true)));
        new MlpBlock("net", 2 * mapping, shape.width(), shape.hiddenLayers(), shape.outFeatures(), Activation.RELU)
                .apply(g, features);
        return g.build();
    }

    @Override
    public FourierFeaturesConfig withOutFeatures(int channels) {
        return new FourierFeaturesConfig(shape.withOutFeatures(channels), mapping, scale);
    }
}
