/*
 * io.sl2a.kernels.ConvolutionKernels and io.sl2a.kernels.BatchNormKernels: im2col, its adjoint
 * col2im and max pooling, one element per work-item; batch normalisation over one CHW image, one
 * channel per work-item with the bodies' interleaved accumulators (so the same summation order).
 * `window` is the window side (`kernel` is a keyword of OpenCL C); `count` bounds the padded launch.
 * outH/outW as in the bodies: (size + 2 pad - window) / stride + 1.
 */
#pragma OPENCL FP_CONTRACT OFF

__kernel void im2col(__global const float* x, int height, int width, int window, int stride, int pad,
        __global float* cols, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    int outH = (height + 2 * pad - window) / stride + 1;
    int outW = (width + 2 * pad - window) / stride + 1;
    int positions = outH * outW;
    int row = i / positions;
    int column = i - row * positions;
    int c = row / (window * window);
    int offset = row - c * window * window;
    int ky = offset / window;
    int kx = offset - ky * window;
    int oy = column / outW;
    int ox = column - oy * outW;
    int iy = oy * stride - pad + ky;
    int ix = ox * stride - pad + kx;
    float value = 0.0f;
    if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
        value = x[(c * height + iy) * width + ix];
    }
    cols[i] = value;
}

__kernel void col2im(__global const float* dCols, int height, int width, int window, int stride, int pad,
        int accumulate, __global float* dX, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    int outH = (height + 2 * pad - window) / stride + 1;
    int outW = (width + 2 * pad - window) / stride + 1;
    int positions = outH * outW;
    int plane = height * width;
    int c = i / plane;
    int inPlane = i - c * plane;
    int y = inPlane / width;
    int x = inPlane - y * width;
    float sum = 0.0f;
    for (int ky = 0; ky < window; ky++) {
        int ty = y + pad - ky;
        if (ty >= 0 && ty % stride == 0 && ty / stride < outH) {
            int oy = ty / stride;
            for (int kx = 0; kx < window; kx++) {
                int tx = x + pad - kx;
                if (tx >= 0 && tx % stride == 0 && tx / stride < outW) {
                    int row = (c * window + ky) * window + kx;
                    sum += dCols[row * positions + oy * outW + tx / stride];
                }
            }
        }
    }
    dX[i] = accumulate != 0 ? dX[i] + sum : sum;
}

__kernel void max_pool_forward(__global const float* x, int height, int width, int window, int stride, int pad,
        __global float* y, __global float* argmax, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    int outH = (height + 2 * pad - window) / stride + 1;
    int outW = (width + 2 * pad - window) / stride + 1;
    int positions = outH * outW;
    int c = i / positions;
    int position = i - c * positions;
    int oy = position / outW;
    int ox = position - oy * outW;
    int base = c * height * width;
    float best = 0.0f;
    int at = -1;
    for (int ky = 0; ky < window; ky++) {
        int iy = oy * stride - pad + ky;
        if (iy >= 0 && iy < height) {
            for (int kx = 0; kx < window; kx++) {
                int ix = ox * stride - pad + kx;
                if (ix >= 0 && ix < width) {
                    float value = x[base + iy * width + ix];
                    if (at < 0 || value > best) {
                        best = value;
                        at = iy * width + ix;
                    }
                }
            }
        }
    }
    y[i] = best;
    argmax[i] = (float) at;
}

__kernel void max_pool_backward(__global const float* dY, __global const float* argmax, int height, int width,
        int window, int stride, int pad, __global float* dX, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    int outH = (height + 2 * pad - window) / stride + 1;
    int outW = (width + 2 * pad - window) / stride + 1;
    int positions = outH * outW;
    int plane = height * width;
    int c = i / plane;
    int inPlane = i - c * plane;
    int y = inPlane / width;
    int x = inPlane - y * width;
    float sum = 0.0f;
    for (int ky = 0; ky < window; ky++) {
        int ty = y + pad - ky;
        if (ty >= 0 && ty % stride == 0 && ty / stride < outH) {
            int oy = ty / stride;
            for (int kx = 0; kx < window; kx++) {
                int tx = x + pad - kx;
                if (tx >= 0 && tx % stride == 0 && tx / stride < outW) {
                    int o = c * positions + oy * outW + tx / stride;
                    if ((int) argmax[o] == inPlane) {
                        sum += dY[o];
                    }
                }
            }
        }
    }
    dX[i] = sum;
}

/* residual is read only when hasResidual is non-zero (any buffer otherwise). */
__kernel void batch_norm_forward(__global const float* x, __global const float* gamma, __global const float* beta,
        __global const float* residual, int hasResidual, int plane, float eps, int relu, __global float* y,
        __global float* mean, __global float* rstd, int count) {
    int c = get_global_id(0);
    if (c >= count) {
        return;
    }
    int base = c * plane;
    int body = plane & ~3;
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
    for (int j = 0; j < body; j += 4) {
        s0 += x[base + j];
        s1 += x[base + j + 1];
        s2 += x[base + j + 2];
        s3 += x[base + j + 3];
    }
    for (int j = body; j < plane; j++) {
        s0 += x[base + j];
    }
    float mu = ((s0 + s1) + (s2 + s3)) / plane;
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
    for (int j = body; j < plane; j++) {
        float d = x[base + j] - mu;
        q0 += d * d;
    }
    float squares = (q0 + q1) + (q2 + q3);
    /* The body takes 1/sqrt in double; in float (correctly rounded where the device allows) it is within 1 ulp. */
    float r = 1.0f / sqrt(squares / plane + eps);
    float g = gamma[c];
    float b = beta[c];
    for (int j = 0; j < plane; j++) {
        float value = (x[base + j] - mu) * r * g + b;
        if (hasResidual != 0) {
            value += residual[base + j];
        }
        if (relu != 0) {
            value = fmax(value, 0.0f);
        }
        y[base + j] = value;
    }
    mean[c] = mu;
    rstd[c] = r;
}

/* dResidual: untouched for residualMode 0 (any buffer), overwritten for 1, added to for 2. */
__kernel void batch_norm_backward(__global const float* dY, __global const float* y, __global const float* x,
        __global const float* gamma, __global const float* mean, __global const float* rstd, int plane, int relu,
        int residualMode, __global float* dX, __global float* dGamma, __global float* dBeta,
        __global float* dResidual, int count) {
    int c = get_global_id(0);
    if (c >= count) {
        return;
    }
    int base = c * plane;
    float mu = mean[c];
    float r = rstd[c];
    int body = plane & ~1;
    float g0 = 0.0f, g1 = 0.0f, h0 = 0.0f, h1 = 0.0f;
    for (int j = 0; j < body; j += 2) {
        float ga = relu != 0 ? dY[base + j] * sign(y[base + j]) : dY[base + j];
        float gb = relu != 0 ? dY[base + j + 1] * sign(y[base + j + 1]) : dY[base + j + 1];
        g0 += ga;
        g1 += gb;
        h0 += ga * ((x[base + j] - mu) * r);
        h1 += gb * ((x[base + j + 1] - mu) * r);
    }
    for (int j = body; j < plane; j++) {
        float g = relu != 0 ? dY[base + j] * sign(y[base + j]) : dY[base + j];
        g0 += g;
        h0 += g * ((x[base + j] - mu) * r);
    }
    float sumG = g0 + g1;
    float sumGXhat = h0 + h1;
    dGamma[c] = sumGXhat;
    dBeta[c] = sumG;
    float meanG = sumG / plane;
    float meanGXhat = sumGXhat / plane;
    float scale = gamma[c] * r;
    for (int j = 0; j < plane; j++) {
        float g = relu != 0 ? dY[base + j] * sign(y[base + j]) : dY[base + j];
        float xhat = (x[base + j] - mu) * r;
        dX[base + j] = scale * (g - meanG - xhat * meanGXhat);
        if (residualMode == 1) {
            dResidual[base + j] = g;
        } else if (residualMode == 2) {
            dResidual[base + j] += g;
        }
    }
}

__kernel void batch_norm_running_stats(__global const float* mean, __global const float* rstd, int plane, float eps,
        float momentum, __global float* runningMean, __global float* runningVar, int count) {
    int c = get_global_id(0);
    if (c >= count) {
        return;
    }
    float r = rstd[c];
    float variance = fmax(1.0f / (r * r) - eps, 0.0f);
    float unbiased = variance * ((float) plane / (float) (plane - 1));
    float keep = 1.0f - momentum;
    runningMean[c] = keep * runningMean[c] + momentum * mean[c];
    runningVar[c] = keep * runningVar[c] + momentum * unbiased;
}
