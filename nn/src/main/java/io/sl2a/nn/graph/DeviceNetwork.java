package io.sl2a.nn.graph;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.operators.SparseMatrix;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any layer graph living on a backend: its compiled program, with parameters and Adam moments in
 * the backend's buffers. The host writes batches, runs steps and reads back only what it asks for.
 */
public class DeviceNetwork implements AutoCloseable {
    private final LayerGraph graph;
    private final CompiledProgram program;
    private final int maxRows;
    private final int gridAxisLength;

    protected DeviceNetwork(LayerGraph graph, CompiledProgram program, int maxRows, int gridAxisLength) {
        this.graph = graph;
        this.program = program;
        this.maxRows = maxRows;
        this.gridAxisLength = gridAxisLength;
    }

    /**
     * Compiles {@code graph} for batches of at most {@code maxRows} points; with
     * {@code gridAxisLength > 0} training steps take grid indices ({@link #trainStepOnGrid}).
     */
    public static DeviceNetwork create(Backend backend, LayerGraph graph, int maxRows, AdamSettings adam, int gridAxisLength) {
        Program program = GraphCompiler.compile(graph, maxRows, adam, gridAxisLength);
        DeviceNetwork network = new DeviceNetwork(graph, backend.compile(program), maxRows, gridAxisLength);
        network.writeConstants();
        return network;
    }

    /** Uploads the values the graph carries (its constants), once after compiling. */
    void writeConstants() {
        try {
            for (Map.Entry<String, float[]> constant : graph.constants().entrySet()) {
                program.write(constant.getKey(), constant.getValue());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Compiles {@code graph} to be trained through {@code operator}: every step renders all of the
     * operator's points (on grid indices when {@code gridAxisLength > 0}) and compares the measured
     * rendering with {@link #setMeasurement the measurement}. The operator's matrices are uploaded here.
     */
    public static DeviceNetwork createMeasured(Backend backend, LayerGraph graph, AdamSettings adam, int gridAxisLength,
            MeasurementOperator operator) {
        Program program = GraphCompiler.compile(graph, operator.points(), adam, gridAxisLength, operator);
        DeviceNetwork network = new DeviceNetwork(graph, backend.compile(program), operator.points(), gridAxisLength);
        network.writeConstants();
        try {
            network.writeMatrix(GraphCompiler.operatorBuffers(false), operator.matrix());
            network.writeMatrix(GraphCompiler.operatorBuffers(true), operator.adjoint());
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** Bytes the buffers of {@code graph} take when trained through {@code operator}. */
    public static long bytesNeeded(LayerGraph graph, int gridAxisLength, MeasurementOperator operator) {
        return GraphCompiler.compile(graph, operator.points(), AdamSettings.withLearningRate(1e-3), gridAxisLength,
                operator).bytes();
    }

    private void writeMatrix(String[] names, SparseMatrix matrix) {
        program.write(names[0], matrix.rowStartAsFloats());
        program.write(names[1], matrix.columnIndexAsFloats());
        program.write(names[2], matrix.values());
    }

    /** Bytes the buffers of {@code graph} take for batches of {@code maxRows} points. */
    public static long bytesNeeded(LayerGraph graph, int maxRows, int gridAxisLength) {
        return GraphCompiler.compile(graph, maxRows, AdamSettings.withLearningRate(1e-3), gridAxisLength).bytes();
    }

    public LayerGraph graph() {
        return graph;
    }

    public int inFeatures() {
        return graph.inputWidth();
    }

    public int outFeatures() {
        return graph.outputWidth();
    }

    public int maxRows() {
        return maxRows;
    }

    public int gridAxisLength() {
        return gridAxisLength;
    }

    public CompiledProgram program() {
        return program;
    }

    /** Sets the grid's axis values ({@code in x gridAxisLength}), once before training on the grid. */
    public void setGridAxes(float[] axisValues) {
        if (gridAxisLength == 0 || axisValues.length != inFeatures() * gridAxisLength) {
            throw new IllegalArgumentException("network not compiled for a grid of this size");
        }
        program.write(GraphCompiler.AXIS_VALUES, axisValues);
    }

    public void setParameters(Map<String, float[]> values) {
        for (Parameter p : graph.parameters()) {
            float[] data = values.get(p.name());
            if (data == null || data.length != p.size()) {
                throw new IllegalArgumentException("parameter " + p.shape() + " missing or of the wrong size");
            }
            program.write(p.name(), data);
        }
    }

    public Map<String, float[]> parameters() {
        return readAll("");
    }

    /**
     * Adam's moments of every parameter, named {@code adam.m/NAME} and {@code adam.v/NAME}: with the
     * parameters and a {@code TrainingState}, what a stopped run needs to continue.
     */
    public Map<String, float[]> optimizerState() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Parameter p : graph.trainableParameters()) {
            for (String name : new String[] {GraphCompiler.adamFirstMoment(p.name()), GraphCompiler.adamSecondMoment(p.name())}) {
                float[] data = new float[p.size()];
                program.read(name, data, 0, data.length);
                values.put(name, data);
            }
        }
        return values;
    }

    public void setOptimizerState(Map<String, float[]> values) {
        for (Parameter p : graph.trainableParameters()) {
            for (String name : new String[] {GraphCompiler.adamFirstMoment(p.name()), GraphCompiler.adamSecondMoment(p.name())}) {
                float[] data = values.get(name);
                if (data == null || data.length != p.size()) {
                    throw new IllegalArgumentException("optimizer state " + name + " missing or of the wrong size");
                }
                program.write(name, data);
            }
        }
    }

    /** Gradients of the trainable parameters from the last training step or output-gradient run (for tests and analyses). */
    public Map<String, float[]> gradients() {
        return readAll(GraphCompiler.gradient(""), graph.trainableParameters());
    }

    private Map<String, float[]> readAll(String prefix) {
        return readAll(prefix, graph.parameters());
    }

    private Map<String, float[]> readAll(String prefix, java.util.List<Parameter> which) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Parameter p : which) {
            float[] data = new float[p.size()];
            program.read(prefix + p.name(), data, 0, data.length);
            values.put(p.name(), data);
        }
        return values;
    }

    /** One training step on a batch: forward, MSE loss, backward, Adam update. */
    public void trainStep(float[] coords, float[] targets, int rows, StepScalars scalars) {
        program.write(GraphCompiler.COORDS, coords, 0, rows * inFeatures());
        program.write(GraphCompiler.TARGETS, targets, 0, rows * outFeatures());
        program.run(GraphCompiler.TRAIN_STEP, rows, scalars);
    }

    /** A training step whose points are given by their grid indices ({@code rows x in}). */
    public void trainStepOnGrid(float[] indices, float[] targets, int rows, StepScalars scalars) {
        program.write(GraphCompiler.AXIS_INDEX, indices, 0, rows * inFeatures());
        program.write(GraphCompiler.TARGETS, targets, 0, rows * outFeatures());
        program.run(GraphCompiler.TRAIN_STEP, rows, scalars);
    }

    /**
     * For a network trained through an operator: the points every step renders, once before
     * training (coordinates, or grid indices when compiled for a grid; {@code maxRows x in}).
     */
    public void setRenderedPoints(float[] coordsOrIndices) {
        program.write(gridAxisLength > 0 ? GraphCompiler.AXIS_INDEX : GraphCompiler.COORDS, coordsOrIndices);
    }

    /** The observation a network trained through an operator is compared with (measurements x channels). */
    public void setMeasurement(float[] measurement) {
        program.write(GraphCompiler.MEASUREMENT, measurement);
    }

    /** The sum of squared errors of the last step through the operator (before its update), in double. */
    public double lastMeasuredSquaredError(int measurements) {
        return sumOf(GraphCompiler.MEASURED_ROW_ERROR, measurements);
    }

    /** One step through the operator: render every point, measure, MSE, backward, Adam. */
    public void trainStepMeasured(StepScalars scalars) {
        program.run(GraphCompiler.TRAIN_STEP, maxRows, scalars);
    }

    /** The running sum of squared errors of every training step so far (one read). */
    public double squaredErrorSum() {
        float[] sum = new float[1];
        program.read(GraphCompiler.SQUARED_ERROR_SUM, sum, 0, 1);
        return sum[0];
    }

    /** Sum over the last batch of the squared errors (before that step's update), in double. */
    public double lastSquaredError(int rows) {
        return sumOf(GraphCompiler.ROW_SQUARED_ERROR, rows);
    }

    private double sumOf(String buffer, int count) {
        float[] values = new float[count];
        program.read(buffer, values, 0, count);
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }

    /** Predictions of the last training step's forward pass, {@code rows x outFeatures}. */
    public float[] lastPrediction(int rows) {
        float[] values = new float[rows * outFeatures()];
        program.read(GraphCompiler.PREDICTION, values, 0, values.length);
        return values;
    }

    /** Evaluates the network on {@code count} points, in chunks of at most {@code maxRows}. */
    public float[] predict(float[] coords, int count) {
        int in = inFeatures();
        int out = outFeatures();
        float[] result = new float[count * out];
        for (int first = 0; first < count; first += maxRows) {
            int rows = Math.min(maxRows, count - first);
            program.write(GraphCompiler.COORDS, coords, first * in, rows * in);
            program.run(GraphCompiler.FORWARD, rows, StepScalars.NONE);
            program.read(GraphCompiler.PREDICTION, result, first * out, rows * out);
        }
        return result;
    }

    /**
     * The gradient of {@code weights . output} at one point with respect to every parameter (one
     * row; weights one-hot for a single output channel), e.g. for the neural tangent kernel.
     */
    public Map<String, float[]> outputGradient(float[] coords, float[] weights) {
        if (coords.length != inFeatures() || weights.length != outFeatures()) {
            throw new IllegalArgumentException("one point of " + inFeatures() + " coordinates and " + outFeatures()
                    + " output weights expected");
        }
        program.write(GraphCompiler.COORDS, coords);
        program.write(GraphCompiler.PREDICTION_GRADIENT, weights);
        program.run(GraphCompiler.OUTPUT_GRADIENT, 1, StepScalars.NONE);
        return gradients();
    }

    @Override
    public void close() {
        program.close();
    }
}
