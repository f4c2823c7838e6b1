/*
 * io.sl2a.kernels.GaborWindowKernels (GaborNet's Gaussian window), with the trailing `count` of
 * elementwise.cl. gabor_window runs one work-item per (row, output), the body one per row.
 */
#pragma OPENCL FP_CONTRACT OFF

__kernel void gabor_window(__global const float* x, __global const float* mu, __global const float* gamma, int in,
        int out, __global float* distance, __global float* window, int count) {
    int item = get_global_id(0);
    if (item >= count) {
        return;
    }
    int row = item / out;
    int o = item - row * out;
    float d = 0.0f;
    for (int i = 0; i < in; i++) {
        float difference = x[row * in + i] - mu[o * in + i];
        d += difference * difference;
    }
    distance[item] = d;
    window[item] = exp(-0.5f * gamma[o] * d);
}

__kernel void gabor_window_backward(__global const float* dWindow, __global const float* window,
        __global const float* distance, __global float* a, __global float* ad, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float value = dWindow[i] * window[i];
    a[i] = value;
    ad[i] = value * distance[i];
}

__kernel void gabor_window_param_grad(__global const float* mu, __global const float* gamma, __global const float* ax,
        __global const float* columnA, __global const float* columnAd, int in, __global float* dMu, __global float* dGamma,
        int count) {
    int o = get_global_id(0);
    if (o >= count) {
        return;
    }
    for (int i = 0; i < in; i++) {
        dMu[o * in + i] = gamma[o] * (ax[o * in + i] - mu[o * in + i] * columnA[o]);
    }
    dGamma[o] = -0.5f * columnAd[o];
}
