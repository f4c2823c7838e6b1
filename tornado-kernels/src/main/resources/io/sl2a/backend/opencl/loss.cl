/* io.sl2a.kernels.LossKernels.mseRow, one row per work-item; `rows` bounds the padded launch. */
#pragma OPENCL FP_CONTRACT OFF

__kernel void mse_row(__global const float* pred, __global const float* target, int width, float scale,
        __global float* dPred, __global float* rowSquaredError, int rows) {
    int row = get_global_id(0);
    if (row >= rows) {
        return;
    }
    int base = row * width;
    float sum = 0.0f;
    for (int j = 0; j < width; j++) {
        float diff = pred[base + j] - target[base + j];
        dPred[base + j] = scale * diff;
        sum += diff * diff;
    }
    rowSquaredError[row] = sum;
}
