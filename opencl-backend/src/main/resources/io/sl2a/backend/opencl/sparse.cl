/* io.sl2a.kernels.SparseKernels.productRow: y = A x for A in CSR, one output row per work-item. */
#pragma OPENCL FP_CONTRACT OFF

__kernel void sparse_product(__global const float* rowStart, __global const float* columns,
        __global const float* values, __global const float* x, int channels, __global float* y, int rows) {
    int row = get_global_id(0);
    if (row >= rows) {
        return;
    }
    int first = (int) rowStart[row];
    int end = (int) rowStart[row + 1];
    int out = row * channels;
    for (int c = 0; c < channels; c++) {
        float sum = 0.0f;
        for (int e = first; e < end; e++) {
            sum += values[e] * x[((int) columns[e]) * channels + c];
        }
        y[out + c] = sum;
    }
}
