/*
 * io.sl2a.kernels.ChebyshevKernels. The batch-sized contractions (forward, coefficient gradient)
 * are a basis chunk (chebyshev_basis) times the coefficients through gemm_tiled, as on the CPU
 * backend; the rest run the bodies with one output element per work-item. `count` bounds the
 * padded launch. tanh is OpenCL's (within a few ulp, like Java's Math.tanh).
 */
#pragma OPENCL FP_CONTRACT OFF

/*
 * ChebyshevKernels.basisRow for one (row, input) pair, work-item g = (row - firstRow)*in + i:
 * basis[g*(degree+1) + k] = T_k(tanh(coords[row*in + i])); count = chunkRows*in.
 */
__kernel void chebyshev_basis(int firstRow, __global const float* coords, int in, int degree, __global float* basis,
        int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int terms = degree + 1;
    int at = g * terms;
    float t = tanh(coords[firstRow * in + g]);
    float previous = 1.0f;
    float current = t;
    basis[at] = previous;
    if (degree >= 1) {
        basis[at + 1] = current;
    }
    for (int k = 2; k <= degree; k++) {
        float next = 2.0f * t * current - previous;
        basis[at + k] = next;
        previous = current;
        current = next;
    }
}

/* ChebyshevKernels.inputGradRow for one (row, input) pair, work-item g = row*in + i; count = rows*in. */
__kernel void chebyshev_input_grad(__global const float* coords, __global const float* coeff,
        __global const float* dOut, int in, int outDim, int degree, __global float* dCoords, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int row = g / in;
    int i = g - row * in;
    int terms = degree + 1;
    float t = tanh(coords[g]);
    float sum = 0.0f;
    float uPrevious = 0.0f;
    float uCurrent = 1.0f;
    for (int k = 1; k <= degree; k++) {
        float derivative = k * uCurrent;
        int coeffBase = i * outDim * terms + k;
        float weighted = 0.0f;
        for (int o = 0; o < outDim; o++) {
            weighted += dOut[row * outDim + o] * coeff[coeffBase + o * terms];
        }
        sum += weighted * derivative;
        float uNext = (k == 1) ? 2.0f * t : 2.0f * t * uCurrent - uPrevious;
        uPrevious = uCurrent;
        uCurrent = uNext;
    }
    dCoords[g] = sum * (1.0f - t * t);
}

/*
 * ChebyshevKernels.axisTableRow for one (axisRow, output) pair, work-item g = axisRow*outDim + o;
 * count = in*axisLength*outDim.
 */
__kernel void chebyshev_axis_table(__global const float* values, __global const float* coeff, int outDim, int degree,
        int axisLength, __global float* table, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int terms = degree + 1;
    int axisRow = g / outDim;
    int o = g - axisRow * outDim;
    int i = axisRow / axisLength;
    float t = tanh(values[axisRow]);
    int coeffBase = (i * outDim + o) * terms;
    float previous = 1.0f;
    float current = t;
    float sum = coeff[coeffBase];
    if (degree >= 1) {
        sum += coeff[coeffBase + 1] * t;
    }
    for (int k = 2; k <= degree; k++) {
        float next = 2.0f * t * current - previous;
        sum += coeff[coeffBase + k] * next;
        previous = current;
        current = next;
    }
    table[g] = sum;
}

/*
 * ChebyshevKernels.axisCoeffGradPair for one coefficient, work-item g = pair*terms + k (the body
 * keeps its degree+1 running sums in memory; one coefficient per work-item keeps one in a
 * register, with the same summation order over v); count = in*outDim*terms.
 */
__kernel void chebyshev_axis_coeff_grad(__global const float* values, __global const float* dTable, int outDim,
        int degree, int axisLength, __global float* dCoeff, int count) {
    int g = get_global_id(0);
    if (g >= count) {
        return;
    }
    int terms = degree + 1;
    int pair = g / terms;
    int k = g - pair * terms;
    int i = pair / outDim;
    int o = pair - i * outDim;
    float sum = 0.0f;
    for (int v = 0; v < axisLength; v++) {
        int axisRow = i * axisLength + v;
        float d = dTable[axisRow * outDim + o];
        float t = tanh(values[axisRow]);
        float value = 1.0f;
        if (k >= 1) {
            float previous = 1.0f;
            float current = t;
            for (int q = 2; q <= k; q++) {
                float next = 2.0f * t * current - previous;
                previous = current;
                current = next;
            }
            value = current;
        }
        sum += d * value;
    }
    dCoeff[g] = sum;
}
