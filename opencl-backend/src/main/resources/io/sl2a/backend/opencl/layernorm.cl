/*
 * io.sl2a.kernels.LayerNormKernels: one row per work-item for the forward and the input
 * gradient (same four/two interleaved accumulators as the bodies, so the same summation order),
 * one (chunk, column) pair per work-item for the first stage of the gamma/beta gradients (the
 * second stage is reduce_partials in linear.cl). `rows`/`count` bound the padded launch.
 */
#pragma OPENCL FP_CONTRACT OFF

__kernel void layer_norm_forward(__global const float* x, __global const float* gamma, __global const float* beta,
        int width, float eps, __global float* y, __global float* mean, __global float* rstd, int rows) {
    int row = get_global_id(0);
    if (row >= rows) {
        return;
    }
    int base = row * width;
    int body = width & ~3;
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
    for (int j = 0; j < body; j += 4) {
        s0 += x[base + j];
        s1 += x[base + j + 1];
        s2 += x[base + j + 2];
        s3 += x[base + j + 3];
    }
    for (int j = body; j < width; j++) {
        s0 += x[base + j];
    }
    float mu = ((s0 + s1) + (s2 + s3)) / width;
    float q0 = 0.0f, q1 = 0.0f, q2 = 0.0f, q3 = 0.0f;
    for (int j = 0; j < body; j += 4) {
        float d0 = x[base + j] - mu;
        float d1 = x[base + j + 1] - mu;
        float d2 = x[base + j + 2] - mu;
        float d3 = x[base + j + 3] - mu;
        q0 += d0 * d0;
        q1 += d1 * d1;
        q2 += d2 * d2;
        q3 += d3 * d3;
    }
    for (int j = body; j < width; j++) {
        float d = x[base + j] - mu;
        q0 += d * d;
    }
    float squares = (q0 + q1) + (q2 + q3);
    /* The body takes 1/sqrt in double; in float (correctly rounded where the device allows) it is within 1 ulp. */
    float r = 1.0f / sqrt(squares / width + eps);
    for (int j = 0; j < width; j++) {
        y[base + j] = (x[base + j] - mu) * r * gamma[j] + beta[j];
    }
    mean[row] = mu;
    rstd[row] = r;
}

__kernel void layer_norm_backward(__global const float* dY, __global const float* x, __global const float* gamma,
        __global const float* mean, __global const float* rstd, int width, __global float* dX, int rows) {
    int row = get_global_id(0);
    if (row >= rows) {
        return;
    }
    int base = row * width;
    float mu = mean[row];
    float r = rstd[row];
    int body = width & ~1;
    float g0 = 0.0f, g1 = 0.0f, h0 = 0.0f, h1 = 0.0f;
    for (int j = 0; j < body; j += 2) {
        float ga = dY[base + j] * gamma[j];
        float gb = dY[base + j + 1] * gamma[j + 1];
        g0 += ga;
        g1 += gb;
        h0 += ga * ((x[base + j] - mu) * r);
        h1 += gb * ((x[base + j + 1] - mu) * r);
    }
    for (int j = body; j < width; j++) {
        float g = dY[base + j] * gamma[j];
        g0 += g;
        h0 += g * ((x[base + j] - mu) * r);
    }
    float meanG = (g0 + g1) / width;
    float meanGXhat = (h0 + h1) / width;
    for (int j = 0; j < width; j++) {
        float g = dY[base + j] * gamma[j];
        float xhat = (x[base + j] - mu) * r;
        dX[base + j] = r * (g - meanG - xhat * meanGXhat);
    }
}

/* LayerNormKernels.paramGradPartial for the work-item g = chunk*width + column; count = chunks*width. */
__kernel void layer_norm_param_grad_partial(int rowsPerChunk, int rows, __global const float* dY,
        __global const float* x, __global const float* mean, __global const float* rstd, int width,
        __global float* partialGamma, __global float* partialBeta, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int chunk = g / width;
    int column = g - chunk * width;
    int end = min(rows, (chunk + 1) * rowsPerChunk);
    float sumGamma = 0.0f;
    float sumBeta = 0.0f;
    for (int row = chunk * rowsPerChunk; row < end; row++) {
        float d = dY[row * width + column];
        sumGamma += d * ((x[row * width + column] - mean[row]) * rstd[row]);
        sumBeta += d;
    }
    partialGamma[g] = sumGamma;
    partialBeta[g] = sumBeta;
}
