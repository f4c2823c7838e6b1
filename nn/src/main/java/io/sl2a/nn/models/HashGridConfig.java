package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.GridEncodingLayer;
import io.sl2a.nn.layers.MlpBlock;
import java.util.List;

/**
 * instant-ngp's multiresolution hash encoding (Müller et al., SIGGRAPH 2022) and a small ReLU MLP.
 * L levels of F trainable features per vertex, level l with floor(N_min b^l) cells per axis, b =
 * exp((ln N_max - ln N_min) / (L - 1)); a level whose (res+1)^d vertices fit its 2^T entries is a
 * dense grid (as tiny-cuda-nn does), a finer one is hashed; every level d-linearly interpolated,
 * the levels' features concatenated into the MLP. Table entries start U(-1e-4, 1e-4), as
 * tiny-cuda-nn's; Adam with beta2 0.99 and eps 1e-15 at 1e-2, as instant-ngp's configurations.
 *
 * <p>Defaults: L = 16, F = 2, N_min = 16 (the paper's and instant-ngp's), T = 19 (the paper's for
 * NeRF; instant-ngp's image configuration uses 24, but in 2-D up to N_max = 723 every level is
 * dense at 19 already), N_max = 512 (a fixed default where the paper takes the signal's
 * resolution: about the resolution of the images fitted here). The MLP: 64 wide with two ReLU
 * layers (instant-ngp's n_hidden_layers 2, {@code --layers 1} in this library's counting), but
 * with biases and nn.Linear's initialisation where tiny-cuda-nn's fully fused MLP has no biases.
 * Coordinates in [-1, 1] are mapped onto the unit square, the grid's domain.
 */
public record HashGridConfig(MlpShape shape, int levels, int levelFeatures, int log2TableSize, int baseResolution,
        int finestResolution) implements MlpModel {
    public static final String NAME = "hashgrid";
    static final ModelOption LEVELS = ModelOption.integer("levels", 16, ">= 1", "resolution levels L");
    static final ModelOption LEVEL_FEATURES = ModelOption.integer("level-features", 2, ">= 1",
            "features per level F");
    static final ModelOption LOG2_TABLE_SIZE = ModelOption.integer("log2-table-size", 19, ">= 1",
            "log2 of a level's hash table size T (up to 30)");
    static final ModelOption BASE_RESOLUTION = ModelOption.integer("base-resolution", 16, ">= 1",
            "cells per axis of the coarsest level N_min");
    static final ModelOption FINEST_RESOLUTION = ModelOption.integer("finest-resolution", 512, ">= 1",
            "cells per axis of the finest level N_max");
    /** instant-ngp's Adam: beta2 0.99, eps 1e-15. */
    static final AdamSettings ADAM = new AdamSettings(0.9, 0.99, 1e-15);
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "instant-ngp: a multiresolution hash grid of trainable features, then a small ReLU MLP", 1e-2,
                    65536,
                    List.of(WIDTH.withDefault(64), LAYERS.withDefault(1), LEVELS, LEVEL_FEATURES, LOG2_TABLE_SIZE,
                            BASE_RESOLUTION, FINEST_RESOLUTION),
                    (in, out, v) -> new HashGridConfig(MlpShape.of(in, out, v), v.integer(LEVELS),
                            v.integer(LEVEL_FEATURES), v.integer(LOG2_TABLE_SIZE), v.integer(BASE_RESOLUTION),
                            v.integer(FINEST_RESOLUTION)));
        }

        @Override
        public AdamSettings adam() {
            return ADAM;
        }

        /**
         * The table grows in powers of two (too coarse a step alone), so every T is paired with the
         * level count nearest the budget; of the pairs within 5% the one whose level count is
         * nearest the default (instant-ngp's 16) wins, else the nearest pair. Levels given stay.
         */
        @Override
        public ModelConfig scaledTo(int in, int out, OptionValues values, long budget) {
            if (values.has(LOG2_TABLE_SIZE)) {
                throw new IllegalArgumentException(LOG2_TABLE_SIZE.flag() + " and --params both set the model's size:"
                        + " give one");
            }
            HashGridConfig best = null;
            for (int t = 1; t <= 30; t++) {
                OptionValues atT = values.with(LOG2_TABLE_SIZE, t);
                HashGridConfig candidate;
                try {
                    candidate = (HashGridConfig) (values.has(LEVELS) ? build(in, out, atT)
                            : ParameterBudget.nearest(this, in, out, atT, LEVELS, budget));
                } catch (IllegalArgumentException refused) {
                    continue; // a table too large for this T
                }
                if (best == null || better(candidate, best, budget, values.completedWith(options()).integer(LEVELS))) {
                    best = candidate;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("no table size makes a valid hashgrid model");
            }
            return best;
        }

        private static boolean better(HashGridConfig a, HashGridConfig b, long budget, int levels) {
            boolean aClose = ParameterBudget.miss(a, budget) <= 0.05;
            boolean bClose = ParameterBudget.miss(b, budget) <= 0.05;
            if (aClose && bClose) {
                return Math.abs(a.levels() - levels) < Math.abs(b.levels() - levels);
            }
            return aClose || (!bClose && ParameterBudget.miss(a, budget) < ParameterBudget.miss(b, budget));
        }
    }

    public HashGridConfig {
        MlpShape.require(levels >= 1, "levels must be at least 1, got " + levels);
        MlpShape.require(log2TableSize >= 1 && log2TableSize <= 30,
                "log2 table size must be 1 to 30, got " + log2TableSize);
        MlpShape.require(baseResolution >= 1 && finestResolution >= 1,
                "resolutions must be at least 1, got " + baseResolution + " and " + finestResolution);
        GridEncodingLayer.tableEntries(shape.inFeatures(), resolutions(levels, baseResolution, finestResolution),
                levelFeatures, 1 << log2TableSize, 0);
    }

    /**
     * The levels' cells per axis, floor(N_min b^l): the small epsilon keeps a product that lands on
     * an integer (the finest level's N_max) from rounding below it.
     */
    public static int[] resolutions(int levels, int baseResolution, int finestResolution) {
        int[] resolutions = new int[levels];
        double logGrowth = levels == 1 ? 0.0
                : (Math.log(finestResolution) - Math.log(baseResolution)) / (levels - 1);
        for (int l = 0; l < levels; l++) {
            resolutions[l] = Math.max(1, (int) Math.floor(baseResolution * Math.exp(l * logGrowth) + 1e-6));
        }
        return resolutions;
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(LEVELS, levels, LEVEL_FEATURES, levelFeatures, LOG2_TABLE_SIZE, log2TableSize,
                BASE_RESOLUTION, baseResolution, FINEST_RESOLUTION, finestResolution);
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        GridEncodingLayer encoding = new GridEncodingLayer("encoding.params", shape.inFeatures(),
                resolutions(levels, baseResolution, finestResolution), levelFeatures, 1 << log2TableSize,
                new Initializer.Uniform(1e-4), 0);
        String features = g.apply("encoding", encoding, g.input(),
                g.constant("encoding_resolutions", encoding.resolutionValues()));
        new MlpBlock("net", encoding.outputWidth(), shape.width(), shape.hiddenLayers(), shape.outFeatures(),
                Activation.RELU).apply(g, features);
        return g.build();
    }

    @Override
    public HashGridConfig withOutFeatures(int channels) {
        return new HashGridConfig(shape.withOutFeatures(channels), levels, levelFeatures, log2TableSize,
                baseResolution, finestResolution);
    }
}
