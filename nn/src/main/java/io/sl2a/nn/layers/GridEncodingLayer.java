package io.sl2a.nn.layers;

import io.sl2a.kernels.HashGridKernels;
import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/**
 * Trainable feature grids over the coordinates, d-linearly interpolated ({@link HashGridKernels}):
 * instant-ngp's multiresolution hash encoding, or, with one level whose vertices fit its table, a
 * dense grid. The table is one parameter [entries, features] (the levels' tables one after the
 * other), the output the levels' features side by side. The levels' resolutions are the layer's
 * second input, a constant of the graph ({@link #resolutionValues}). It reads the network's
 * coordinates, whose gradient no task needs, so its backward gives the table's gradient only (the
 * scatter), plus, for a dense grid with {@code tv > 0}, the gradient of its total variation.
 */
public final class GridEncodingLayer implements Layer {
    /** The most values a table holds: 2^28 floats, 1 GiB, and as much again for each of its gradient and moments. */
    public static final long MAX_TABLE = 1L << 28;
    private final Parameter table;
    private final int dims;
    private final int[] resolutions;
    private final int features;
    private final int levelSize;
    private final float tvWeight;

    /**
     * @param name        the table's state_dict name
     * @param dims        coordinates (1 to 3: the hash has three primes)
     * @param resolutions cells per axis of each level
     * @param features    features per level
     * @param levelSize   the most entries a level's table holds (a power of two where a level is hashed)
     * @param init        the table's initialisation
     * @param tv          the total variation's weight (its mean over the grid's edges and features);
     *                    0 for none, else only on a single dense level
     */
    public GridEncodingLayer(String name, int dims, int[] resolutions, int features, int levelSize, Initializer init,
            double tv) {
        long entries = tableEntries(dims, resolutions, features, levelSize, tv);
        this.dims = dims;
        this.resolutions = resolutions.clone();
        this.features = features;
        this.levelSize = levelSize;
        double edges = tv > 0 ? dims * resolutions[0] * Math.pow(resolutions[0] + 1, dims - 1) : 1;
        this.tvWeight = (float) (tv / (edges * features));
        this.table = Parameter.of(name, init, (int) entries, features);
    }

    /**
     * The table's entries (rows of {@code features}) for these levels; throws
     * IllegalArgumentException for a grid this layer cannot hold (the models' configurations call it
     * to refuse their options early).
     */
    public static long tableEntries(int dims, int[] resolutions, int features, int levelSize, double tv) {
        require(dims >= 1 && dims <= 3, "a grid encoding takes 1 to 3 coordinates, got " + dims);
        require(features >= 1, "a grid needs at least one feature, got " + features);
        require(levelSize >= 1, "a grid level's table needs at least one entry, got " + levelSize);
        require(!(tv < 0), "total variation weight must not be negative, got " + tv);
        long entries = 0;
        boolean hashed = false;
        for (int resolution : resolutions) {
            require(resolution >= 1, "a grid level needs at least one cell, got " + resolution);
            hashed |= HashGridKernels.denseEntries(resolution, dims, levelSize) == 0;
            entries += HashGridKernels.levelEntries(resolution, dims, levelSize);
        }
        require(!hashed || Integer.bitCount(levelSize) == 1,
                "a hashed level's table size must be a power of two, got " + levelSize);
        require(entries * features <= MAX_TABLE, "a grid table of " + entries + " x " + features
                + " values is more than " + MAX_TABLE);
        require(tv == 0 || (resolutions.length == 1 && !hashed), "total variation needs a single dense grid");
        return entries;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The levels' resolutions as the float constant the operations read. */
    public float[] resolutionValues() {
        float[] values = new float[resolutions.length];
        for (int l = 0; l < values.length; l++) {
            values[l] = resolutions[l];
        }
        return values;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(table);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(dims, resolutions.length);
    }

    @Override
    public int outputWidth() {
        return resolutions.length * features;
    }

    @Override
    public void emitForward(Emission e) {
        e.add(new Op.HashGridEncode(e.input(0), e.input(1), table.name(), e.output(), dims, resolutions.length,
                features, levelSize));
    }

    @Override
    public void emitBackward(Emission e) {
        if (e.inputGradient(0) != null) {
            throw e.unsupported("the grid encoding has no coordinate gradient: apply it to the network input");
        }
        String gradient = e.gradient(table);
        e.add(new Op.HashGridScatter(e.input(0), e.input(1), e.outputGradient(), gradient, dims, resolutions.length,
                features, levelSize));
        if (tvWeight > 0) {
            e.add(new Op.GridTotalVariation(table.name(), gradient, dims, resolutions[0], features, tvWeight));
        }
    }
}
