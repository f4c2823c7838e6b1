/*
 * io.sl2a.kernels.HashGridKernels: the multiresolution grid encoding, its table gradient and a dense
 * grid's total variation. Resolutions are floats holding integers (exact below 2^24); the hash is
 * uint arithmetic, whose wrap-around the Java body's int arithmetic reproduces bit for bit.
 * `count` bounds the padded launch.
 */
#pragma OPENCL FP_CONTRACT OFF

int hg_dense_entries(int resolution, int dims, int levelSize) {
    int vertices = resolution + 1;
    int entries = 1;
    for (int i = 0; i < dims; i++) {
        if (entries > levelSize / vertices) {
            return 0;
        }
        entries *= vertices;
    }
    return entries;
}

int hg_resolution(__global const float* resolutions, int level) {
    return max(1, (int) resolutions[level]);
}

int hg_level_offset(__global const float* resolutions, int level, int dims, int levelSize) {
    int offset = 0;
    for (int l = 0; l < level; l++) {
        int dense = hg_dense_entries(hg_resolution(resolutions, l), dims, levelSize);
        offset += dense > 0 ? dense : levelSize;
    }
    return offset;
}

float hg_position(__global const float* coords, int row, int dims, int i, int resolution) {
    float unit = (coords[row * dims + i] + 1.0f) * 0.5f;
    unit = unit < 0.0f ? 0.0f : unit > 1.0f ? 1.0f : unit;
    return unit * (float) resolution;
}

int hg_cell(float position, int resolution) {
    int lower = (int) position; /* the position is not negative: truncation is the floor */
    return lower < resolution - 1 ? lower : resolution - 1;
}

float hg_corner_weight(__global const float* coords, int row, int dims, int resolution, int corner) {
    float weight = 1.0f;
    for (int i = 0; i < dims; i++) {
        float p = hg_position(coords, row, dims, i, resolution);
        float fraction = p - (float) hg_cell(p, resolution);
        weight *= ((corner >> i) & 1) == 1 ? fraction : 1.0f - fraction;
    }
    return weight;
}

int hg_corner_index(__global const float* coords, int row, int dims, int resolution, int corner, int dense,
        int levelSize) {
    int index = 0;
    int stride = 1;
    uint hash = 0u;
    for (int i = 0; i < dims; i++) {
        float p = hg_position(coords, row, dims, i, resolution);
        int vertex = hg_cell(p, resolution) + ((corner >> i) & 1);
        index += vertex * stride;
        stride *= resolution + 1;
        uint prime = i == 0 ? 1u : i == 1 ? 2654435761u : 805459861u;
        hash ^= (uint) vertex * prime;
    }
    return dense > 0 ? index : (int) (hash & (uint) (levelSize - 1));
}

/* HashGridKernels.encodeRow for one (row, level) pair, work-item g = row*levels + l; count = rows*levels. */
__kernel void hash_grid_encode(__global const float* coords, __global const float* resolutions,
        __global const float* table, int dims, int levels, int features, int levelSize, __global float* out,
        int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int row = g / levels;
    int l = g - row * levels;
    int resolution = hg_resolution(resolutions, l);
    int dense = hg_dense_entries(resolution, dims, levelSize);
    int offset = hg_level_offset(resolutions, l, dims, levelSize);
    int base = row * levels * features + l * features;
    for (int f = 0; f < features; f++) {
        out[base + f] = 0.0f;
    }
    for (int corner = 0; corner < (1 << dims); corner++) {
        float weight = hg_corner_weight(coords, row, dims, resolution, corner);
        int entry = (offset + hg_corner_index(coords, row, dims, resolution, corner, dense, levelSize)) * features;
        for (int f = 0; f < features; f++) {
            out[base + f] += weight * table[entry + f];
        }
    }
}

/*
 * HashGridKernels.scatterItem, work-item g = level*features + feature; count = levels*features. Each
 * work-item owns its slice of dTable and adds the rows in order: no atomics, and the same sums as
 * the Java body (deterministic), at the cost of few work-items.
 */
__kernel void hash_grid_scatter(int rows, __global const float* coords, __global const float* resolutions,
        __global const float* dOut, int dims, int levels, int features, int levelSize, __global float* dTable,
        int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int level = g / features;
    int f = g - level * features;
    int resolution = hg_resolution(resolutions, level);
    int dense = hg_dense_entries(resolution, dims, levelSize);
    int offset = hg_level_offset(resolutions, level, dims, levelSize);
    int entries = dense > 0 ? dense : levelSize;
    for (int e = 0; e < entries; e++) {
        dTable[(offset + e) * features + f] = 0.0f;
    }
    int width = levels * features;
    for (int row = 0; row < rows; row++) {
        float d = dOut[row * width + g];
        for (int corner = 0; corner < (1 << dims); corner++) {
            float weight = hg_corner_weight(coords, row, dims, resolution, corner);
            int entry = offset + hg_corner_index(coords, row, dims, resolution, corner, dense, levelSize);
            dTable[entry * features + f] += weight * d;
        }
    }
}

float hg_sign(float x) {
    return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f;
}

/* HashGridKernels.totalVariationVertex, work-item = vertex; count = (resolution+1)^dims. */
__kernel void grid_total_variation(__global const float* table, int dims, int resolution, int features,
        float weight, __global float* dTable, int count) {
    int vertex = get_global_id(0);
    if (vertex >= count) {
        return;
    }
    int vertices = resolution + 1;
    for (int f = 0; f < features; f++) {
        float t = table[vertex * features + f];
        float g = 0.0f;
        int stride = 1;
        for (int i = 0; i < dims; i++) {
            int v = (vertex / stride) % vertices;
            if (v > 0) {
                g += hg_sign(t - table[(vertex - stride) * features + f]);
            }
            if (v < resolution) {
                g -= hg_sign(table[(vertex + stride) * features + f] - t);
            }
            stride *= vertices;
        }
        dTable[vertex * features + f] += weight * g;
    }
}
