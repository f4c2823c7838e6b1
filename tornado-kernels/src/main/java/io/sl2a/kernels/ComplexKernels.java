package io.sl2a.kernels;

/**
 * WIRE's complex layers on real buffers. A complex row of width w is stored interleaved,
 * {@code re0, im0, re1, im1, ...} (2w floats), which is also how PyTorch's {@code view_as_real}
 * lays out a complex tensor, so a complex weight [out, in] is the float tensor [out, in, 2] and a
 * complex bias [out] is [out, 2]: the state_dict's own layout.
 *
 * <p>A complex product z = W x becomes one real product with the block matrix B [2 out, 2 in]:
 * <pre>
 * B[2p][2q] = Re W    B[2p][2q+1]   = -Im W
 * B[2p+1][2q] = Im W  B[2p+1][2q+1] =  Re W
 * </pre>
 * and the gradient of W folds back from B's: dRe W = dB[2p][2q] + dB[2p+1][2q+1],
 * dIm W = dB[2p+1][2q] - dB[2p][2q+1] (PyTorch's complex gradient is dL/dRe + i dL/dIm).
 *
 * <p>The complex Gabor wavelet, for z = a + ib (b = 0 for the first, real, layer):
 * <pre>
 * y = exp(i w z - |s z|^2) = m (cos(w a) + i sin(w a)),  m = exp(-w b - s^2 (a^2 + b^2))
 * dL/da = gRe (-2 s^2 a yRe - w yIm) + gIm (-2 s^2 a yIm + w yRe)
 * dL/db = (-w - 2 s^2 b) (gRe yRe + gIm yIm)
 * </pre>
 * The arguments are computed in float as the reference computes them, the exponential, cosine
 * and sine in double and rounded.
 */
public final class ComplexKernels {
    private ComplexKernels() {
    }

    /** One weight entry {@code pq = p * cols + q}: its four places in the block [2 rows, 2 cols]. */
    public static void blockFromWeight(int pq, float[] weight, int cols, float[] block) {
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

    /** One weight entry's gradient from the block's (see the class comment). */
    public static void weightGradFromBlock(int pq, float[] dBlock, int cols, float[] dWeight) {
        int p = pq / cols;
        int q = pq - p * cols;
        int top = 2 * p * 2 * cols + 2 * q;
        int bottom = top + 2 * cols;
        dWeight[2 * pq] = dBlock[top] + dBlock[bottom + 1];
        dWeight[2 * pq + 1] = dBlock[bottom] - dBlock[top + 1];
    }

    /**
     * One complex element {@code i} (row * width + p): {@code y[2i], y[2i+1]} from
     * {@code pre[2i], pre[2i+1]}, or from the real {@code pre[i]} when realInput is non-zero.
     */
    public static void gabor(int i, float[] pre, int realInput, float omega, float sigma, float[] y) {
        float a = realInput != 0 ? pre[i] : pre[2 * i];
        float b = realInput != 0 ? 0.0f : pre[2 * i + 1];
        float sa = sigma * a;
        float sb = sigma * b;
        float magnitude = (float) Math.exp(-(omega * b) - (sa * sa + sb * sb));
        float phase = omega * a;
        y[2 * i] = magnitude * (float) Math.cos(phase);
        y[2 * i + 1] = magnitude * (float) Math.sin(phase);
    }

    /**
     * The gradient of one complex element's pre-activation from its output's (see the class
     * comment); with realInput only dL/da, into {@code dPre[i]}. May run in place (dPre = dY)
     * unless realInput is set.
     */
    public static void gaborBackward(int i, float[] pre, float[] y, float[] dY, int realInput, float omega, float sigma,
            float[] dPre) {
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

    /** {@code y[i] = Re z_i = z[2i]}. */
    public static void realPart(int i, float[] z, float[] y) {
        y[i] = z[2 * i];
    }

    /** {@code dZ[2i] = dY[i]}, {@code dZ[2i+1] = 0}: the imaginary part does not reach the loss. */
    public static void realPartBackward(int i, float[] dY, float[] dZ) {
        dZ[2 * i] = dY[i];
        dZ[2 * i + 1] = 0.0f;
    }
}
