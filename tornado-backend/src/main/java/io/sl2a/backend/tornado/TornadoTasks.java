package io.sl2a.backend.tornado;

import io.sl2a.kernels.AdamKernels;
import io.sl2a.kernels.BatchNormKernels;
import io.sl2a.kernels.ChebyshevKernels;
import io.sl2a.kernels.ColumnKernels;
import io.sl2a.kernels.ComplexKernels;
import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.EncodingKernels;
import io.sl2a.kernels.GaborWindowKernels;
import io.sl2a.kernels.GridKernels;
import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.kernels.IncodeKernels;
import io.sl2a.kernels.LayerNormKernels;
import io.sl2a.kernels.LinearKernels;
import io.sl2a.kernels.LossKernels;
import io.sl2a.kernels.SparseKernels;
import io.sl2a.kernels.SplineKernels;
import io.sl2a.kernels.VolumeRenderKernels;
import io.sl2a.kernels.WaveKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks: each is one {@code @Parallel} loop that calls a kernel body of
 * {@code io.sl2a.kernels} with the loop index as the work-item, and nothing else. The arithmetic
 * lives only in the bodies; these wrappers only decide the range and pass the arguments.
 *
 * <p>The batch row count changes from run to run, but a compiled task cannot: every task that
 * depends on it receives {@code rows}, a one-element {@code int[]} transferred with each execution,
 * loops to the largest count the program allows and skips work-items past {@code rows[0]}. The Adam
 * step scalars arrive the same way in {@code scalars} ({@code [stepSize, sqrtBiasCorrection2]}).
 *
 * <p>A matrix extent is passed as an int that is either its fixed size or {@code 0} for "the batch
 * row count" ({@link io.sl2a.program.Extent#rows()}; fixed extents are at least 1).
 *
 * <p>This class must be compiled with local-variable debug information ({@code -g}), which
 * TornadoVM needs to find the {@code @Parallel} loops.
 */
public final class TornadoTasks {
    private TornadoTasks() {
    }

    // ---------------------------------------------------------------------------------------------
    // Chebyshev (LA block)

    public static void chebyshevForward(int[] rows, float[] coords, float[] coeff, float[] out, int in, int outDim,
            int degree, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                ChebyshevKernels.forwardRow(row, coords, coeff, in, outDim, degree, out);
            }
        }
    }

    public static void chebyshevCoeffGrad(int[] rows, float[] coords, float[] dOut, float[] dCoeff, int in, int outDim,
            int degree, int pairs) {
        for (@Parallel int pair = 0; pair < pairs; pair++) {
            ChebyshevKernels.coeffGradPair(pair, coords, dOut, rows[0], in, outDim, degree, dCoeff, 0);
        }
    }

    /** {@link ChebyshevKernels#coeffGradSlice} for every (slice, pair): item = slice * pairs + pair. */
    public static void chebyshevCoeffGradSlices(int[] rows, float[] coords, float[] dOut, float[] partial, int in,
            int outDim, int degree, int slices, int items) {
        for (@Parallel int item = 0; item < items; item++) {
            int pairs = in * outDim;
            int slice = item / pairs;
            ChebyshevKernels.coeffGradSlice(slice, item - slice * pairs, slices, coords, dOut, rows[0], in, outDim,
                    degree, partial);
        }
    }

    public static void chebyshevInputGrad(int[] rows, float[] coords, float[] coeff, float[] dOut, float[] dCoords,
            int in, int outDim, int degree, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                ChebyshevKernels.inputGradRow(row, coords, coeff, dOut, in, outDim, degree, dCoords);
            }
        }
    }

    public static void chebyshevAxisTable(float[] values, float[] coeff, float[] table, int outDim, int degree,
            int axisLength, int axisRows) {
        for (@Parallel int axisRow = 0; axisRow < axisRows; axisRow++) {
            ChebyshevKernels.axisTableRow(axisRow, values, coeff, outDim, degree, axisLength, table);
        }
    }

    public static void chebyshevAxisCoeffGrad(float[] values, float[] dTable, float[] dCoeff, int outDim, int degree,
            int axisLength, int pairs) {
        for (@Parallel int pair = 0; pair < pairs; pair++) {
            ChebyshevKernels.axisCoeffGradPair(pair, values, dTable, outDim, degree, axisLength, dCoeff);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Grid path

    public static void gatherSum(int[] rows, float[] table, float[] index, float[] out, int in, int outDim,
            int axisLength, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                GridKernels.gatherSumRow(row, table, index, in, outDim, axisLength, out);
            }
        }
    }

    /** First stage of the scatter: one private table per chunk of rows. */
    public static void scatterSumPartial(int[] rows, float[] dOut, float[] index, float[] partial, int in, int outDim,
            int axisLength, int chunks) {
        for (@Parallel int chunk = 0; chunk < chunks; chunk++) {
            int count = rows[0];
            int rowsPerChunk = (count + chunks - 1) / chunks;
            GridKernels.scatterSumPartial(chunk, rowsPerChunk, count, dOut, index, in, outDim, axisLength, partial);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // LayerNorm

    public static void layerNormForward(int[] rows, float[] x, float[] gamma, float[] beta, float[] y, float[] mean,
            float[] rstd, int width, float eps, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LayerNormKernels.forwardRow(row, x, gamma, beta, width, eps, y, mean, rstd);
            }
        }
    }

    /** First stage of the gamma and beta gradients. */
    public static void layerNormParamGradPartial(int[] rows, float[] dY, float[] x, float[] mean, float[] rstd,
            float[] partialGamma, float[] partialBeta, int width, int chunks) {
        for (@Parallel int chunk = 0; chunk < chunks; chunk++) {
            int count = rows[0];
            int rowsPerChunk = (count + chunks - 1) / chunks;
            LayerNormKernels.paramGradPartial(chunk, rowsPerChunk, count, dY, x, mean, rstd, width, partialGamma,
                    partialBeta);
        }
    }

    public static void layerNormBackward(int[] rows, float[] dY, float[] x, float[] gamma, float[] mean, float[] rstd,
            float[] dX, int width, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LayerNormKernels.backwardRow(row, dY, x, gamma, mean, rstd, width, dX);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Dense products and biases

    /**
     * {@code C(m x n) = op(A) op(B) + beta C}, one row of C per work-item; dense row-major operands as
     * {@link io.sl2a.program.Op.MatMul} states. {@code mSpec/nSpec/kSpec}: fixed size, or 0 for the row count.
     */
    public static void matMul(int[] rows, float[] a, float[] b, float[] c, int mSpec, int nSpec, int kSpec,
            int transposeA, int transposeB, float beta, int maxM) {
        for (@Parallel int row = 0; row < maxM; row++) {
            int count = rows[0];
            int m = mSpec == 0 ? count : mSpec;
            if (row < m) {
                int n = nSpec == 0 ? count : nSpec;
                int k = kSpec == 0 ? count : kSpec;
                int aRowStride = transposeA != 0 ? 1 : k;
                int aColStride = transposeA != 0 ? m : 1;
                int bRowStride = transposeB != 0 ? 1 : n;
                int bColStride = transposeB != 0 ? k : 1;
                LinearKernels.gemmRow(row, n, k, 1.0f, a, 0, aRowStride, aColStride, b, 0, bRowStride, bColStride, beta,
                        c, 0, n);
            }
        }
    }

    public static void biasActivation(int[] rows, float[] bias, float[] y, int width, int relu, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LinearKernels.biasActivationRow(row, bias, width, relu, y);
            }
        }
    }

    public static void biasActivationModulate(int[] rows, float[] bias, float[] x, float[] y, float[] z, int width,
            int relu, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                LinearKernels.biasActivationModulateRow(row, bias, x, width, relu, y, z);
            }
        }
    }

    /** First stage of a column sum (bias gradient): one partial row per chunk of rows. */
    public static void columnSumPartial(int[] rows, float[] dY, float[] partial, int width, int chunks) {
        for (@Parallel int chunk = 0; chunk < chunks; chunk++) {
            int count = rows[0];
            int rowsPerChunk = (count + chunks - 1) / chunks;
            LinearKernels.columnSumPartial(chunk, rowsPerChunk, count, dY, width, partial);
        }
    }

    /** Second stage of the column sums and of the scatter: {@code out[j] = sum over chunks}. */
    public static void reducePartials(float[] partial, float[] out, int chunks, int width) {
        for (@Parallel int column = 0; column < width; column++) {
            LinearKernels.reducePartials(column, partial, chunks, width, out);
        }
    }

    /** {@link #reducePartials} adding to {@code out} (BiasGrad with accumulate). */
    public static void accumulatePartials(float[] partial, float[] out, int chunks, int width) {
        for (@Parallel int column = 0; column < width; column++) {
            LinearKernels.accumulatePartials(column, partial, chunks, width, out);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Elementwise, over rows * width values

    public static void reluBackward(int[] rows, float[] y, float[] dY, float[] dX, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.reluBackward(i, y, dY, dX);
            }
        }
    }

    public static void positionalEncoding(int[] rows, float[] coords, float[] out, int in, int frequencies, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                EncodingKernels.positionalRow(row, coords, in, frequencies, out);
            }
        }
    }

    public static void biasWave(int[] rows, float[] bias, float[] pre, float[] y, int width, int kind, float scale,
            int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                WaveKernels.biasWaveRow(row, bias, width, kind, scale, pre, y);
            }
        }
    }

    public static void waveBackward(int[] rows, float[] pre, float[] dY, float[] dPre, int width, int kind, float scale,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                WaveKernels.waveBackward(i, pre, dY, kind, scale, dPre);
            }
        }
    }

    /** Wave backward in place ({@code dPre == dY}): one array argument, passed twice to the body. */
    public static void waveBackwardInPlace(int[] rows, float[] pre, float[] d, int width, int kind, float scale,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                WaveKernels.waveBackward(i, pre, d, kind, scale, d);
            }
        }
    }

    public static void complexBlock(float[] weight, float[] block, int cols, int count) {
        for (@Parallel int pq = 0; pq < count; pq++) {
            ComplexKernels.blockFromWeight(pq, weight, cols, block);
        }
    }

    public static void complexBlockGrad(float[] dBlock, float[] dWeight, int cols, int count) {
        for (@Parallel int pq = 0; pq < count; pq++) {
            ComplexKernels.weightGradFromBlock(pq, dBlock, cols, dWeight);
        }
    }

    public static void complexGabor(int[] rows, float[] pre, float[] y, int width, int realInput, float omega, float sigma,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.gabor(i, pre, realInput, omega, sigma, y);
            }
        }
    }

    public static void complexGaborBackward(int[] rows, float[] pre, float[] y, float[] dY, float[] dPre, int width,
            int realInput, float omega, float sigma, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.gaborBackward(i, pre, y, dY, realInput, omega, sigma, dPre);
            }
        }
    }

    /** Gabor backward in place ({@code dPre == dY}): one array argument, passed twice to the body. */
    public static void complexGaborBackwardInPlace(int[] rows, float[] pre, float[] y, float[] d, int width, float omega,
            float sigma, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.gaborBackward(i, pre, y, d, 0, omega, sigma, d);
            }
        }
    }

    public static void realPart(int[] rows, float[] z, float[] y, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.realPart(i, z, y);
            }
        }
    }

    public static void realPartBackward(int[] rows, float[] dY, float[] dZ, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ComplexKernels.realPartBackward(i, dY, dZ);
            }
        }
    }

    public static void gaborWindow(int[] rows, float[] x, float[] mu, float[] gamma, float[] distance, float[] window, int in,
            int out, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                GaborWindowKernels.windowRow(row, x, mu, gamma, in, out, distance, window);
            }
        }
    }

    public static void gaborWindowBackward(int[] rows, float[] dWindow, float[] window, float[] distance, float[] a,
            float[] ad, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                GaborWindowKernels.windowBackward(i, dWindow, window, distance, a, ad);
            }
        }
    }

    public static void gaborWindowParamGrad(float[] mu, float[] gamma, float[] ax, float[] columnA, float[] columnAd,
            float[] dMu, float[] dGamma, int in, int out) {
        for (@Parallel int o = 0; o < out; o++) {
            GaborWindowKernels.parameterGrad(o, mu, gamma, ax, columnA, columnAd, in, dMu, dGamma);
        }
    }

    public static void bsplineBasis(int[] rows, float[] x, float[] basis, int in, int gridSize, float lo, float hi,
            int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                SplineKernels.basisRow(row, x, in, gridSize, lo, hi, basis);
            }
        }
    }

    public static void bsplineInputGrad(int[] rows, float[] x, float[] dBasis, float[] dX, int in, int gridSize, float lo,
            float hi, int accumulate, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                SplineKernels.basisInputGradRow(row, x, dBasis, in, gridSize, lo, hi, accumulate, dX);
            }
        }
    }

    public static void silu(int[] rows, float[] x, float[] y, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                SplineKernels.silu(i, x, y);
            }
        }
    }

    public static void siluBackward(int[] rows, float[] x, float[] dY, float[] dX, int width, int accumulate,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                SplineKernels.siluBackward(i, x, dY, accumulate, dX);
            }
        }
    }

    public static void scaleRows(float[] weight, float[] scaler, float[] scaled, int length, int count) {
        for (@Parallel int r = 0; r < count; r++) {
            SplineKernels.scaleRow(r, weight, scaler, length, scaled);
        }
    }

    public static void scaleRowsBackward(float[] dScaled, float[] weight, float[] scaler, float[] dWeight, float[] dScaler,
            int length, int count) {
        for (@Parallel int r = 0; r < count; r++) {
            SplineKernels.scaleRowBackward(r, dScaled, weight, scaler, length, dWeight, dScaler);
        }
    }

    /** ReLU backward in place ({@code dX == dY}): one array argument, passed twice to the body. */
    public static void reluBackwardInPlace(int[] rows, float[] y, float[] d, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.reluBackward(i, y, d, d);
            }
        }
    }

    /** {@link io.sl2a.program.Op.Multiply} of a buffer with itself: one array argument, passed twice to the body. */
    public static void square(int[] rows, float[] a, float[] out, int width, int accumulate, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.multiply(i, a, a, accumulate, out);
            }
        }
    }

    public static void multiply(int[] rows, float[] a, float[] b, float[] out, int width, int accumulate,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.multiply(i, a, b, accumulate, out);
            }
        }
    }

    public static void copy(int[] rows, float[] source, float[] destination, int width, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.copy(i, source, destination);
            }
        }
    }

    public static void columnCopy(int[] rows, float[] src, float[] dst, int srcWidth, int srcOffset, int dstWidth,
            int dstOffset, int width, int accumulate, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ColumnKernels.columnCopy(i, src, srcWidth, srcOffset, dst, dstWidth, dstOffset, width, accumulate);
            }
        }
    }

    public static void modulationBackward(int[] rows, float[] dZ, float[] x, float[] yPrevious, float[] dX,
            float[] dYPrevious, int width, int accumulate, int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                ElementwiseKernels.modulationBackward(i, dZ, x, yPrevious, accumulate, dX, dYPrevious);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Convolution side: one CHW image, fixed sizes (no row count). The window side is named
    // `window`: TornadoVM names the generated kernel's parameters after these, and `kernel` is a
    // keyword of OpenCL C.

    public static void im2col(float[] x, float[] cols, int height, int width, int window, int stride, int pad, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.im2col(i, x, height, width, window, stride, pad, cols);
        }
    }

    public static void col2im(float[] dCols, float[] dX, int height, int width, int window, int stride, int pad,
            int accumulate, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.col2im(i, dCols, height, width, window, stride, pad, accumulate, dX);
        }
    }

    public static void maxPoolForward(float[] x, float[] y, float[] argmax, int height, int width, int window, int stride,
            int pad, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.maxPoolForward(i, x, height, width, window, stride, pad, y, argmax);
        }
    }

    public static void maxPoolBackward(float[] dY, float[] argmax, float[] dX, int height, int width, int window,
            int stride, int pad, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.maxPoolBackward(i, dY, argmax, height, width, window, stride, pad, dX);
        }
    }

    /** {@code residual} is a one-float dummy when {@code hasResidual} is 0. */
    public static void batchNormForward(float[] x, float[] gamma, float[] beta, float[] residual, float[] y, float[] mean,
            float[] rstd, int hasResidual, int plane, float eps, int relu, int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            BatchNormKernels.forwardChannel(c, x, gamma, beta, residual, hasResidual, plane, eps, relu, y, mean, rstd);
        }
    }

    /** {@code dResidual} is a one-float dummy when {@code residualMode} is 0. */
    public static void batchNormBackward(float[] dY, float[] y, float[] x, float[] gamma, float[] mean, float[] rstd,
            float[] dX, float[] dGamma, float[] dBeta, float[] dResidual, int plane, int relu, int residualMode,
            int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            BatchNormKernels.backwardChannel(c, dY, y, x, gamma, mean, rstd, plane, relu, residualMode, dX, dGamma, dBeta,
                    dResidual);
        }
    }

    public static void batchNormRunningStats(float[] mean, float[] rstd, float[] runningMean, float[] runningVar, int plane,
            float eps, float momentum, int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            BatchNormKernels.runningStats(c, mean, rstd, plane, eps, momentum, runningMean, runningVar);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // INCODE: the harmonizer's vector ops (fixed size) and the composer (over the batch)

    public static void channelMean(float[] x, float[] y, int plane, int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            HarmonizerKernels.channelMean(c, x, plane, y);
        }
    }

    public static void channelMeanBackward(float[] dY, float[] dX, int plane, int count) {
        for (@Parallel int k = 0; k < count; k++) {
            HarmonizerKernels.channelMeanBackward(k, dY, plane, dX);
        }
    }

    public static void denseVector(float[] x, float[] weight, float[] bias, float[] pre, float[] y, int in, int silu,
            int out) {
        for (@Parallel int o = 0; o < out; o++) {
            HarmonizerKernels.denseVector(o, x, weight, bias, in, silu, pre, y);
        }
    }

    /** Dense layer without the SiLU into the pre buffer alone ({@code y == pre}): one array, passed twice. */
    public static void denseVectorInPlace(float[] x, float[] weight, float[] bias, float[] pre, int in, int out) {
        for (@Parallel int o = 0; o < out; o++) {
            HarmonizerKernels.denseVector(o, x, weight, bias, in, 0, pre, pre);
        }
    }

    /** The dense backward's first pass (dPre, dBias, dWeight), per output. */
    public static void denseVectorBackwardOutput(float[] dY, float[] pre, float[] x, float[] dPre, float[] dWeight,
            float[] dBias, int in, int silu, int out) {
        for (@Parallel int o = 0; o < out; o++) {
            HarmonizerKernels.denseVectorBackwardOutput(o, dY, pre, x, in, silu, dPre, dWeight, dBias);
        }
    }

    /** The dense backward's second pass (dX), per input, after the first. */
    public static void denseVectorBackwardInput(float[] weight, float[] dPre, float[] dX, int in, int out) {
        for (@Parallel int i = 0; i < in; i++) {
            HarmonizerKernels.denseVectorBackwardInput(i, weight, dPre, in, out, dX);
        }
    }

    public static void coefficientPenalty(float[] coefficients, float[] dCoefficients, float weightA, float weightB,
            float weightC, float weightD, int count) {
        for (@Parallel int j = 0; j < count; j++) {
            HarmonizerKernels.coefficientPenalty(j, coefficients, weightA, weightB, weightC, weightD, dCoefficients);
        }
    }

    public static void incodeSine(int[] rows, float[] pre, float[] coefficients, float[] y, int width, float omega,
            int maxElements) {
        for (@Parallel int i = 0; i < maxElements; i++) {
            if (i < rows[0] * width) {
                IncodeKernels.incodeSine(i, pre, coefficients, omega, y);
            }
        }
    }

    public static void incodeSineBackward(int[] rows, float[] pre, float[] y, float[] coefficients, float[] dY, float[] dPre,
            float[] rowCoefficientGrad, int width, float omega, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                IncodeKernels.incodeSineBackwardRow(row, pre, y, coefficients, dY, width, omega, dPre, rowCoefficientGrad);
            }
        }
    }

    /** The composer's backward in place ({@code dPre == dY}): one array argument, passed twice to the body. */
    public static void incodeSineBackwardInPlace(int[] rows, float[] pre, float[] y, float[] coefficients, float[] d,
            float[] rowCoefficientGrad, int width, float omega, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            if (row < rows[0]) {
                IncodeKernels.incodeSineBackwardRow(row, pre, y, coefficients, d, width, omega, d, rowCoefficientGrad);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Loss and optimizer

    /** MSE with the contract's scale {@code 2 / (rows * width)} at the runtime row count. */
    /** {@code fixedCount} 0: over the batch's rows; else over that many (a measurement's). */
    public static void mseLoss(int[] rows, float[] pred, float[] target, float[] dPred, float[] rowSquaredError,
            int width, int fixedCount, int maxRows) {
        for (@Parallel int row = 0; row < maxRows; row++) {
            int count = fixedCount > 0 ? fixedCount : rows[0];
            if (row < count) {
                float scale = 2.0f / ((float) count * width);
                LossKernels.mseRow(row, pred, target, width, scale, dPred, rowSquaredError);
            }
        }
    }

    /** One work-item: {@code total[0] += sum of values[0..rows)}. */
    public static void accumulateSum(int[] rows, float[] values, float[] total, int items) {
        for (@Parallel int item = 0; item < items; item++) {
            LossKernels.accumulateSum(item, values, rows[0], total);
        }
    }

    /** {@link SparseKernels#productRow} over every output row. */
    public static void sparseProduct(float[] rowStart, float[] columns, float[] values, float[] x, float[] y, int channels,
            int outRows) {
        for (@Parallel int row = 0; row < outRows; row++) {
            SparseKernels.productRow(row, rowStart, columns, values, x, channels, y);
        }
    }

    /** {@link VolumeRenderKernels#renderRay} over the batch's {@code rows[0] / samples} rays. */
    public static void volumeRender(int[] rows, float[] field, float[] t, float[] delta, float[] rgb, float[] opacity,
            float[] depth, int samples, float background, int maxRays) {
        for (@Parallel int ray = 0; ray < maxRays; ray++) {
            if (ray < rows[0] / samples) {
                VolumeRenderKernels.renderRay(ray, field, t, delta, samples, background, rgb, opacity, depth);
            }
        }
    }

    /** {@link VolumeRenderKernels#renderRayBackward} over the batch's {@code rows[0] / samples} rays. */
    public static void volumeRenderBackward(int[] rows, float[] field, float[] delta, float[] rgb, float[] opacity,
            float[] dRgb, float[] dField, int samples, float background, int maxRays) {
        for (@Parallel int ray = 0; ray < maxRays; ray++) {
            if (ray < rows[0] / samples) {
                VolumeRenderKernels.renderRayBackward(ray, field, delta, rgb, opacity, dRgb, samples, background, dField);
            }
        }
    }

    public static void adamUpdate(float[] scalars, float[] param, float[] grad, float[] m, float[] v, float beta1,
            float oneMinusBeta1, float beta2, float oneMinusBeta2, float eps, int size) {
        for (@Parallel int i = 0; i < size; i++) {
            AdamKernels.update(i, param, grad, m, v, scalars[0], beta1, oneMinusBeta1, beta2, oneMinusBeta2, eps,
                    scalars[1]);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Transfers

    /** How many buffers one {@link #keepHostValues} task takes. */
    static final int KEEP_WIDTH = 12;

    /**
     * Computes nothing (its branch never runs: {@code rows[0]} is at least 1), but reads and writes
     * every buffer it is given. TornadoVM decides from the tasks' code whether a buffer is copied to
     * the device: one that no task reads is only allocated (and zeroed), so the parts an operation does
     * not write (rows past the row count, an output's other entries) would come back as zeros. Run
     * first in each graph, this task makes every resident buffer read-write, hence copied in.
     */
    public static void keepHostValues(int[] rows, float[] b0, float[] b1, float[] b2, float[] b3, float[] b4, float[] b5,
            float[] b6, float[] b7, float[] b8, float[] b9, float[] b10, float[] b11) {
        for (@Parallel int i = 0; i < 1; i++) {
            if (rows[0] < 0) {
                b0[0] = -b0[0];
                b1[0] = -b1[0];
                b2[0] = -b2[0];
                b3[0] = -b3[0];
                b4[0] = -b4[0];
                b5[0] = -b5[0];
                b6[0] = -b6[0];
                b7[0] = -b7[0];
                b8[0] = -b8[0];
                b9[0] = -b9[0];
                b10[0] = -b10[0];
                b11[0] = -b11[0];
            }
        }
    }
}
