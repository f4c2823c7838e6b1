package io.sl2a.backend.cpu;

import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.GridKernels;
import io.sl2a.kernels.LayerNormKernels;
import io.sl2a.kernels.LinearKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The cpu backend's path for the elementwise and row kernels between SL2A's products: the bodies'
 * formulas over whole vectors of floats. The JIT leaves most bodies scalar (an element index a
 * call, or a loop whose arrays might alias), and in row chunks, where the data sits in cache,
 * they were a third of a step; a gather of the grid path ran five times faster as vectors here.
 * Each method computes what its body does for every element, in the same float operations and
 * order, except LayerNorm's row sums, which add in lanes (another rounding of the same sums; the
 * conformance suite compares every method with its body).
 */
final class VectorRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorRows() {
    }

    /** {@link GridKernels#gatherSumRow} for rows {@code [from, to)}: the axes' entries added in axis order. */
    static void gatherSumRows(int from, int to, float[] table, float[] index, int in, int outDim, int axisLength,
            float[] out) {
        if (outDim < LANES) {
            for (int row = from; row < to; row++) {
                GridKernels.gatherSumRow(row, table, index, in, outDim, axisLength, out);
            }
            return;
        }
        for (int row = from; row < to; row++) {
            int outBase = row * outDim;
            System.arraycopy(table, ((int) index[row * in]) * outDim, out, outBase, outDim);
            for (int i = 1; i < in; i++) {
                addInto(out, outBase, table, (i * axisLength + (int) index[row * in + i]) * outDim, outDim);
            }
        }
    }

    /**
     * The scatter of {@link GridKernels#scatterSumPartial} for rows {@code [from, to)}, added into
     * the table at {@code tableOffset} (not cleared first).
     */
    static void scatterAddRows(int from, int to, float[] dOut, float[] index, int in, int outDim, int axisLength,
            float[] table, int tableOffset) {
        for (int row = from; row < to; row++) {
            for (int i = 0; i < in; i++) {
                addInto(table, tableOffset + (i * axisLength + (int) index[row * in + i]) * outDim, dOut, row * outDim,
                        outDim);
            }
        }
    }

    /** {@code target[targetOffset + j] += source[sourceOffset + j]} for j below {@code length}. */
    static void addInto(float[] target, int targetOffset, float[] source, int sourceOffset, int length) {
        int j = 0;
        for (int bound = SPECIES.loopBound(length); j < bound; j += LANES) {
            FloatVector.fromArray(SPECIES, target, targetOffset + j).add(FloatVector.fromArray(SPECIES, source,
                    sourceOffset + j)).intoArray(target, targetOffset + j);
        }
        for (; j < length; j++) {
            target[targetOffset + j] += source[sourceOffset + j];
        }
    }

    /** {@link LinearKernels#biasActivationModulateRow} for rows {@code [from, to)}. */
    static void biasActivationModulateRows(int from, int to, float[] bias, float[] x, int width, boolean relu, float[] y,
            float[] z) {
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector v = FloatVector.fromArray(SPECIES, y, base + j).add(FloatVector.fromArray(SPECIES, bias, j));
                FloatVector activated = relu ? v.max(0.0f) : v;
                activated.intoArray(y, base + j);
                FloatVector.fromArray(SPECIES, x, base + j).mul(activated).intoArray(z, base + j);
            }
            for (; j < width; j++) {
                float v = y[base + j] + bias[j];
                float activated = relu ? Math.max(v, 0.0f) : v;
                y[base + j] = activated;
                z[base + j] = x[base + j] * activated;
            }
        }
    }

    /** {@link LinearKernels#biasActivationRow} for rows {@code [from, to)}. */
    static void biasActivationRows(int from, int to, float[] bias, int width, boolean relu, float[] y) {
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector v = FloatVector.fromArray(SPECIES, y, base + j).add(FloatVector.fromArray(SPECIES, bias, j));
                (relu ? v.max(0.0f) : v).intoArray(y, base + j);
            }
            for (; j < width; j++) {
                float v = y[base + j] + bias[j];
                y[base + j] = relu ? Math.max(v, 0.0f) : v;
            }
        }
    }

    /** {@link ElementwiseKernels#modulationBackward} for elements {@code [from, to)}. */
    static void modulationBackward(int from, int to, float[] dZ, float[] x, float[] yPrevious, boolean accumulate,
            float[] dX, float[] dYPrevious) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, dZ, i);
            FloatVector toX = d.mul(FloatVector.fromArray(SPECIES, yPrevious, i));
            (accumulate ? FloatVector.fromArray(SPECIES, dX, i).add(toX) : toX).intoArray(dX, i);
            d.mul(FloatVector.fromArray(SPECIES, x, i)).intoArray(dYPrevious, i);
        }
        for (; i < to; i++) {
            ElementwiseKernels.modulationBackward(i, dZ, x, yPrevious, accumulate ? 1 : 0, dX, dYPrevious);
        }
    }

    /** {@link ElementwiseKernels#reluBackward} for elements {@code [from, to)}: dY times signum(y). */
    static void reluBackward(int from, int to, float[] y, float[] dY, float[] dX) {
        int i = from;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector one = FloatVector.broadcast(SPECIES, 1.0f);
        FloatVector minusOne = FloatVector.broadcast(SPECIES, -1.0f);
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, y, i);
            VectorMask<Float> positive = v.compare(VectorOperators.GT, 0.0f);
            VectorMask<Float> negative = v.compare(VectorOperators.LT, 0.0f);
            FloatVector sign = zero.blend(one, positive).blend(minusOne, negative);
            FloatVector.fromArray(SPECIES, dY, i).mul(sign).intoArray(dX, i);
        }
        for (; i < to; i++) {
            ElementwiseKernels.reluBackward(i, y, dY, dX);
        }
    }

    /** {@link ElementwiseKernels#multiply} for elements {@code [from, to)}. */
    static void multiply(int from, int to, float[] a, float[] b, boolean accumulate, float[] out) {
        int i = from;
        for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += LANES) {
            FloatVector product = FloatVector.fromArray(SPECIES, a, i).mul(FloatVector.fromArray(SPECIES, b, i));
            (accumulate ? FloatVector.fromArray(SPECIES, out, i).add(product) : product).intoArray(out, i);
        }
        for (; i < to; i++) {
            ElementwiseKernels.multiply(i, a, b, accumulate ? 1 : 0, out);
        }
    }

    /**
     * {@link LinearKernels#columnSumPartial} with rows {@code [from, to)} added into {@code sums}
     * from {@code offset} (not cleared first): the column sums in row order, as the body adds them.
     */
    static void addColumnSums(int from, int to, float[] dY, int width, float[] sums, int offset) {
        for (int row = from; row < to; row++) {
            addInto(sums, offset, dY, row * width, width);
        }
    }

    /**
     * {@link LayerNormKernels#paramGradPartial} with rows {@code [from, to)} added into
     * {@code dGamma} and {@code dBeta} from {@code offset} (not cleared first), in row order as the
     * body adds them.
     */
    static void addLayerNormParamGrads(int from, int to, float[] dY, float[] x, float[] mean, float[] rstd, int width,
            float[] dGamma, float[] dBeta, int offset) {
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            float mu = mean[row];
            float r = rstd[row];
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, dY, base + j);
                FloatVector xhat = FloatVector.fromArray(SPECIES, x, base + j).sub(mu).mul(r);
                FloatVector.fromArray(SPECIES, dGamma, offset + j).add(d.mul(xhat)).intoArray(dGamma, offset + j);
                FloatVector.fromArray(SPECIES, dBeta, offset + j).add(d).intoArray(dBeta, offset + j);
            }
            for (; j < width; j++) {
                float d = dY[base + j];
                dGamma[offset + j] += d * ((x[base + j] - mu) * r);
                dBeta[offset + j] += d;
            }
        }
    }

    /** {@link LayerNormKernels#forwardRow} for rows {@code [from, to)}, the row sums in lanes. */
    static void layerNormForwardRows(int from, int to, float[] x, float[] gamma, float[] beta, int width, float eps,
            float[] y, float[] mean, float[] rstd) {
        if (width < LANES) {
            for (int row = from; row < to; row++) {
                LayerNormKernels.forwardRow(row, x, gamma, beta, width, eps, y, mean, rstd);
            }
            return;
        }
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            FloatVector sums = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < bound; j += LANES) {
                sums = sums.add(FloatVector.fromArray(SPECIES, x, base + j));
            }
            float sum = sumInOrder(sums);
            for (; j < width; j++) {
                sum += x[base + j];
            }
            float mu = sum / width;
            FloatVector squares = FloatVector.zero(SPECIES);
            for (j = 0; j < bound; j += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, x, base + j).sub(mu);
                squares = d.fma(d, squares);
            }
            float square = sumInOrder(squares);
            for (; j < width; j++) {
                float d = x[base + j] - mu;
                square += d * d;
            }
            float r = (float) (1.0 / Math.sqrt(square / width + eps));
            for (j = 0; j < bound; j += LANES) {
                FloatVector.fromArray(SPECIES, x, base + j).sub(mu).mul(r).mul(FloatVector.fromArray(SPECIES, gamma, j))
                        .add(FloatVector.fromArray(SPECIES, beta, j)).intoArray(y, base + j);
            }
            for (; j < width; j++) {
                y[base + j] = (x[base + j] - mu) * r * gamma[j] + beta[j];
            }
            mean[row] = mu;
            rstd[row] = r;
        }
    }

    /** {@link LayerNormKernels#backwardRow} for rows {@code [from, to)}, the row sums in lanes. */
    static void layerNormBackwardRows(int from, int to, float[] dY, float[] x, float[] gamma, float[] mean,
            float[] rstd, int width, float[] dX) {
        if (width < LANES) {
            for (int row = from; row < to; row++) {
                LayerNormKernels.backwardRow(row, dY, x, gamma, mean, rstd, width, dX);
            }
            return;
        }
        int bound = SPECIES.loopBound(width);
        for (int row = from; row < to; row++) {
            int base = row * width;
            float mu = mean[row];
            float r = rstd[row];
            FloatVector gs = FloatVector.zero(SPECIES);
            FloatVector hs = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < bound; j += LANES) {
                FloatVector g = FloatVector.fromArray(SPECIES, dY, base + j).mul(FloatVector.fromArray(SPECIES, gamma, j));
                FloatVector xhat = FloatVector.fromArray(SPECIES, x, base + j).sub(mu).mul(r);
                gs = gs.add(g);
                hs = g.fma(xhat, hs);
            }
            float gSum = sumInOrder(gs);
            float hSum = sumInOrder(hs);
            for (; j < width; j++) {
                float g = dY[base + j] * gamma[j];
                gSum += g;
                hSum += g * ((x[base + j] - mu) * r);
            }
            float meanG = gSum / width;
            float meanGXhat = hSum / width;
            for (j = 0; j < bound; j += LANES) {
                FloatVector g = FloatVector.fromArray(SPECIES, dY, base + j).mul(FloatVector.fromArray(SPECIES, gamma, j));
                FloatVector xhat = FloatVector.fromArray(SPECIES, x, base + j).sub(mu).mul(r);
                g.sub(meanG).sub(xhat.mul(meanGXhat)).mul(r).intoArray(dX, base + j);
            }
            for (; j < width; j++) {
                float g = dY[base + j] * gamma[j];
                float xhat = (x[base + j] - mu) * r;
                dX[base + j] = r * (g - meanG - xhat * meanGXhat);
            }
        }
    }

    /**
     * The sum of the lanes, from lane 0 up. {@code reduceLanes(ADD)} leaves the order of a float
     * reduction to the implementation, and the JIT-compiled order differs from the interpreter's:
     * a run's bits would then depend on when the JIT compiled the loop. This order is the same
     * in both.
     */
    static float sumInOrder(FloatVector v) {
        float sum = 0f;
        for (int i = 0; i < LANES; i++) {
            sum += v.lane(i);
        }
        return sum;
    }
}
