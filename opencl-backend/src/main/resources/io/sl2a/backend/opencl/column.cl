/*
 * io.sl2a.kernels.ColumnKernels, one element of the copied block per work-item i = row*width + j;
 * the body's parameters in the body's order plus a trailing `count` (rows*width): launches are
 * padded to a multiple of the work-group size, so work-items at or past `count` return.
 */
#pragma OPENCL FP_CONTRACT OFF

/* dst[row*dstWidth + dstOffset + j] (+)= src[row*srcWidth + srcOffset + j]; the rest of dst untouched. */
__kernel void column_copy(__global const float* src, int srcWidth, int srcOffset, __global float* dst, int dstWidth,
        int dstOffset, int width, int accumulate, int count) {
    int i = get_global_id(0);
    if (i >= count) {
        return;
    }
    int row = i / width;
    int j = i - row * width;
    float value = src[row * srcWidth + srcOffset + j];
    int at = row * dstWidth + dstOffset + j;
    dst[at] = accumulate != 0 ? dst[at] + value : value;
}
