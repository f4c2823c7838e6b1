package io.sl2a.nn.graph;

import io.sl2a.program.Op;
import java.util.List;

/**
 * The mean squared error of the prediction against targets the host writes with every batch of
 * points ({@link DeviceNetwork#trainStep}), per row and as a running sum over all steps: the
 * default objective, fitting a signal point by point.
 */
public record PointMse() implements Objective {
    /** The targets of a batch's points ({@code rows x out}). */
    public static final String TARGETS = "input.targets";
    public static final String ROW_SQUARED_ERROR = "output.row_squared_error";
    /** Running sum of squared errors over every training step (one float, starts at zero). */
    public static final String SQUARED_ERROR_SUM = "output.squared_error_sum";

    @Override
    public List<Op> emitLoss(LossEmission loss) {
        return List.of(new Op.MseLoss(GraphCompiler.PREDICTION, TARGETS, GraphCompiler.PREDICTION_GRADIENT,
                ROW_SQUARED_ERROR, loss.channels()), new Op.AccumulateSum(ROW_SQUARED_ERROR, SQUARED_ERROR_SUM));
    }
}
