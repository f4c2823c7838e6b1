package io.sl2a.kernels;

/**
 * A multiresolution grid encoding (Müller et al. 2022, instant-ngp): {@code levels} grids over the
 * unit cube, each with its own table of {@code features} values per vertex, d-linearly interpolated
 * at each point and concatenated level after level. Level l has {@code resolutions[l]} cells per
 * axis, so (res+1)^d vertices; where those fit in {@code levelSize} entries the level is a dense
 * grid (vertex index sum v_i (res+1)^i), else the vertex is hashed as the paper says, XOR of v_i *
 * pi_i with pi = (1, 2654435761, 805459861), reduced mod {@code levelSize} (then a power of two, so
 * a mask; the product wraps as uint32 does, and int arithmetic keeps the same low bits). A dense
 * level holds only its vertices, a hashed one {@code levelSize} entries; the levels' tables follow
 * each other in {@code table}, entry-major: {@code table[(offset_l + index) * features + f]}.
 *
 * <p>Coordinates come in [-1, 1] (the library's convention) and are mapped to [0, 1] and clamped;
 * the cell is clamped to the last one so that the upper edge interpolates with weight 1. The
 * resolutions are held in a float buffer (exact below 2^24). One to three dimensions (the three
 * primes).
 */
public final class HashGridKernels {
    /** The hash's primes as int: 2654435761 wraps to -1640531535 (the same low 32 bits). */
    static final int PRIME_1 = (int) 2654435761L;
    static final int PRIME_2 = 805459861;

    private HashGridKernels() {
    }

    /** (res+1)^dims when it fits in {@code levelSize} entries (a dense level), else 0 (a hashed one). */
    public static int denseEntries(int resolution, int dims, int levelSize) {
        int vertices = resolution + 1;
        int entries = 1;
        for (int i = 0; i < dims; i++) {
            // entries * vertices > levelSize exactly when entries > levelSize / vertices: no overflow.
            if (entries > levelSize / vertices) {
                return 0;
            }
            entries *= vertices;
        }
        return entries;
    }

    /** The entries of a level's table: its vertices when dense, else {@code levelSize}. */
    public static int levelEntries(int resolution, int dims, int levelSize) {
        int dense = denseEntries(resolution, dims, levelSize);
        return dense > 0 ? dense : levelSize;
    }

    /**
     * Level l's cells per axis, at least 1: a bad value in the buffer makes a coarse level, never an
     * index outside the table.
     */
    public static int resolution(float[] resolutions, int level) {
        return Math.max(1, (int) resolutions[level]);
    }

    /** The first entry of {@code level}'s table: the entries of the levels before it. */
    public static int levelOffset(float[] resolutions, int level, int dims, int levelSize) {
        int offset = 0;
        for (int l = 0; l < level; l++) {
            offset += levelEntries(resolution(resolutions, l), dims, levelSize);
        }
        return offset;
    }

    /**
     * The point's position on axis {@code i} in cells of a {@code resolution} grid: in [0, resolution].
     * Clamped by comparisons: Math.min and Math.max on floats read the values' bits (for -0), which
     * TornadoVM cannot compile.
     */
    static float position(float[] coords, int row, int dims, int i, int resolution) {
        float unit = (coords[row * dims + i] + 1.0f) * 0.5f;
        unit = unit < 0.0f ? 0.0f : unit > 1.0f ? 1.0f : unit;
        return unit * resolution;
    }

    /**
     * The lower vertex of the point's cell on axis i: floor of the position (truncation, as it is
     * not negative), at most resolution - 1.
     */
    static int cell(float position, int resolution) {
        int lower = (int) position;
        return lower < resolution - 1 ? lower : resolution - 1;
    }

    /** The lower vertex of the point's cell on axis {@code i}; 0 on an axis past {@code dims}. */
    public static int axisCell(float[] coords, int row, int dims, int i, int resolution) {
        return i < dims ? cell(position(coords, row, dims, i, resolution), resolution) : 0;
    }

    /** The point's fraction of its cell on axis {@code i}; 0 on an axis past {@code dims}. */
    public static float axisFraction(float[] coords, int row, int dims, int i, int resolution) {
        if (i >= dims) {
            return 0.0f;
        }
        float p = position(coords, row, dims, i, resolution);
        return p - cell(p, resolution);
    }

    /**
     * The d-linear weight of {@code corner} (bit i set: the upper vertex on axis i) from the point's
     * fractions on the three axes. An axis past the point's dimensions has fraction 0 and its bit
     * clear, so its factor is exactly 1.
     */
    public static float cornerWeight(int corner, float fraction0, float fraction1, float fraction2) {
        float weight = (corner & 1) == 1 ? fraction0 : 1.0f - fraction0;
        weight *= ((corner >> 1) & 1) == 1 ? fraction1 : 1.0f - fraction1;
        weight *= ((corner >> 2) & 1) == 1 ? fraction2 : 1.0f - fraction2;
        return weight;
    }

    /**
     * The table entry (within its level) of {@code corner} of the cell whose lower vertex is
     * (cell0, cell1, cell2): dense when {@code denseEntries} > 0, else the spatial hash. An axis
     * past the point's dimensions has cell 0 and its bit clear: it adds nothing.
     */
    public static int cornerIndex(int corner, int resolution, int cell0, int cell1, int cell2, int denseEntries,
            int levelSize) {
        int v0 = cell0 + (corner & 1);
        int v1 = cell1 + ((corner >> 1) & 1);
        int v2 = cell2 + ((corner >> 2) & 1);
        if (denseEntries > 0) {
            int side = resolution + 1;
            return v0 + side * (v1 + side * v2);
        }
        return (v0 ^ v1 * PRIME_1 ^ v2 * PRIME_2) & (levelSize - 1);
    }

    /** The encoding of one point: {@code out[row, l * features + f]}, every level interpolated. */
    public static void encodeRow(int row, float[] coords, float[] resolutions, float[] table, int dims, int levels,
            int features, int levelSize, float[] out) {
        int width = levels * features;
        int offset = 0;
        int corners = 1 << dims;
        for (int l = 0; l < levels; l++) {
            int resolution = resolution(resolutions, l);
            int dense = denseEntries(resolution, dims, levelSize);
            int base = row * width + l * features;
            for (int f = 0; f < features; f++) {
                out[base + f] = 0.0f;
            }
            // The cell and fractions once a level, then every corner from them.
            int c0 = axisCell(coords, row, dims, 0, resolution);
            int c1 = axisCell(coords, row, dims, 1, resolution);
            int c2 = axisCell(coords, row, dims, 2, resolution);
            float f0 = axisFraction(coords, row, dims, 0, resolution);
            float f1 = axisFraction(coords, row, dims, 1, resolution);
            float f2 = axisFraction(coords, row, dims, 2, resolution);
            for (int corner = 0; corner < corners; corner++) {
                float weight = cornerWeight(corner, f0, f1, f2);
                int entry = (offset + cornerIndex(corner, resolution, c0, c1, c2, dense, levelSize)) * features;
                for (int f = 0; f < features; f++) {
                    out[base + f] += weight * table[entry + f];
                }
            }
            offset += dense > 0 ? dense : levelSize;
        }
    }

    /**
     * The table gradient of one (level, feature) pair, {@code item = level * features + feature}:
     * its slice of {@code dTable} zeroed, then every row's output gradient added at its corners in
     * row order. An item owns its slice, so items never write the same place and need no atomics,
     * and the sums are taken in the same order however the items are spread over threads: the
     * gradient is the same bytes on every run and thread count.
     */
    public static void scatterItem(int item, int rows, float[] coords, float[] resolutions, float[] dOut, int dims,
            int levels, int features, int levelSize, float[] dTable) {
        int level = item / features;
        int f = item - level * features;
        scatterFeatures(level, f, f + 1, rows, coords, resolutions, dOut, dims, levels, features, levelSize, dTable);
    }

    /**
     * The table gradient of a whole level, every feature: the same sums as {@link #scatterItem} for
     * each of its features, in the same row order (the same bytes), but a point's cell, fractions
     * and corner entries worked out once for all its features, whose values share a cache line.
     */
    public static void scatterLevel(int level, int rows, float[] coords, float[] resolutions, float[] dOut, int dims,
            int levels, int features, int levelSize, float[] dTable) {
        scatterFeatures(level, 0, features, rows, coords, resolutions, dOut, dims, levels, features, levelSize,
                dTable);
    }

    private static void scatterFeatures(int level, int firstFeature, int endFeature, int rows, float[] coords,
            float[] resolutions, float[] dOut, int dims, int levels, int features, int levelSize, float[] dTable) {
        int resolution = resolution(resolutions, level);
        int dense = denseEntries(resolution, dims, levelSize);
        int offset = levelOffset(resolutions, level, dims, levelSize);
        int entries = dense > 0 ? dense : levelSize;
        for (int e = 0; e < entries; e++) {
            for (int f = firstFeature; f < endFeature; f++) {
                dTable[(offset + e) * features + f] = 0.0f;
            }
        }
        int width = levels * features;
        int corners = 1 << dims;
        for (int row = 0; row < rows; row++) {
            int c0 = axisCell(coords, row, dims, 0, resolution);
            int c1 = axisCell(coords, row, dims, 1, resolution);
            int c2 = axisCell(coords, row, dims, 2, resolution);
            float f0 = axisFraction(coords, row, dims, 0, resolution);
            float f1 = axisFraction(coords, row, dims, 1, resolution);
            float f2 = axisFraction(coords, row, dims, 2, resolution);
            int gradient = row * width + level * features;
            for (int corner = 0; corner < corners; corner++) {
                float weight = cornerWeight(corner, f0, f1, f2);
                int entry = (offset + cornerIndex(corner, resolution, c0, c1, c2, dense, levelSize)) * features;
                for (int f = firstFeature; f < endFeature; f++) {
                    dTable[entry + f] += weight * dOut[gradient + f];
                }
            }
        }
    }

    private static float sign(float x) {
        return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f;
    }

    /**
     * Adds the gradient of the anisotropic total variation {@code weight * sum over edges and
     * features |g(v + e_i) - g(v)|} of one dense grid ((resolution+1)^dims vertices) at vertex
     * {@code vertex}, every feature: each vertex owns its entries, so the sum is deterministic.
     */
    public static void totalVariationVertex(int vertex, float[] table, int dims, int resolution, int features,
            float weight, float[] dTable) {
        int vertices = resolution + 1;
        for (int f = 0; f < features; f++) {
            float t = table[vertex * features + f];
            float g = 0.0f;
            int stride = 1;
            for (int i = 0; i < dims; i++) {
                int v = (vertex / stride) % vertices;
                if (v > 0) {
                    g += sign(t - table[(vertex - stride) * features + f]);
                }
                if (v < resolution) {
                    g -= sign(table[(vertex + stride) * features + f] - t);
                }
                stride *= vertices;
            }
            dTable[vertex * features + f] += weight * g;
        }
    }
}
