/*
 * io.sl2a.kernels.SplineKernels (efficient-kan's KANLinear pieces), with the trailing `count` of
 * elementwise.cl. The basis kernels run one work-item per (row, input); the bodies one per row.
 */
#pragma OPENCL FP_CONTRACT OFF

/* The cardinal cubic B-spline on [0, 4), and its derivative. */
float spline_cubic(float u) {
    if (!(u >= 0.0f) || u >= 4.0f) {
        return 0.0f;
    }
    if (u < 1.0f) {
        return u * u * u / 6.0f;
    }
    if (u < 2.0f) {
        float v = u - 1.0f;
        return (((-3.0f * v + 3.0f) * v + 3.0f) * v + 1.0f) / 6.0f;
    }
    if (u < 3.0f) {
        float v = u - 2.0f;
        return ((3.0f * v - 6.0f) * v * v + 4.0f) / 6.0f;
    }
    float w = 4.0f - u;
    return w * w * w / 6.0f;
}

float spline_cubic_derivative(float u) {
    if (!(u >= 0.0f) || u >= 4.0f) {
        return 0.0f;
    }
    if (u < 1.0f) {
        return u * u / 2.0f;
    }
    if (u < 2.0f) {
        float v = u - 1.0f;
        return ((-3.0f * v + 2.0f) * v + 1.0f) / 2.0f;
    }
    if (u < 3.0f) {
        float v = u - 2.0f;
        return (3.0f * v - 4.0f) * v / 2.0f;
    }
    float w = 4.0f - u;
    return -w * w / 2.0f;
}

__kernel void bspline_basis(__global const float* x, int in, int gridSize, float lo, float hi, __global float* basis,
        int count) {
    int item = get_global_id(0);
    if (item >= count) {
        return;
    }
    int bases = gridSize + 3;
    float h = (hi - lo) / gridSize;
    float s = (x[item] - lo) / h + 3.0f;
    for (int j = 0; j < bases; j++) {
        basis[item * bases + j] = spline_cubic(s - j);
    }
}

__kernel void bspline_input_grad(__global const float* x, __global const float* dBasis, int in, int gridSize, float lo,
        float hi, int accumulate, __global float* dX, int count) {
    int item = get_global_id(0);
    if (item >= count) {
        return;
    }
    int bases = gridSize + 3;
    float h = (hi - lo) / gridSize;
    float s = (x[item] - lo) / h + 3.0f;
    float sum = 0.0f;
    for (int j = 0; j < bases; j++) {
        sum += dBasis[item * bases + j] * spline_cubic_derivative(s - j);
    }
    float gradient = sum / h;
    dX[item] = accumulate != 0 ? dX[item] + gradient : gradient;
}

__kernel void silu(__global const float* x, __global float* y, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float sigma = 1.0f / (1.0f + exp(-x[i]));
    y[i] = x[i] * sigma;
}

__kernel void silu_backward(__global const float* x, __global const float* dY, int accumulate, __global float* dX,
        int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float sigma = 1.0f / (1.0f + exp(-x[i]));
    float gradient = dY[i] * (sigma * (1.0f + x[i] * (1.0f - sigma)));
    dX[i] = accumulate != 0 ? dX[i] + gradient : gradient;
}

__kernel void scale_rows(__global const float* weight, __global const float* scaler, int length, __global float* scaled,
        int count) {
    int r = get_global_id(0);
    if (r >= count) {
        return;
    }
    for (int c = 0; c < length; c++) {
        scaled[r * length + c] = weight[r * length + c] * scaler[r];
    }
}

__kernel void scale_rows_backward(__global const float* dScaled, __global const float* weight, __global const float* scaler,
        int length, __global float* dWeight, __global float* dScaler, int count) {
    int r = get_global_id(0);
    if (r >= count) {
        return;
    }
    float sum = 0.0f;
    for (int c = 0; c < length; c++) {
        dWeight[r * length + c] = dScaled[r * length + c] * scaler[r];
        sum += dScaled[r * length + c] * weight[r * length + c];
    }
    dScaler[r] = sum;
}
