package io.sl2a.nn.graph;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any layer graph living on a backend, compiled with its {@link Objective}: its program, with
 * parameters and Adam moments in the backend's buffers. The host writes batches, runs steps and
 * reads back only what it asks for; what only one objective has (a measurement, rays) the host
 * writes and reads through that objective's helpers.
 */
public final class DeviceNetwork implements AutoCloseable {
    private final LayerGraph graph;
    private final CompiledProgram program;
    private final int maxRows;
    private final int gridAxisLength;

    private DeviceNetwork(LayerGraph graph, CompiledProgram program, int maxRows, int gridAxisLength) {
        this.graph = graph;
        this.program = program;
        this.maxRows = maxRows;
        this.gridAxisLength = gridAxisLength;
    }

    /** {@link #create(Backend, LayerGraph, int, AdamSettings, int, Objective)} with the {@link PointMse} objective. */
    public static DeviceNetwork create(Backend backend, LayerGraph graph, int maxRows, AdamSettings adam,
            int gridAxisLength) {
        return create(backend, graph, maxRows, adam, gridAxisLength, new PointMse());
    }

    /**
     * Compiles {@code graph}, trained on {@code objective}, for batches of at most {@code maxRows}
     * points; with {@code gridAxisLength > 0} training steps take grid indices ({@link #trainStepOnGrid}).
     * The graph's constants and the objective's (an operator's matrices) are uploaded here.
     */
    public static DeviceNetwork create(Backend backend, LayerGraph graph, int maxRows, AdamSettings adam,
            int gridAxisLength,
            Objective objective) {
        Program program = GraphCompiler.compile(graph, maxRows, adam, gridAxisLength, objective);
        DeviceNetwork network = new DeviceNetwork(graph, backend.compile(program), maxRows, gridAxisLength);
        try {
            for (Map.Entry<String, float[]> constant : graph.constants().entrySet()) {
                network.program.write(constant.getKey(), constant.getValue());
            }
            objective.writeConstants(network.program);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** Bytes the buffers of {@code graph} take for batches of {@code maxRows} points. */
    public static long bytesNeeded(LayerGraph graph, int maxRows, int gridAxisLength) {
        return bytesNeeded(graph, maxRows, gridAxisLength, new PointMse());
    }

    /** Bytes the buffers of {@code graph} take for batches of {@code maxRows} points, trained on {@code objective}. */
    public static long bytesNeeded(LayerGraph graph, int maxRows, int gridAxisLength, Objective objective) {
        return GraphCompiler.compile(graph, maxRows, AdamSettings.PYTORCH, gridAxisLength, objective)
                .bytes();
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
            for (String name : new String[] {GraphCompiler.adamFirstMoment(p.name()),
                    GraphCompiler.adamSecondMoment(p.name())}) {
                float[] data = new float[p.size()];
                program.read(name, data, 0, data.length);
                values.put(name, data);
            }
        }
        return values;
    }

    public void setOptimizerState(Map<String, float[]> values) {
        for (Parameter p : graph.trainableParameters()) {
            for (String name : new String[] {GraphCompiler.adamFirstMoment(p.name()),
                    GraphCompiler.adamSecondMoment(p.name())}) {
                float[] data = values.get(name);
                if (data == null || data.length != p.size()) {
                    throw new IllegalArgumentException("optimizer state " + name + " missing or of the wrong size");
                }
                program.write(name, data);
            }
        }
    }

    /**
     * Gradients of the trainable parameters from the last training step or output-gradient run (for tests and
     * analyses).
     */
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

    /** One training step on a batch of points and their targets ({@link PointMse}): forward, MSE, backward, Adam. */
    public void trainStep(float[] coords, float[] targets, int rows, StepScalars scalars) {
        program.write(GraphCompiler.COORDS, coords, 0, rows * inFeatures());
        program.write(PointMse.TARGETS, targets, 0, rows * outFeatures());
        program.run(GraphCompiler.TRAIN_STEP, rows, scalars);
    }

    /** A training step whose points are given by their grid indices ({@code rows x in}). */
    public void trainStepOnGrid(float[] indices, float[] targets, int rows, StepScalars scalars) {
        program.write(GraphCompiler.AXIS_INDEX, indices, 0, rows * inFeatures());
        program.write(PointMse.TARGETS, targets, 0, rows * outFeatures());
        program.run(GraphCompiler.TRAIN_STEP, rows, scalars);
    }

    /**
     * For an objective whose every step trains on the same {@code maxRows} points (the whole signal,
     * as {@code MeasuredMse}'s): those points, once before training (coordinates, or grid indices
     * when compiled for a grid; {@code maxRows x in}).
     */
    public void setFullBatch(float[] coordsOrIndices) {
        program.write(gridAxisLength > 0 ? GraphCompiler.AXIS_INDEX : GraphCompiler.COORDS, coordsOrIndices);
    }

    /**
     * One training step on all the points {@link #setFullBatch} wrote: forward, the objective's loss, backward, Adam.
     */
    public void trainStepFullBatch(StepScalars scalars) {
        program.run(GraphCompiler.TRAIN_STEP, maxRows, scalars);
    }

    /** The running sum of squared errors of every training step so far (one read). */
    public double squaredErrorSum() {
        float[] sum = new float[1];
        program.read(PointMse.SQUARED_ERROR_SUM, sum, 0, 1);
        return sum[0];
    }

    /** Sum over the last batch of the squared errors (before that step's update), in double. */
    public double lastSquaredError(int rows) {
        return sum(PointMse.ROW_SQUARED_ERROR, rows);
    }

    /** The sum, in double, of the first {@code count} values of a buffer (an objective's per-row errors). */
    public double sum(String buffer, int count) {
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
