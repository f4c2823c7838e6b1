package io.sl2a.program;

import java.util.List;

/**
 * Activations and elementwise operations: the baselines' waves after a bias, INCODE's composer (a
 * sine whose four coefficients the harmonizer gives; see io.sl2a.kernels.IncodeKernels),
 * GaborNet's window, the SiLU, the Hadamard product and the copies. Its records are members of
 * {@link Op}, which extends this interface: other code names them {@code Op.BiasWave} and so on.
 */
public sealed interface WaveOps permits Op {

    /**
     * The baselines' activations after a bias: {@code pre += bias} in place (the backward's input)
     * and {@code y = f(pre)}, f one of {@link io.sl2a.kernels.WaveKernels}'s kinds with its scale.
     */
    record BiasWave(String pre, String bias, String y, int width, int kind, float scale) implements Op {
        public List<String> reads() {
            return List.of(pre, bias);
        }

        public List<String> writes() {
            return List.of(pre, y);
        }
    }

    /** {@code dPre = dY * f'(pre)} elementwise over {@code rows * width}; may run in place. */
    record WaveBackward(String pre, String dY, String dPre, int width, int kind, float scale) implements Op {
        public List<String> reads() {
            return List.of(pre, dY);
        }

        public List<String> writes() {
            return List.of(dPre);
        }
    }

    /**
     * INCODE's composer over {@code rows x width}: {@code y = exp(a) sin(exp(b) omega pre + c) + d} with
     * {@code (a, b, c, d) = coefficients[0..4)}.
     */
    record IncodeSine(String pre, String coefficients, String y, int width, float omega) implements Op {
        public List<String> reads() {
            return List.of(pre, coefficients);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /**
     * The backward of {@link IncodeSine}, one work-item per row, from its input {@code pre} and its
     * output {@code y}: with theta = exp(b) omega pre + c,
     * {@code dPre = dY exp(a) cos(theta) exp(b) omega} (may run in place, dPre = dY), and
     * {@code rowCoefficientGrad[row, 0..4)} the row's sums of {@code dY dy/da = dY exp(a) sin(theta) = dY (y - d)}
     * (from the output: one cosine an element, no sine),
     * {@code dY dy/db = dY exp(a) cos(theta) exp(b) omega pre}, {@code dY dy/dc = dY exp(a) cos(theta)},
     * {@code dY dy/dd = dY} (the column sums over rows, {@link Op.BiasGrad}, give the coefficients' gradient).
     */
    record IncodeSineBackward(String pre, String y, String coefficients, String dY, String dPre,
            String rowCoefficientGrad,
            int width, float omega) implements Op {
        public List<String> reads() {
            return List.of(pre, y, coefficients, dY);
        }

        public List<String> writes() {
            return List.of(dPre, rowCoefficientGrad);
        }
    }

    /**
     * GaborNet's window ({@link io.sl2a.kernels.GaborWindowKernels}): per row, {@code distance} and
     * {@code window} [rows, out] from the input x [rows, in], centres mu [out, in] and gamma [out].
     */
    record GaborWindow(String x, String mu, String gamma, String distance, String window, int in,
            int out) implements Op {
        public List<String> reads() {
            return List.of(x, mu, gamma);
        }

        public List<String> writes() {
            return List.of(distance, window);
        }
    }

    /** {@code a = dWindow * window} and {@code ad = a * distance} over {@code rows * width}. */
    record GaborWindowBackward(String dWindow, String window, String distance, String a, String ad,
            int width) implements Op {
        public List<String> reads() {
            return List.of(dWindow, window, distance);
        }

        public List<String> writes() {
            return List.of(a, ad);
        }
    }

    /** The window's parameter gradients from the column sums of a and ad and from a^T x [out, in]; fixed size. */
    record GaborWindowParamGrad(String mu, String gamma, String ax, String columnA, String columnAd, String dMu,
            String dGamma,
            int in, int out) implements Op {
        public List<String> reads() {
            return List.of(mu, gamma, ax, columnA, columnAd);
        }

        public List<String> writes() {
            return List.of(dMu, dGamma);
        }
    }

    /** {@code y = x sigma(x)} over {@code rows * width}. */
    record Silu(String x, String y, int width) implements Op {
        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /** {@code dX (+)= dY * silu'(x)} over {@code rows * width}. */
    record SiluBackward(String x, String dY, String dX, int width, boolean accumulate) implements Op {
        public List<String> reads() {
            return accumulate ? List.of(x, dY, dX) : List.of(x, dY);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    /** {@code out (+)= a * b} elementwise over {@code rows * width} (the Hadamard modulation). */
    record Multiply(String a, String b, String out, int width, boolean accumulate) implements Op {
        public List<String> reads() {
            return accumulate ? List.of(a, b, out) : List.of(a, b);
        }

        public List<String> writes() {
            return List.of(out);
        }
    }

    /** {@code destination = source} over {@code rows * width}. */
    record Copy(String source, String destination, int width) implements Op {
        public List<String> reads() {
            return List.of(source);
        }

        public List<String> writes() {
            return List.of(destination);
        }
    }

    /**
     * Columns of one per-row buffer into another, over the batch's rows:
     * {@code dst[row, dstOffset + j] (+)= src[row, srcOffset + j]} for j < width, the rest of dst
     * untouched; {@code src} has {@code srcWidth} columns a row, {@code dst} {@code dstWidth}. A slice
     * (taking a network output's first column, or the rest) and a concatenation (putting two
     * inputs side by side) are each one or two of these, and so are their backwards.
     * See {@link io.sl2a.kernels.ColumnKernels}; one work-item per copied element.
     */
    record ColumnCopy(String src, int srcWidth, int srcOffset, String dst, int dstWidth, int dstOffset, int width,
            boolean accumulate) implements Op {
        public ColumnCopy {
            if (width < 1 || srcOffset < 0 || dstOffset < 0 || (long) srcOffset + width > srcWidth
                    || (long) dstOffset + width > dstWidth) {
                throw new IllegalArgumentException("columns " + srcOffset + ".." + ((long) srcOffset + width) + " of "
                        + srcWidth + " into " + dstOffset + ".." + ((long) dstOffset + width) + " of " + dstWidth
                        + " do not fit (width " + width + ")");
            }
            if (src.equals(dst)) {
                throw new IllegalArgumentException("ColumnCopy needs two distinct buffers: " + src);
            }
        }

        public List<String> reads() {
            return accumulate ? List.of(src, dst) : List.of(src);
        }

        public List<String> writes() {
            return List.of(dst);
        }
    }
}
