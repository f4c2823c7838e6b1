/*
 * NeRF's volume rendering: io.sl2a.kernels.VolumeRenderKernels.renderRay and renderRayBackward, one ray
 * of `samples` consecutive rows per work-item; `count` is the number of rays (rows / samples) and bounds
 * the padded launch. field holds 4 floats a sample (raw density, raw colour). The bodies take their
 * exponentials in double and round them; here they are float exp (within a few ulp).
 */
#pragma OPENCL FP_CONTRACT OFF

#define VOLUME_DENSITY_LIMIT 15.0f
#define VOLUME_MIN_DENSITY_SLOPE 3.0590232e-7f

float volume_sigmoid(float x) {
    return 1.0f / (1.0f + exp(-x));
}

__kernel void volume_render(__global const float* field, __global const float* t, __global const float* delta,
        int samples, float background, __global float* rgb, __global float* opacity, __global float* depth, int count) {
    int ray = get_global_id(0);
    if (ray >= count) {
        return;
    }
    int first = ray * samples;
    float transmittance = 1.0f;
    float red = 0.0f;
    float green = 0.0f;
    float blue = 0.0f;
    float weightSum = 0.0f;
    float depthSum = 0.0f;
    for (int s = 0; s < samples; s++) {
        int row = first + s;
        int f = row * 4;
        float sigma = exp(fmin(field[f], VOLUME_DENSITY_LIMIT));
        float survive = exp(-(sigma * delta[row]));
        float weight = transmittance * (1.0f - survive);
        red += weight * volume_sigmoid(field[f + 1]);
        green += weight * volume_sigmoid(field[f + 2]);
        blue += weight * volume_sigmoid(field[f + 3]);
        weightSum += weight;
        depthSum += weight * t[row];
        transmittance *= survive;
    }
    float rest = (1.0f - weightSum) * background;
    rgb[ray * 3] = red + rest;
    rgb[ray * 3 + 1] = green + rest;
    rgb[ray * 3 + 2] = blue + rest;
    opacity[ray] = weightSum;
    depth[ray] = depthSum;
}

/* dField (overwrites) from dRgb and the forward's rgb and opacity: the suffix sums as total less prefix. */
__kernel void volume_render_backward(__global const float* field, __global const float* delta,
        __global const float* rgb, __global const float* opacity, __global const float* dRgb, int samples,
        float background, __global float* dField, int count) {
    int ray = get_global_id(0);
    if (ray >= count) {
        return;
    }
    int first = ray * samples;
    float rest = (1.0f - opacity[ray]) * background;
    float totalRed = rgb[ray * 3] - rest;
    float totalGreen = rgb[ray * 3 + 1] - rest;
    float totalBlue = rgb[ray * 3 + 2] - rest;
    float gRed = dRgb[ray * 3];
    float gGreen = dRgb[ray * 3 + 1];
    float gBlue = dRgb[ray * 3 + 2];
    float transmittance = 1.0f;
    float red = 0.0f;
    float green = 0.0f;
    float blue = 0.0f;
    for (int s = 0; s < samples; s++) {
        int row = first + s;
        int f = row * 4;
        float raw = fmin(field[f], VOLUME_DENSITY_LIMIT);
        float sigma = exp(raw);
        float survive = exp(-(sigma * delta[row]));
        float weight = transmittance * (1.0f - survive);
        float cRed = volume_sigmoid(field[f + 1]);
        float cGreen = volume_sigmoid(field[f + 2]);
        float cBlue = volume_sigmoid(field[f + 3]);
        red += weight * cRed;
        green += weight * cGreen;
        blue += weight * cBlue;
        transmittance *= survive;
        float dSigma = delta[row] * (gRed * (transmittance * cRed - (totalRed - red) - rest)
                + gGreen * (transmittance * cGreen - (totalGreen - green) - rest)
                + gBlue * (transmittance * cBlue - (totalBlue - blue) - rest));
        float slope = raw < -VOLUME_DENSITY_LIMIT ? VOLUME_MIN_DENSITY_SLOPE : sigma;
        dField[f] = dSigma * slope;
        dField[f + 1] = gRed * weight * (cRed * (1.0f - cRed));
        dField[f + 2] = gGreen * weight * (cGreen * (1.0f - cGreen));
        dField[f + 3] = gBlue * weight * (cBlue * (1.0f - cBlue));
    }
}
