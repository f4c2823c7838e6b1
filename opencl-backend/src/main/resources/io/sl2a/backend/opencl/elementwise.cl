/*
 * io.sl2a.kernels.ElementwiseKernels, one element per work-item. Every kernel takes the body's
 * parameters in the body's order plus a trailing `count`: launches are padded to a multiple of
 * the work-group size (a fixed local size keeps PoCL from compiling one variant per batch size),
 * so work-items at or past `count` return.
 *
 * FP_CONTRACT OFF: Java never fuses a*b+c, so neither do these kernels (bit-equal results).
 */
#pragma OPENCL FP_CONTRACT OFF

__kernel void multiply(__global const float* a, __global const float* b, int accumulate, __global float* out,
        int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float product = a[i] * b[i];
    out[i] = accumulate != 0 ? out[i] + product : product;
}

/* dX = dY * signum(y); may run in place (dX and dY the same buffer). */
__kernel void relu_backward(__global const float* y, __global const float* dY, __global float* dX, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    dX[i] = dY[i] * sign(y[i]);
}

__kernel void copy(__global const float* source, __global float* destination, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    destination[i] = source[i];
}

__kernel void modulation_backward(__global const float* dZ, __global const float* x, __global const float* yPrevious,
        int accumulate, __global float* dX, __global float* dYPrevious, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float d = dZ[i];
    float toX = d * yPrevious[i];
    dX[i] = accumulate != 0 ? dX[i] + toX : toX;
    dYPrevious[i] = d * x[i];
}

/* WaveKernels: kind 0 sine sin(s z), 1 Gaussian exp(-(s z)^2), 2 FINER sin(s (|z| + 1) z). */
float wave_value(int kind, float z, float s) {
    if (kind == 0) {
        return sin(s * z);
    }
    if (kind == 1) {
        float sz = s * z;
        return exp(-(sz * sz));
    }
    float frequency = s * (fabs(z) + 1.0f);
    return sin(frequency * z);
}

/* The derivative; FINER's holds its scale |z| + 1 constant, as the reference does. */
float wave_derivative(int kind, float z, float s) {
    if (kind == 0) {
        return cos(s * z) * s;
    }
    if (kind == 1) {
        float sz = s * z;
        return -2.0f * sz * s * exp(-(sz * sz));
    }
    float frequency = s * (fabs(z) + 1.0f);
    return cos(frequency * z) * frequency;
}

/* WaveKernels.biasWaveRow, one element per work-item: pre += bias; y = f(pre). */
__kernel void bias_wave(__global const float* bias, int width, int kind, float s, __global float* pre, __global float* y,
        int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float z = pre[i] + bias[i % width];
    pre[i] = z;
    y[i] = wave_value(kind, z, s);
}

__kernel void wave_backward(__global const float* pre, __global const float* dY, int kind, float s, __global float* dPre,
        int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    dPre[i] = dY[i] * wave_derivative(kind, pre[i], s);
}

/* EncodingKernels.positionalRow, one (row, input) pair per work-item g = row*in + i; count = rows*in.
   out[row] = [x, sin(x), cos(x), sin(2x), cos(2x), ...], each term in values wide. */
__kernel void positional_encoding(__global const float* coords, int in, int frequencies, __global float* out, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int row = g / in;
    int i = g - row * in;
    int base = row * in * (2 * frequencies + 1);
    float x = coords[g];
    out[base + i] = x;
    float frequency = 1.0f;
    for (int k = 0; k < frequencies; k++) {
        int at = base + in * (1 + 2 * k);
        float argument = frequency * x;
        out[at + i] = sin(argument);
        out[at + in + i] = cos(argument);
        frequency *= 2.0f;
    }
}
