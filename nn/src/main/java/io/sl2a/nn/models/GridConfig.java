package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.GridEncodingLayer;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.layers.MlpBlock;
import java.util.List;

/**
 * The grid baseline of "Grids Often Outperform Implicit Neural Representations" (NeurIPS 2025): one
 * dense grid of the signal's dimension, {@code grid-resolution} cells per axis and
 * {@code grid-channels} trainable values per vertex, d-linearly interpolated, then a linear head to
 * the output channels ({@code --layers N} puts N ReLU layers of {@code --width} before it). With
 * {@code --tv W} the loss gains W times the grid's anisotropic total variation, the mean over its
 * edges and channels of |g(v + e_i) - g(v)|. Entries start U(-1e-4, 1e-4) and Adam runs as for
 * {@link HashGridConfig} (beta2 0.99, eps 1e-15, 1e-2): it is the same encoding with one dense level.
 * Defaults (256 cells, 8 channels: 528,392 grid values in 2-D, against the hash grid's 1.43
 * million; 64 cells in 3-D, see {@link #defaultResolution}) are this library's choice.
 */
public record GridConfig(MlpShape shape, int resolution, int channels, float tv) implements MlpModel {
    public static final String NAME = "grid";
    /** The cells per axis of a grid of 1 or 2 dimensions (an image) unless given. */
    public static final int DEFAULT_RESOLUTION = 256;
    /** The cells per axis of a 3-D grid (a volume) unless given: see {@link #defaultResolution}. */
    public static final int DEFAULT_RESOLUTION_3D = 64;
    static final ModelOption RESOLUTION = ModelOption.integerWorkedOut("grid-resolution",
            DEFAULT_RESOLUTION + "; 3-D " + DEFAULT_RESOLUTION_3D, ">= 1", "cells per axis");
    static final ModelOption CHANNELS = ModelOption.integer("grid-channels", 8, ">= 1", "values per vertex");
    static final ModelOption TV = ModelOption.number("tv", 0, ">= 0", "total variation weight");
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "a dense grid of trainable values, d-linearly interpolated, with a linear head", 1e-2, 65536,
                    List.of(WIDTH.withDefault(64).withHelp("width of the head's ReLU layers"),
                            LAYERS.withDefault(0).withHelp("ReLU layers before the linear head"), RESOLUTION,
                            CHANNELS, TV),
                    (in, out, v) -> new GridConfig(MlpShape.of(in, out, v), v.get(RESOLUTION) != null
                            ? v.integer(RESOLUTION) : defaultResolution(in),
                            v.integer(CHANNELS), v.number(TV)));
        }

        @Override
        public AdamSettings adam() {
            return HashGridConfig.ADAM;
        }

        /** The grid grows by its resolution: (r + 1)^d vertices of its channels. */
        @Override
        public ModelConfig scaledTo(int in, int out, OptionValues values, long budget) {
            return ParameterBudget.nearest(this, in, out, values, RESOLUTION, budget);
        }
    }

    public GridConfig {
        MlpShape.require(resolution >= 1, "grid resolution must be at least 1, got " + resolution);
        MlpShape.require(Math.pow(resolution + 1.0, shape.inFeatures()) <= GridEncodingLayer.MAX_TABLE,
                "a grid of " + resolution + " cells per axis in " + shape.inFeatures() + "-D is too large");
        MlpShape.require(tv >= 0, "tv must not be negative, got " + tv);
        GridEncodingLayer.tableEntries(shape.inFeatures(), new int[] {resolution}, channels,
                vertices(resolution, shape.inFeatures()), tv);
    }

    /**
     * The cells per axis where {@code --grid-resolution} is not given: {@value #DEFAULT_RESOLUTION}
     * for an image (and in 1-D), {@value #DEFAULT_RESOLUTION_3D} in 3-D, where 256 cells a side
     * would be 134 million values, far more than a volume's samples train (on the bunny,
     * {@code occupancy} reaches an IoU of 0.096 after 5 epochs at 256, 0.96 at 32, 0.99 at 64;
     * docs/cli.md has the measurements).
     */
    public static int defaultResolution(int dims) {
        return dims >= 3 ? DEFAULT_RESOLUTION_3D : DEFAULT_RESOLUTION;
    }

    /** The grid's vertices, (resolution + 1)^d: the one level's table holds them all, so it is dense. */
    static int vertices(int resolution, int dims) {
        return (int) Math.round(Math.pow(resolution + 1.0, dims));
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(RESOLUTION, resolution, CHANNELS, channels, TV, tv);
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(shape.inFeatures());
        GridEncodingLayer grid = new GridEncodingLayer("encoding.params", shape.inFeatures(), new int[] {resolution},
                channels, vertices(resolution, shape.inFeatures()), new Initializer.Uniform(1e-4), tv);
        String features = g.apply("encoding", grid, g.input(), g.constant("encoding_resolutions",
                grid.resolutionValues()));
        if (shape.hiddenLayers() == 0) {
            Initializer uniform = new Initializer.Uniform(1.0 / Math.sqrt(channels));
            g.apply("net0", new LinearLayer("net.0.weight", "net.0.bias", channels, shape.outFeatures(),
                    Activation.NONE, uniform, uniform), features);
        } else {
            new MlpBlock("net", channels, shape.width(), shape.hiddenLayers() - 1, shape.outFeatures(),
                    Activation.RELU).apply(g, features);
        }
        return g.build();
    }

    @Override
    public GridConfig withOutFeatures(int channels) {
        return new GridConfig(shape.withOutFeatures(channels), resolution, this.channels, tv);
    }
}
