/*
 * io.sl2a.kernels.GridKernels. Indices are floats holding integers (exact below 2^24).
 * `count` bounds the padded launch.
 */
#pragma OPENCL FP_CONTRACT OFF

/* GridKernels.gatherSumRow for one (row, output) pair, work-item g = row*outDim + o; count = rows*outDim. */
__kernel void gather_sum(__global const float* table, __global const float* index, int in, int outDim,
        int axisLength, __global float* out, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int row = g / outDim;
    int o = g - row * outDim;
    float sum = table[((int) index[row * in]) * outDim + o];
    for (int i = 1; i < in; i++) {
        sum += table[(i * axisLength + (int) index[row * in + i]) * outDim + o];
    }
    out[g] = sum;
}

/*
 * GridKernels.scatterSumPartial for one (chunk, output) pair, work-item g = chunk*outDim + o: it
 * owns column o of the chunk's private table, so no two work-items write the same place (no
 * atomics); count = chunks*outDim. The second stage is reduce_partials over the chunks.
 */
__kernel void scatter_sum_partial(int rowsPerChunk, int rows, __global const float* dOut,
        __global const float* index, int in, int outDim, int axisLength, __global float* partial, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int chunk = g / outDim;
    int o = g - chunk * outDim;
    int entries = in * axisLength;
    int base = chunk * entries * outDim;
    for (int e = 0; e < entries; e++) {
        partial[base + e * outDim + o] = 0.0f;
    }
    int end = min(rows, (chunk + 1) * rowsPerChunk);
    for (int row = chunk * rowsPerChunk; row < end; row++) {
        float d = dOut[row * outDim + o];
        for (int i = 0; i < in; i++) {
            partial[base + (i * axisLength + (int) index[row * in + i]) * outDim + o] += d;
        }
    }
}
