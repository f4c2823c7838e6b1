/*
 * io.sl2a.kernels.LinearKernels without the product (see gemm.cl). The bias kernels run one
 * element per work-item rather than one row (same results, coalesced on a GPU); the column sums
 * run one (chunk, column) pair per work-item, so neighbouring work-items read neighbouring floats.
 */
#pragma OPENCL FP_CONTRACT OFF

__kernel void bias_activation(__global const float* bias, int width, int relu, __global float* y, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float v = y[i] + bias[i % width];
    y[i] = relu != 0 ? fmax(v, 0.0f) : v;
}

__kernel void bias_activation_modulate(__global const float* bias, __global const float* x, int width, int relu,
        __global float* y, __global float* z, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float v = y[i] + bias[i % width];
    float activated = relu != 0 ? fmax(v, 0.0f) : v;
    y[i] = activated;
    z[i] = x[i] * activated;
}

/* LinearKernels.columnSumPartial for the work-item g = chunk*width + column; count = chunks*width. */
__kernel void column_sum_partial(int rowsPerChunk, int rows, __global const float* dY, int width,
        __global float* partial, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int chunk = g / width;
    int column = g - chunk * width;
    int end = min(rows, (chunk + 1) * rowsPerChunk);
    float sum = 0.0f;
    for (int row = chunk * rowsPerChunk; row < end; row++) {
        sum += dY[row * width + column];
    }
    partial[g] = sum;
}

/* LinearKernels.reducePartials; count = width. */
__kernel void reduce_partials(__global const float* partial, int chunks, int width, __global float* out, int count) {
    int column = get_global_id(0);
    if (column >= count) {
        return;
    }
    float sum = 0.0f;
    for (int chunk = 0; chunk < chunks; chunk++) {
        sum += partial[chunk * width + column];
    }
    out[column] = sum;
}

/* LinearKernels.accumulatePartials (BiasGrad with accumulate): out[column] += the sum; count = width. */
__kernel void accumulate_partials(__global const float* partial, int chunks, int width, __global float* out, int count) {
    int column = get_global_id(0);
    if (column >= count) {
        return;
    }
    float sum = 0.0f;
    for (int chunk = 0; chunk < chunks; chunk++) {
        sum += partial[chunk * width + column];
    }
    out[column] = out[column] + sum;
}
