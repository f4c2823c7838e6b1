package io.sl2a.program;

import java.util.List;

/**
 * WIRE's complex operations: the complex weight as a real block, the complex Gabor wavelet and the
 * real part. Its records are members of {@link Op}, which extends this interface: other code names
 * them {@code Op.ComplexBlock} and so on.
 */
public sealed interface ComplexOps permits Op {

    /**
     * WIRE's complex weight [rows, cols, 2] (interleaved re, im) as the real block [2 rows, 2 cols]
     * that multiplies interleaved complex rows ({@link io.sl2a.kernels.ComplexKernels}); fixed size.
     */
    record ComplexBlock(String weight, String block, int rows, int cols) implements Op {
        public List<String> reads() {
            return List.of(weight);
        }

        public List<String> writes() {
            return List.of(block);
        }
    }

    /** The complex weight's gradient [rows, cols, 2] folded from its block's [2 rows, 2 cols]. */
    record ComplexBlockGrad(String dBlock, String dWeight, int rows, int cols) implements Op {
        public List<String> reads() {
            return List.of(dBlock);
        }

        public List<String> writes() {
            return List.of(dWeight);
        }
    }

    /**
     * The complex Gabor wavelet over {@code rows * width} complex elements: {@code y} [rows, 2 width]
     * interleaved from {@code pre} [rows, 2 width], or from the real {@code pre} [rows, width] when
     * {@code realInput} (WIRE's first layer).
     */
    record ComplexGabor(String pre, String y, int width, boolean realInput, float omega, float sigma) implements Op {
        public List<String> reads() {
            return List.of(pre);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /**
     * The Gabor wavelet's backward: {@code dPre} (the shape of {@code pre}) from {@code dY}, reading
     * the forward's {@code pre} and {@code y}; may run in place unless {@code realInput}.
     */
    record ComplexGaborBackward(String pre, String y, String dY, String dPre, int width, boolean realInput, float omega,
            float sigma) implements Op {
        public List<String> reads() {
            return List.of(pre, y, dY);
        }

        public List<String> writes() {
            return List.of(dPre);
        }
    }

    /** {@code y} [rows, width] the real parts of the interleaved complex {@code z} [rows, 2 width]. */
    record RealPart(String z, String y, int width) implements Op {
        public List<String> reads() {
            return List.of(z);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /** {@code dZ} [rows, 2 width]: {@code dY} in the real places, zero in the imaginary ones. */
    record RealPartBackward(String dY, String dZ, int width) implements Op {
        public List<String> reads() {
            return List.of(dY);
        }

        public List<String> writes() {
            return List.of(dZ);
        }
    }
}
