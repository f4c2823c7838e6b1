package io.sl2a.program;

import java.util.List;

/**
 * The loss and regularisation: the mean squared error, the running sum of a loss, INCODE's
 * coefficient penalty. Its records are members of {@link Op}, which extends this interface: other
 * code names them {@code Op.MseLoss} and so on.
 */
public sealed interface LossOps permits Op {

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
}
