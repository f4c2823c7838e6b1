package io.sl2a.kernels;

/** Elementwise operations: the Hadamard modulation and the ReLU backward. */
public final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    /** {@code out[i] = a[i] * b[i]}, or {@code out[i] += a[i] * b[i]} when accumulate is non-zero. */
    public static void multiply(int i, float[] a, float[] b, int accumulate, float[] out) {
        float product = a[i] * b[i];
        out[i] = accumulate != 0 ? out[i] + product : product;
    }

    /**
     * ReLU backward from the activation's output: {@code dX[i] = y[i] > 0 ? dY[i] : 0}. The output
     * suffices because ReLU's output is positive exactly where its input is. Written as a product
     * with signum(y), which is 1 or 0 for a ReLU output, because the branch form mispredicts on half
     * the values and runs ten times slower. May run in place.
     */
    public static void reluBackward(int i, float[] y, float[] dY, float[] dX) {
        dX[i] = dY[i] * Math.signum(y[i]);
    }

    public static void copy(int i, float[] source, float[] destination) {
        destination[i] = source[i];
    }

    /**
     * Backward of the modulation {@code z = x * yPrevious} in one pass over dz:
     * {@code dX (+)= dZ * yPrevious} (accumulating when {@code accumulate} is non-zero) and
     * {@code dYPrevious = dZ * x}.
     */
    public static void modulationBackward(int i, float[] dZ, float[] x, float[] yPrevious, int accumulate, float[] dX,
            float[] dYPrevious) {
        float d = dZ[i];
        float toX = d * yPrevious[i];
        dX[i] = accumulate != 0 ? dX[i] + toX : toX;
        dYPrevious[i] = d * x[i];
    }
}
