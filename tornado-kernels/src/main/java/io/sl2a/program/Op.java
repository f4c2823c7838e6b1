package io.sl2a.program;

import java.util.List;

/**
 * One kernel call of a program, over buffers named by the program. Each record states its
 * contract; the kernel bodies in {@code io.sl2a.kernels} are the reference implementation.
 * Buffers whose first dimension is the batch are row-major with {@code rows} rows.
 */
public sealed interface Op {

    /** Names of the buffers the operation reads. */
    List<String> reads();

    /** Names of the buffers the operation writes. */
    List<String> writes();

    /** The names given, less the nulls (an optional buffer left out). */
    private static List<String> present(String... names) {
        return java.util.Arrays.stream(names).filter(java.util.Objects::nonNull).toList();
    }

    /** {@code out[rows, outDim] = sum_i sum_k coeff[i,o,k] T_k(tanh(coords[rows, in]))}. */
    record ChebyshevForward(String coords, String coeff, String out, int in, int outDim, int degree) implements Op {
        public List<String> reads() {
            return List.of(coords, coeff);
        }

        public List<String> writes() {
            return List.of(out);
        }
    }

    /** {@code dCoeff[i,o,k] = sum_rows dOut[row,o] T_k(tanh(coords[row,i]))} (overwrites). */
    record ChebyshevCoeffGrad(String coords, String dOut, String dCoeff, int in, int outDim, int degree) implements Op {
        public List<String> reads() {
            return List.of(coords, dOut);
        }

        public List<String> writes() {
            return List.of(dCoeff);
        }
    }

    /** Gradient with respect to the coordinates (for tasks that differentiate through them). */
    record ChebyshevInputGrad(String coords, String coeff, String dOut, String dCoords, int in, int outDim, int degree)
            implements Op {
        public List<String> reads() {
            return List.of(coords, coeff, dOut);
        }

        public List<String> writes() {
            return List.of(dCoords);
        }
    }

    /** LayerNorm of each row with affine gamma/beta; saves per-row mean and rstd. */
    record LayerNormForward(String x, String gamma, String beta, String y, String mean, String rstd, int width, float eps)
            implements Op {
        public List<String> reads() {
            return List.of(x, gamma, beta);
        }

        public List<String> writes() {
            return List.of(y, mean, rstd);
        }
    }

    /** LayerNorm backward: the input gradient and the gamma/beta gradients (overwritten). */
    record LayerNormBackward(String dY, String x, String gamma, String mean, String rstd, String dX, String dGamma,
            String dBeta, int width) implements Op {
        public List<String> reads() {
            return List.of(dY, x, gamma, mean, rstd);
        }

        public List<String> writes() {
            return List.of(dX, dGamma, dBeta);
        }
    }

    /**
     * {@code C(m x n) = op(A) op(B) (+ C when accumulate)}, where op transposes when asked; all
     * operands are dense row-major: A is stored {@code m x k} ({@code k x m} when transposed) and
     * B is stored {@code k x n} ({@code n x k} when transposed).
     */
    record MatMul(String a, boolean transposeA, String b, boolean transposeB, String c, Extent m, Extent n, Extent k,
            boolean accumulate) implements Op {
        public List<String> reads() {
            return accumulate ? List.of(a, b, c) : List.of(a, b);
        }

        public List<String> writes() {
            return List.of(c);
        }
    }

    /** {@code y[rows, width] = act(y + bias)} in place, act = ReLU or identity. */
    record BiasActivation(String y, String bias, int width, boolean relu) implements Op {
        public List<String> reads() {
            return List.of(y, bias);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /** {@code y = act(y + bias)} in place and the next layer's input {@code z = x * y}, in one pass. */
    record BiasActivationModulate(String y, String bias, String x, String z, int width, boolean relu) implements Op {
        public List<String> reads() {
            return List.of(y, bias, x);
        }

        public List<String> writes() {
            return List.of(y, z);
        }
    }

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

    /** Fourier positional encoding of {@code coords} ({@code rows x in}) into {@code out}, see {@link io.sl2a.kernels.EncodingKernels}. */
    record PositionalEncoding(String coords, String out, int in, int frequencies) implements Op {
        public List<String> reads() {
            return List.of(coords);
        }

        public List<String> writes() {
            return List.of(out);
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
     * Backward of {@code z = x * yPrevious} in one pass: {@code dX (+)= dZ * yPrevious} and
     * {@code dYPrevious = dZ * x}, over {@code rows * width}.
     */
    record ModulationBackward(String dZ, String x, String yPrevious, String dX, String dYPrevious, int width,
            boolean accumulate) implements Op {
        public List<String> reads() {
            return accumulate ? List.of(dZ, x, yPrevious, dX) : List.of(dZ, x, yPrevious);
        }

        public List<String> writes() {
            return List.of(dX, dYPrevious);
        }
    }

    /** {@code dBias[j] (+)= sum_rows dY[row, j]}. */
    record BiasGrad(String dY, String dBias, int width, boolean accumulate) implements Op {
        /** Overwrites {@code dBias}. */
        public BiasGrad(String dY, String dBias, int width) {
            this(dY, dBias, width, false);
        }

        public List<String> reads() {
            return accumulate ? List.of(dY, dBias) : List.of(dY);
        }

        public List<String> writes() {
            return List.of(dBias);
        }
    }

    /** {@code dX = y > 0 ? dY : 0} elementwise over {@code rows * width}; may run in place. */
    record ReluBackward(String y, String dY, String dX, int width) implements Op {
        public List<String> reads() {
            return List.of(y, dY);
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

    /**
     * GaborNet's window ({@link io.sl2a.kernels.GaborWindowKernels}): per row, {@code distance} and
     * {@code window} [rows, out] from the input x [rows, in], centres mu [out, in] and gamma [out].
     */
    record GaborWindow(String x, String mu, String gamma, String distance, String window, int in, int out) implements Op {
        public List<String> reads() {
            return List.of(x, mu, gamma);
        }

        public List<String> writes() {
            return List.of(distance, window);
        }
    }

    /** {@code a = dWindow * window} and {@code ad = a * distance} over {@code rows * width}. */
    record GaborWindowBackward(String dWindow, String window, String distance, String a, String ad, int width) implements Op {
        public List<String> reads() {
            return List.of(dWindow, window, distance);
        }

        public List<String> writes() {
            return List.of(a, ad);
        }
    }

    /** The window's parameter gradients from the column sums of a and ad and from a^T x [out, in]; fixed size. */
    record GaborWindowParamGrad(String mu, String gamma, String ax, String columnA, String columnAd, String dMu, String dGamma,
            int in, int out) implements Op {
        public List<String> reads() {
            return List.of(mu, gamma, ax, columnA, columnAd);
        }

        public List<String> writes() {
            return List.of(dMu, dGamma);
        }
    }

    /**
     * Cubic B-spline bases of every input on a uniform grid of {@code gridSize} intervals on
     * [lo, hi] ({@link io.sl2a.kernels.SplineKernels}): basis [rows, in * (gridSize + 3)].
     */
    record BSplineBasis(String x, String basis, int in, int gridSize, float lo, float hi) implements Op {
        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(basis);
        }
    }

    /** The input gradient through the bases: {@code dX} [rows, in] written or accumulated. */
    record BSplineInputGrad(String x, String dBasis, String dX, int in, int gridSize, float lo, float hi, boolean accumulate)
            implements Op {
        public List<String> reads() {
            return accumulate ? List.of(x, dBasis, dX) : List.of(x, dBasis);
        }

        public List<String> writes() {
            return List.of(dX);
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

    /** {@code scaled[r][c] = weight[r][c] * scaler[r]} for [rows, length]; fixed size. */
    record ScaleRows(String weight, String scaler, String scaled, int rows, int length) implements Op {
        public List<String> reads() {
            return List.of(weight, scaler);
        }

        public List<String> writes() {
            return List.of(scaled);
        }
    }

    /** The backward of {@link ScaleRows}: the weight's and the scaler's gradients; fixed size. */
    record ScaleRowsBackward(String dScaled, String weight, String scaler, String dWeight, String dScaler, int rows, int length)
            implements Op {
        public List<String> reads() {
            return List.of(dScaled, weight, scaler);
        }

        public List<String> writes() {
            return List.of(dWeight, dScaler);
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

    /**
     * {@code y = A x} for a sparse {@code A} of {@code outRows} rows in CSR ({@code rowStart},
     * {@code columns}, {@code values}: constant buffers) and {@code x}, {@code y} of
     * {@code channels} values per row; see {@link io.sl2a.kernels.SparseKernels}. A measurement
     * operator's forward, and with the transpose's CSR its adjoint.
     */
    record SparseProduct(String rowStart, String columns, String values, String x, String y, int outRows, int channels)
            implements Op {
        public List<String> reads() {
            return List.of(rowStart, columns, values, x);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /**
     * Rejects a window geometry whose output would be empty (the kernels index by it unchecked) and,
     * for pooling, one whose windows could lie wholly in the padding (PyTorch's limit
     * {@code pad <= kernel / 2}), which would leave a maximum of nothing.
     */
    private static void checkWindow(int height, int width, int kernel, int stride, int pad, boolean pooling) {
        if (kernel < 1 || stride < 1 || pad < 0 || (pooling && 2 * pad > kernel) || height + 2 * pad < kernel
                || width + 2 * pad < kernel) {
            throw new IllegalArgumentException("window " + kernel + " stride " + stride + " pad " + pad
                    + " does not fit a " + height + "x" + width + " image");
        }
    }

    /**
     * im2col of a CHW image for a {@code kernel x kernel} convolution with {@code stride} and zero
     * padding {@code pad}: {@code cols[(c*kernel + ky)*kernel + kx, oy*outW + ox] = x[c, oy*stride - pad + ky, ox*stride - pad + kx]}
     * (0 outside the image), so a convolution is {@code W[cout, C*k*k] . cols}; fixed size.
     */
    record Im2col(String x, String cols, int channels, int height, int width, int kernel, int stride, int pad) implements Op {
        public Im2col {
            checkWindow(height, width, kernel, stride, pad, false);
        }

        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(cols);
        }
    }

    /**
     * The adjoint of {@link Im2col}: {@code dX[c, y, x] (+)=} the sum of the {@code dCols} entries
     * Im2col copied from (c, y, x); a gather, one work-item per input element; fixed size.
     */
    record Col2im(String dCols, String dX, int channels, int height, int width, int kernel, int stride, int pad,
            boolean accumulate) implements Op {
        public Col2im {
            checkWindow(height, width, kernel, stride, pad, false);
        }

        public List<String> reads() {
            return accumulate ? List.of(dCols, dX) : List.of(dCols);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    /**
     * Batch normalisation of one CHW image in training mode, each channel over its {@code plane}
     * values: {@code y = act(gamma[c] (x - mean[c]) rstd[c] + beta[c] (+ residual))}, act ReLU when
     * {@code relu}, with {@code rstd = 1/sqrt(biased variance + eps)}; {@code mean} and {@code rstd}
     * (per channel) kept for the backward; {@code residual} may be null. One work-item per channel; fixed size.
     */
    record BatchNormForward(String x, String gamma, String beta, String residual, String y, String mean, String rstd,
            int channels, int plane, float eps, boolean relu) implements Op {
        public List<String> reads() {
            return residual == null ? List.of(x, gamma, beta) : List.of(x, gamma, beta, residual);
        }

        public List<String> writes() {
            return List.of(y, mean, rstd);
        }
    }

    /**
     * The backward of {@link BatchNormForward} from {@code dY}: {@code g = relu ? (y > 0 ? dY : 0) : dY};
     * {@code dGamma[c] = sum g xhat}, {@code dBeta[c] = sum g},
     * {@code dX = gamma rstd (g - mean(g) - xhat mean(g xhat))} (overwrites; xhat from x, mean, rstd),
     * and when {@code dResidual} is not null {@code dResidual (+)= g} ({@code accumulateResidual}).
     * One work-item per channel; dX and dY are distinct buffers; fixed size.
     */
    record BatchNormBackward(String dY, String y, String x, String gamma, String mean, String rstd, String dX,
            String dGamma, String dBeta, String dResidual, int channels, int plane, boolean relu,
            boolean accumulateResidual) implements Op {
        public List<String> reads() {
            return dResidual != null && accumulateResidual ? List.of(dY, y, x, gamma, mean, rstd, dResidual)
                    : List.of(dY, y, x, gamma, mean, rstd);
        }

        public List<String> writes() {
            return dResidual == null ? List.of(dX, dGamma, dBeta) : List.of(dX, dGamma, dBeta, dResidual);
        }
    }

    /**
     * nn.BatchNorm2d's running statistics after one training forward:
     * {@code runningMean = (1 - momentum) runningMean + momentum mean},
     * {@code runningVar = (1 - momentum) runningVar + momentum var plane/(plane - 1)}, var = 1/rstd^2 - eps
     * (the unbiased variance, as PyTorch); one work-item per channel; fixed size.
     */
    record BatchNormRunningStats(String mean, String rstd, String runningMean, String runningVar, int channels, int plane,
            float eps, float momentum) implements Op {
        public BatchNormRunningStats {
            if (plane < 2) {
                throw new IllegalArgumentException("the unbiased variance needs a plane of at least 2 values: " + plane);
            }
        }

        public List<String> reads() {
            return List.of(mean, rstd, runningMean, runningVar);
        }

        public List<String> writes() {
            return List.of(runningMean, runningVar);
        }
    }

    /**
     * Max pooling of a CHW image ({@code kernel}, {@code stride}, padding {@code pad} that never
     * wins): {@code y[c, oy, ox]} the window's maximum, {@code argmax} the winner's index within
     * its channel plane ({@code iy*width + ix}, as a float; the first maximum in row-major window
     * order, as PyTorch); one work-item per output element; fixed size.
     */
    record MaxPoolForward(String x, String y, String argmax, int channels, int height, int width, int kernel, int stride,
            int pad) implements Op {
        public MaxPoolForward {
            checkWindow(height, width, kernel, stride, pad, true);
        }

        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(y, argmax);
        }
    }

    /**
     * {@code dX[c, i] = } the sum of {@code dY} over the windows whose argmax is i (overwrites); a
     * gather, one work-item per input element; fixed size.
     */
    record MaxPoolBackward(String dY, String argmax, String dX, int channels, int height, int width, int kernel, int stride,
            int pad) implements Op {
        public MaxPoolBackward {
            checkWindow(height, width, kernel, stride, pad, true);
        }

        public List<String> reads() {
            return List.of(dY, argmax);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // NeRF: volume rendering along rays of consecutive samples. See io.sl2a.kernels.VolumeRenderKernels.

    /**
     * NeRF's volume rendering (nerf-pytorch / torch-ngp), one work-item per ray over rows / samples rays:
     * field[row, 0] is the raw density and field[row, 1..4) the raw colour of sample row; with
     * sigma = exp(raw density) (torch-ngp's trunc_exp), colour = sigmoid(raw colour),
     * alpha_i = 1 - exp(-sigma_i delta_i), T_i = prod_{j<i} (1 - alpha_j), w_i = T_i alpha_i:
     * rgb[ray] = sum_i w_i c_i + (1 - sum_i w_i) background, opacity[ray] = sum_i w_i,
     * depth[ray] = sum_i w_i t_i (t, delta per sample: inputs written by the host).
     *
     * <p>Rows are samples: a batch of {@code rows} rows holds {@code rows / samples} rays of
     * {@code samples} consecutive samples (rows a multiple of samples; a trailing partial ray would be
     * neither read nor written). field, t, delta are per row (rows x 4, x 1, x 1); rgb, opacity, depth
     * per ray (rays x 3, x 1, x 1). The raw density is clamped to at most 15 before its exponential
     * (no overflow to infinity, so no NaN from a zero delta); no early ray termination.
     */
    record VolumeRender(String field, String t, String delta, String rgb, String opacity, String depth, int samples,
            float background) implements Op {
        public VolumeRender {
            checkSamples(samples);
        }

        public List<String> reads() {
            return List.of(field, t, delta);
        }

        public List<String> writes() {
            return List.of(rgb, opacity, depth);
        }
    }

    /**
     * Its backward from dRgb [rays, 3] (opacity and depth carry no gradient): dField [rows, 4] (overwrites),
     * the raw density's gradient through exp with its input clamped to [-15, 15] as trunc_exp's backward,
     * the raw colour's through the sigmoid; reads the forward's rgb and opacity.
     *
     * <p>With C = sum w_i c_i + (1 - O) bg: dC/dc_i = w_i and
     * dC/dsigma_i = delta_i (T_{i+1} c_i - sum_{j>i} w_j c_j - (1 - O) bg), the suffix sum taken in one
     * pass per ray as the forward's foreground total (rgb - (1 - O) bg) less the running prefix
     * (instant-ngp's composite backward). delta multiplies the rounding of that difference, so the last
     * sample's delta should be a spacing (torch-ngp), not nerf-pytorch's 1e10.
     */
    record VolumeRenderBackward(String field, String delta, String rgb, String opacity, String dRgb, String dField,
            int samples, float background) implements Op {
        public VolumeRenderBackward {
            checkSamples(samples);
        }

        public List<String> reads() {
            return List.of(field, delta, rgb, opacity, dRgb);
        }

        public List<String> writes() {
            return List.of(dField);
        }
    }

    private static void checkSamples(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("a ray needs at least one sample: " + samples);
        }
    }

    /**
     * Mean squared error over {@code rows * width}: {@code dPred = 2 (pred - target) / (rows*width)}
     * and {@code rowSquaredError[row]} the row's sum of squared errors, which the host sums when it
     * wants the loss.
     */
    record MseLoss(String pred, String target, String dPred, String rowSquaredError, Extent rows, int width)
            implements Op {
        /** Over the batch's rows, as a network's own output. */
        public MseLoss(String pred, String target, String dPred, String rowSquaredError, int width) {
            this(pred, target, dPred, rowSquaredError, Extent.rows(), width);
        }

        public List<String> reads() {
            return List.of(pred, target);
        }

        public List<String> writes() {
            return List.of(dPred, rowSquaredError);
        }
    }

    /** {@code total[0] += sum of values[0..rows)}: keeps a running loss on the device. */
    record AccumulateSum(String values, String total) implements Op {
        public List<String> reads() {
            return List.of(values, total);
        }

        public List<String> writes() {
            return List.of(total);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // INCODE: the harmonizer (channel means of a feature map through a small MLP, one vector) and the
    // composer (a sine whose four coefficients the harmonizer gives). See io.sl2a.kernels.HarmonizerKernels
    // and io.sl2a.kernels.IncodeKernels.

    /** {@code y[c] = mean of x[c, 0..plane)} (adaptive average pooling to 1x1); fixed size. */
    record ChannelMean(String x, String y, int channels, int plane) implements Op {
        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    /** {@code dX[c, i] = dY[c] / plane} (overwrites); fixed size. */
    record ChannelMeanBackward(String dY, String dX, int channels, int plane) implements Op {
        public List<String> reads() {
            return List.of(dY);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    /**
     * One vector through a dense layer (nn.Linear's [out, in] weight): {@code pre[o] = bias[o] + sum_i weight[o, i] x[i]},
     * {@code y = silu(pre)} when {@code silu}, else {@code y = pre} (y may then be the pre buffer itself); fixed size.
     */
    record DenseVector(String x, String weight, String bias, String pre, String y, int in, int out, boolean silu)
            implements Op {
        public List<String> reads() {
            return List.of(x, weight, bias);
        }

        public List<String> writes() {
            return pre.equals(y) ? List.of(pre) : List.of(pre, y);
        }
    }

    /**
     * The backward of {@link DenseVector}: {@code dPre = silu ? dY silu'(pre) : dY}, {@code dBias = dPre},
     * {@code dWeight[o, i] = dPre[o] x[i]}, and when {@code dX} is not null {@code dX[i] = sum_o weight[o, i] dPre[o]}
     * (overwrites); fixed size.
     */
    record DenseVectorBackward(String dY, String pre, String x, String weight, String dPre, String dWeight, String dBias,
            String dX, int in, int out, boolean silu) implements Op {
        /** pre is needed only for the SiLU (it may be null without), weight only for dX. */
        public List<String> reads() {
            return present(dY, pre, x, dX == null ? null : weight);
        }

        public List<String> writes() {
            return present(dPre, dWeight, dBias, dX);
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
     * {@code dY dy/dd = dY} (the column sums over rows, {@link BiasGrad}, give the coefficients' gradient).
     */
    record IncodeSineBackward(String pre, String y, String coefficients, String dY, String dPre, String rowCoefficientGrad,
            int width, float omega) implements Op {
        public List<String> reads() {
            return List.of(pre, y, coefficients, dY);
        }

        public List<String> writes() {
            return List.of(dPre, rowCoefficientGrad);
        }
    }

    /**
     * INCODE's regularisation of its four coefficients, the gradient of
     * {@code sum_j weight_j relu(-coefficients[j])}: {@code dCoefficients[j] -= weight_j} where
     * {@code coefficients[j] < 0}; fixed size (4).
     */
    record CoefficientPenalty(String coefficients, String dCoefficients, float weightA, float weightB, float weightC,
            float weightD) implements Op {
        public List<String> reads() {
            return List.of(coefficients, dCoefficients);
        }

        public List<String> writes() {
            return List.of(dCoefficients);
        }
    }

    /**
     * One Adam update of a parameter buffer of fixed size, step scalars from {@link StepScalars};
     * the complements {@code 1 - beta} are computed in double by whoever builds the op.
     */
    record AdamUpdate(String param, String grad, String m, String v, float beta1, float oneMinusBeta1, float beta2,
            float oneMinusBeta2, float eps) implements Op {
        public static AdamUpdate of(String param, String grad, String m, String v, double beta1, double beta2, double eps) {
            return new AdamUpdate(param, grad, m, v, (float) beta1, (float) (1.0 - beta1), (float) beta2,
                    (float) (1.0 - beta2), (float) eps);
        }

        public List<String> reads() {
            return List.of(param, grad, m, v);
        }

        public List<String> writes() {
            return List.of(param, m, v);
        }
    }

    /**
     * Grid path, forward table: {@code table[i][v][o] = sum_k coeff[i,o,k] T_k(tanh(values[i][v]))}
     * for every input dimension i and axis position v (see {@code io.sl2a.kernels.GridKernels}).
     */
    record ChebyshevAxisTable(String values, String coeff, String table, int in, int outDim, int degree, int axisLength)
            implements Op {
        public List<String> reads() {
            return List.of(values, coeff);
        }

        public List<String> writes() {
            return List.of(table);
        }
    }

    /** Grid path: {@code out[row, o] = sum_i table[i][index[row, i]][o]}. */
    record GatherSum(String table, String index, String out, int in, int outDim, int axisLength) implements Op {
        public List<String> reads() {
            return List.of(table, index);
        }

        public List<String> writes() {
            return List.of(out);
        }
    }

    /** Grid path: {@code dTable[i][v][o] = sum over rows with index[row, i] == v of dOut[row, o]} (overwrites). */
    record ScatterSum(String dOut, String index, String dTable, int in, int outDim, int axisLength) implements Op {
        public List<String> reads() {
            return List.of(dOut, index);
        }

        public List<String> writes() {
            return List.of(dTable);
        }
    }

    /** Grid path: {@code dCoeff[i,o,k] = sum_v dTable[i][v][o] T_k(tanh(values[i][v]))} (overwrites). */
    record ChebyshevAxisCoeffGrad(String values, String dTable, String dCoeff, int in, int outDim, int degree,
            int axisLength) implements Op {
        public List<String> reads() {
            return List.of(values, dTable);
        }

        public List<String> writes() {
            return List.of(dCoeff);
        }
    }
}
