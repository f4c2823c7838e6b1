package io.sl2a.program;

import java.util.List;

/**
 * Dense layers: matrix products, bias with ReLU or identity (and the Hadamard modulation), their
 * backwards, the bias gradient, and one vector through a dense layer (INCODE's harmonizer). Its
 * records are members of {@link Op}, which extends this interface: other code names them
 * {@code Op.MatMul} and so on.
 */
public sealed interface DenseOps permits Op {

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

    /**
     * One vector through a dense layer (nn.Linear's [out, in] weight): {@code pre[o] = bias[o] + sum_i weight[o, i]
     * x[i]},
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
    record DenseVectorBackward(String dY, String pre, String x, String weight, String dPre, String dWeight,
            String dBias,
            String dX, int in, int out, boolean silu) implements Op {
        /** pre is needed only for the SiLU (it may be null without), weight only for dX. */
        public List<String> reads() {
            return present(dY, pre, x, dX == null ? null : weight);
        }

        public List<String> writes() {
            return present(dPre, dWeight, dBias, dX);
        }
    }

    /** The names given, less the nulls (an optional buffer left out). */
    private static List<String> present(String... names) {
        return java.util.Arrays.stream(names).filter(java.util.Objects::nonNull).toList();
    }
}
