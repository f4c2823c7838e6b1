package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.HIDDEN_OMEGA0;
import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.OMEGA0;
import static io.sl2a.nn.models.SharedOptions.WIDTH;


import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.ComplexGaborLayer;
import io.sl2a.nn.layers.ComplexLinearLayer;
import java.util.List;

/**
 * WIRE: complex Gabor wavelets exp(i omega z - |sigma z|^2) after every layer but the last; the
 * first layer real, the later ones complex, the output the real part of a complex linear layer.
 * As the reference, the complex layers are int(width / sqrt(2)) wide (a complex value is two real
 * ones), every layer has nn.Linear's initialisation (real and imaginary parts alike), and each
 * Gabor layer keeps its omega and sigma in the state_dict as untrained tensors
 * ({@code net.i.omega_0}, {@code net.i.scale_0}).
 */
public record WireConfig(MlpShape shape, float firstOmega, float hiddenOmega, float sigma) implements MlpModel {
    public static final String NAME = "wire";
    static final ModelOption SIGMA0 = ModelOption.number("sigma0", 30, "> 0",
            "sigma, the Gaussian envelope's scale").storedAs("sigma");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "WIRE: complex Gabor wavelets exp(i omega z - |sigma z|^2), complex layers of int(width/sqrt(2))", 1e-3, 65536,
                    List.of(WIDTH.withDefault(300).withRange(">= 2").withHelp("hidden width (complex: int(width/sqrt(2)))"),
                            LAYERS.withDefault(2), OMEGA0, HIDDEN_OMEGA0, SIGMA0),
                    (in, out, v) -> new WireConfig(MlpShape.of(in, out, v), v.number(OMEGA0), v.number(HIDDEN_OMEGA0),
                            v.number(SIGMA0)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(OMEGA0, firstOmega, HIDDEN_OMEGA0,
                hiddenOmega, SIGMA0, sigma);
    }

    public WireConfig {
        MlpShape.require(firstOmega > 0 && hiddenOmega > 0,
                "omega must be positive, got " + firstOmega + " and " + hiddenOmega);
        MlpShape.require(sigma > 0, "sigma must be positive, got " + sigma);
        MlpShape.require(complexWidth(shape.width()) >= 1, "width must be at least 2 for WIRE's complex layers, got "
                + shape.width());
    }

    /** The reference's complex width for a real width: int(width / sqrt(2)). */
    public static int complexWidth(int width) {
        return (int) (width / Math.sqrt(2.0));
    }

    @Override
    public LayerGraph graph() {
        int width = complexWidth(shape.width());
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        String y = g.input();
        for (int layer = 0; layer <= shape.hiddenLayers(); layer++) {
            String module = "net." + layer;
            y = g.apply("net" + layer, layer == 0
                    ? ComplexGaborLayer.first(module, shape.inFeatures(), width, firstOmega, sigma)
                    : ComplexGaborLayer.hidden(module, width, width, hiddenOmega, sigma), y);
        }
        int last = shape.hiddenLayers() + 1;
        g.apply("net" + last, new ComplexLinearLayer("net." + last + ".weight", "net." + last + ".bias", width,
                shape.outFeatures()), y);
        return g.build();
    }

    @Override
    public WireConfig withOutFeatures(int channels) {
        return new WireConfig(shape.withOutFeatures(channels), firstOmega, hiddenOmega, sigma);
    }
}
