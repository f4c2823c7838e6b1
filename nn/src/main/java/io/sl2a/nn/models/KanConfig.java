package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.KanLinearLayer;
import java.util.List;

/**
 * A KAN of B-spline layers (Blealtan/efficient-kan, {@code KAN} of {@code KANLinear}): hiddenLayers
 * + 1 layers in -> width -> ... -> out, each with cubic splines on a fixed grid of gridSize
 * intervals on [-1, 1] and the SiLU base branch, scale_noise 0.1. state_dict names
 * {@code layers.i.base_weight}, {@code .spline_weight}, {@code .spline_scaler} and the
 * {@code layers.i.grid} buffer. The default width 127 gives 328,930 parameters on RGB, the paper's
 * 0.329 M KAN row.
 */
public record KanConfig(MlpShape shape, int gridSize) implements MlpModel {
    public static final String NAME = "kan";
    static final ModelOption GRID_SIZE = ModelOption.integer("grid-size", 5, ">= 1", "grid intervals of every spline");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "KAN (efficient-kan): cubic B-splines on a fixed grid on [-1, 1] plus a SiLU base branch per edge", 1e-3, 16384,
                    List.of(WIDTH.withDefault(127), LAYERS.withHelp("hidden layers (KAN layers: layers + 1)"),
                            GRID_SIZE),
                    (in, out, v) -> new KanConfig(MlpShape.of(in, out, v), v.integer(GRID_SIZE)));
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(GRID_SIZE, gridSize);
    }
    static final float LO = -1.0f;
    static final float HI = 1.0f;
    static final double SCALE_NOISE = 0.1;

    public KanConfig {
        MlpShape.require(gridSize >= 1, "grid size must be at least 1, got " + gridSize);
    }

    private int in(int layer) {
        return layer == 0 ? shape.inFeatures() : shape.width();
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        String y = g.input();
        int layers = shape.hiddenLayers() + 1;
        for (int layer = 0; layer < layers; layer++) {
            int out = layer == layers - 1 ? shape.outFeatures() : shape.width();
            y = g.apply("layer" + layer, new KanLinearLayer("layers." + layer + ".", in(layer), out, gridSize, LO, HI,
                    SCALE_NOISE), y);
        }
        return g.build();
    }

    @Override
    public KanConfig withOutFeatures(int channels) {
        return new KanConfig(shape.withOutFeatures(channels), gridSize);
    }
}
