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

/* io.sl2a.kernels.LossKernels.accumulateSum: one work-item adds values[0..count) to total[0]. */
__kernel void accumulate_sum(__global const float* values, int count, __global float* total) {
    if (get_global_id(0) != 0) {
        return;
    }
    float sum = 0.0f;
    for (int i = 0; i < count; i++) {
        sum += values[i];
    }
    total[0] += sum;
}
