/*
 * io.sl2a.kernels.ComplexKernels (WIRE's complex layers on interleaved re, im pairs), one
 * element per work-item, with the trailing `count` of elementwise.cl.
 */
#pragma OPENCL FP_CONTRACT OFF

/* Weight entry pq = p * cols + q of [rows, cols, 2] into its four places of the block [2 rows, 2 cols]. */
__kernel void complex_block(__global const float* weight, int cols, __global float* block, int count) {
    int pq = get_global_id(0);
    if (pq >= count) {
        return;
    }
    int p = pq / cols;
    int q = pq - p * cols;
    float re = weight[2 * pq];
    float im = weight[2 * pq + 1];
    int top = 2 * p * 2 * cols + 2 * q;
    int bottom = top + 2 * cols;
    block[top] = re;
    block[top + 1] = -im;
    block[bottom] = im;
    block[bottom + 1] = re;
}

__kernel void complex_block_grad(__global const float* dBlock, int cols, __global float* dWeight, int count) {
    int pq = get_global_id(0);
    if (pq >= count) {
        return;
    }
    int p = pq / cols;
    int q = pq - p * cols;
    int top = 2 * p * 2 * cols + 2 * q;
    int bottom = top + 2 * cols;
    dWeight[2 * pq] = dBlock[top] + dBlock[bottom + 1];
    dWeight[2 * pq + 1] = dBlock[bottom] - dBlock[top + 1];
}

/* y = exp(i w z - |s z|^2) for complex element i; z = pre[i] (real) when realInput. */
__kernel void complex_gabor(__global const float* pre, int realInput, float omega, float sigma, __global float* y,
        int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float a = realInput != 0 ? pre[i] : pre[2 * i];
    float b = realInput != 0 ? 0.0f : pre[2 * i + 1];
    float sa = sigma * a;
    float sb = sigma * b;
    float magnitude = exp(-(omega * b) - (sa * sa + sb * sb));
    float phase = omega * a;
    y[2 * i] = magnitude * cos(phase);
    y[2 * i + 1] = magnitude * sin(phase);
}

/* dPre from dY, reading pre and y; in place (dPre = dY) unless realInput. */
__kernel void complex_gabor_backward(__global const float* pre, __global const float* y, __global const float* dY,
        int realInput, float omega, float sigma, __global float* dPre, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float a = realInput != 0 ? pre[i] : pre[2 * i];
    float b = realInput != 0 ? 0.0f : pre[2 * i + 1];
    float yRe = y[2 * i];
    float yIm = y[2 * i + 1];
    float gRe = dY[2 * i];
    float gIm = dY[2 * i + 1];
    float twoS2 = 2.0f * sigma * sigma;
    float dA = gRe * (-twoS2 * a * yRe - omega * yIm) + gIm * (-twoS2 * a * yIm + omega * yRe);
    if (realInput != 0) {
        dPre[i] = dA;
    } else {
        float dB = (-omega - twoS2 * b) * (gRe * yRe + gIm * yIm);
        dPre[2 * i] = dA;
        dPre[2 * i + 1] = dB;
    }
}

__kernel void real_part(__global const float* z, __global float* y, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    y[i] = z[2 * i];
}

__kernel void real_part_backward(__global const float* dY, __global float* dZ, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    dZ[2 * i] = dY[i];
    dZ[2 * i + 1] = 0.0f;
}
