package io.sl2a.usermodel;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.models.DeclaredSpec;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelOption;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.models.OptionValues;
import io.sl2a.nn.models.SharedOptions;
import java.util.List;

/**
 * A model as a user writes one in a jar of their own, outside the library: its configuration, its
 * network from the library's layers, and its spec, listed in that jar's
 * {@code META-INF/services/io.sl2a.nn.models.ModelSpec} ({@code src/test/plugin} here, which is on
 * no class path until a test puts it there).
 */
public record SineBumpModel(int inFeatures, int outFeatures, int width, float bump) implements ModelConfig {
    static final ModelOption BUMP = ModelOption.number("bump", 4, "> 0", "frequency of the one sine layer");
    static final ModelSpec SPEC = new Spec();

    /** Found by ServiceLoader. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super("sine-bump", "a user's model: one sine layer and a linear output", 1e-3, 256,
                    List.of(SharedOptions.WIDTH.withDefault(32), BUMP),
                    (in, out, v) -> new SineBumpModel(in, out, v.integer(SharedOptions.WIDTH), v.number(BUMP)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return OptionValues.of(SharedOptions.WIDTH, width, BUMP, bump);
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(inFeatures);
        String hidden = g.apply("sine", new LinearLayer("sine.weight", "sine.bias", inFeatures, width,
                Activation.sine(bump)),
                g.input());
        g.apply("out", new LinearLayer("out.weight", "out.bias", width, outFeatures, Activation.NONE), hidden);
        return g.build();
    }

    @Override
    public ModelConfig withOutFeatures(int channels) {
        return new SineBumpModel(inFeatures, channels, width, bump);
    }
}
