/* io.sl2a.kernels.AdamKernels.update, one parameter per work-item, plus the trailing bound. */
#pragma OPENCL FP_CONTRACT OFF

__kernel void adam_update(__global float* param, __global const float* grad, __global float* m, __global float* v,
        float stepSize, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float eps,
        float sqrtBiasCorrection2, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    float g = grad[i];
    float mi = beta1 * m[i] + oneMinusBeta1 * g;
    float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    float denom = sqrt(vi) / sqrtBiasCorrection2 + eps;
    param[i] = param[i] - stepSize * mi / denom;
}
