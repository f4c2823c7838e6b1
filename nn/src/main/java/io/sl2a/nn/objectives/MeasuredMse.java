package io.sl2a.nn.objectives;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.LossEmission;
import io.sl2a.nn.graph.Objective;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.operators.SparseMatrix;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.List;

/**
 * The mean squared error of a measurement of the whole rendering, {@code A f}, against an
 * observation (area downsampling, the Radon transform): train_step renders every point (the batch
 * is the whole signal, in the operator's column order, so the program's rows are the operator's
 * points), measures the rendering ({@link #MEASURED}) and takes the loss against the measurement
 * the host wrote once ({@link #MEASUREMENT}); the loss gradient reaches the prediction through the
 * operator's adjoint, and the backward is unchanged. The operator's matrices are constants of the
 * program, written when the network is created.
 */
public record MeasuredMse(MeasurementOperator operator) implements Objective {
    /** The observation the measured rendering is compared with (fixed: measurements x channels). */
    public static final String MEASUREMENT = "input.measurement";
    /** The operator applied to train_step's rendering. */
    public static final String MEASURED = "output.measured";
    private static final String MEASURED_GRADIENT = "grad.measured";
    /** Per measurement, its squared error in the last train_step (summed over channels). */
    public static final String MEASURED_ROW_ERROR = "output.measured_row_squared_error";
    private static final String OPERATOR = "operator.";
    private static final String ADJOINT = "operator.adjoint.";

    @Override
    public void validate(LayerGraph graph, int maxRows, int gridAxisLength) {
        if (operator.points() != maxRows) {
            throw new IllegalArgumentException("the operator " + operator.name() + " measures " + operator.points()
                    + " points, the program renders " + maxRows);
        }
    }

    /** Buffer names of an operator's CSR arrays (row starts, columns, values), or of its adjoint's. */
    private static String[] operatorBuffers(boolean adjoint) {
        String prefix = adjoint ? ADJOINT : OPERATOR;
        return new String[] {prefix + "row_start", prefix + "columns", prefix + "values"};
    }

    /** Measure the prediction, MSE against the measurement, and the loss gradient back through the adjoint. */
    @Override
    public List<Op> emitLoss(LossEmission loss) {
        int channels = loss.channels();
        int measurements = operator.measurements();
        String[] forwardBuffers = declareOperator(loss, operatorBuffers(false), operator.matrix());
        String[] adjointBuffers = declareOperator(loss, operatorBuffers(true), operator.adjoint());
        loss.declare(BufferSpec.fixed(MEASUREMENT, BufferRole.INPUT, measurements * channels));
        loss.declare(BufferSpec.fixed(MEASURED, BufferRole.OUTPUT, measurements * channels));
        loss.declareScratch(MEASURED_GRADIENT, measurements * channels);
        loss.declare(BufferSpec.fixed(MEASURED_ROW_ERROR, BufferRole.OUTPUT, measurements));
        Extent rows = Extent.of(measurements);
        return List.of(
                new Op.SparseProduct(forwardBuffers[0], forwardBuffers[1], forwardBuffers[2], GraphCompiler.PREDICTION,
                        MEASURED, measurements, channels),
                new Op.MseLoss(MEASURED, MEASUREMENT, MEASURED_GRADIENT, MEASURED_ROW_ERROR, rows, channels),
                new Op.SparseProduct(adjointBuffers[0], adjointBuffers[1], adjointBuffers[2], MEASURED_GRADIENT,
                        GraphCompiler.PREDICTION_GRADIENT, operator.points(), channels));
    }

    private static String[] declareOperator(LossEmission loss, String[] names, SparseMatrix matrix) {
        loss.declare(BufferSpec.fixed(names[0], BufferRole.CONSTANT, matrix.rows() + 1));
        loss.declare(BufferSpec.fixed(names[1], BufferRole.CONSTANT, matrix.entries()));
        loss.declare(BufferSpec.fixed(names[2], BufferRole.CONSTANT, matrix.entries()));
        return names;
    }

    /** Uploads the operator's matrices. */
    @Override
    public void writeConstants(CompiledProgram program) {
        writeMatrix(program, operatorBuffers(false), operator.matrix());
        writeMatrix(program, operatorBuffers(true), operator.adjoint());
    }

    private static void writeMatrix(CompiledProgram program, String[] names, SparseMatrix matrix) {
        program.write(names[0], matrix.rowStartAsFloats());
        program.write(names[1], matrix.columnIndexAsFloats());
        program.write(names[2], matrix.values());
    }

    /** The observation a network compiled with this objective is compared with (measurements x channels), once. */
    public static void setMeasurement(DeviceNetwork network, float[] measurement) {
        network.program().write(MEASUREMENT, measurement);
    }

    /** The sum of squared errors of the last step through the operator (before its update), in double. */
    public static double lastSquaredError(DeviceNetwork network, int measurements) {
        return network.sum(MEASURED_ROW_ERROR, measurements);
    }
}
