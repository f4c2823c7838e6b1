/*
 * INCODE: io.sl2a.kernels.HarmonizerKernels (the harmonizer's fixed-size vector ops: channel means,
 * a dense layer over one vector with its two-pass backward, the coefficients' penalty) and
 * io.sl2a.kernels.IncodeKernels (the composer's sine over rows x width), with the trailing `count`
 * of elementwise.cl. The same work-items as the bodies: a channel, an output, an input, an element,
 * or (the composer's backward, which sums per row) a row.
 */
#pragma OPENCL FP_CONTRACT OFF

/* count = channels. */
__kernel void channel_mean(__global const float* x, int plane, __global float* y, int count) {
    int c = get_global_id(0);
    if (c >= count) {
        return;
    }
    int base = c * plane;
    float sum = 0.0f;
    for (int i = 0; i < plane; i++) {
        sum += x[base + i];
    }
    y[c] = sum / plane;
}

/* count = channels * plane. */
__kernel void channel_mean_backward(__global const float* dY, int plane, __global float* dX, int count) {
    int k = get_global_id(0);
    if (k >= count) {
        return;
    }
    dX[k] = dY[k / plane] / plane;
}

/* count = out; y may be pre (without the SiLU). */
__kernel void dense_vector(__global const float* x, __global const float* weight, __global const float* bias, int in,
        int silu, __global float* pre, __global float* y, int count) {
    int o = get_global_id(0);
    if (o >= count) {
        return;
    }
    int row = o * in;
    float sum = 0.0f;
    for (int i = 0; i < in; i++) {
        sum += weight[row + i] * x[i];
    }
    float p = sum + bias[o];
    pre[o] = p;
    if (silu != 0) {
        float sigma = 1.0f / (1.0f + exp(-p));
        y[o] = p * sigma;
    } else {
        y[o] = p;
    }
}

/* The backward's first pass; count = out. dPre may be dY. */
__kernel void dense_vector_backward_output(__global const float* dY, __global const float* pre, __global const float* x,
        int in, int silu, __global float* dPre, __global float* dWeight, __global float* dBias, int count) {
    int o = get_global_id(0);
    if (o >= count) {
        return;
    }
    float g = dY[o];
    if (silu != 0) {
        float p = pre[o];
        float sigma = 1.0f / (1.0f + exp(-p));
        g = g * (sigma * (1.0f + p * (1.0f - sigma)));
    }
    dPre[o] = g;
    dBias[o] = g;
    int row = o * in;
    for (int i = 0; i < in; i++) {
        dWeight[row + i] = g * x[i];
    }
}

/* The backward's second pass, after the first; count = in. */
__kernel void dense_vector_backward_input(__global const float* weight, __global const float* dPre, int in, int out,
        __global float* dX, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float sum = 0.0f;
    for (int o = 0; o < out; o++) {
        sum += weight[o * in + i] * dPre[o];
    }
    dX[i] = sum;
}

/* count = 4. */
__kernel void coefficient_penalty(__global const float* coefficients, float weightA, float weightB, float weightC,
        float weightD, __global float* dCoefficients, int count) {
    int j = get_global_id(0);
    if (j >= count) {
        return;
    }
    float weight = j == 0 ? weightA : j == 1 ? weightB : j == 2 ? weightC : weightD;
    if (coefficients[j] < 0.0f) {
        dCoefficients[j] = dCoefficients[j] - weight;
    }
}

/* count = rows * width. */
__kernel void incode_sine(__global const float* pre, __global const float* coefficients, float omega, __global float* y,
        int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float amplitude = exp(coefficients[0]);
    float frequency = exp(coefficients[1]) * omega;
    float theta = frequency * pre[i] + coefficients[2];
    y[i] = amplitude * sin(theta) + coefficients[3];
}

/* One row per work-item; count = rows. dPre may be dY (each element read before it is written). */
__kernel void incode_sine_backward(__global const float* pre, __global const float* y,
        __global const float* coefficients, __global const float* dY, int width, float omega, __global float* dPre,
        __global float* rowCoefficientGrad, int count) {
    int row = get_global_id(0);
    if (row >= count) {
        return;
    }
    float amplitude = exp(coefficients[0]);
    float frequency = exp(coefficients[1]) * omega;
    float c = coefficients[2];
    float d = coefficients[3];
    float sumA = 0.0f;
    float sumB = 0.0f;
    float sumC = 0.0f;
    float sumD = 0.0f;
    int base = row * width;
    for (int j = 0; j < width; j++) {
        float p = pre[base + j];
        float g = dY[base + j];
        float theta = frequency * p + c;
        float gAmplitude = g * amplitude;
        float gCos = gAmplitude * cos(theta);
        sumA += g * (y[base + j] - d); /* exp(a) sin(theta), from the forward's output */
        sumB += gCos * frequency * p;
        sumC += gCos;
        sumD += g;
        dPre[base + j] = gCos * frequency;
    }
    int out = row * 4;
    rowCoefficientGrad[out] = sumA;
    rowCoefficientGrad[out + 1] = sumB;
    rowCoefficientGrad[out + 2] = sumC;
    rowCoefficientGrad[out + 3] = sumD;
}
