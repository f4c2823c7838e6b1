package io.sl2a.nn.model;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.nn.train.AdamSettings;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An SL2A network living on a backend: its compiled program, with parameters and Adam moments in
 * the backend's buffers. The host writes batches, runs steps and reads back only what it asks for.
 */
public final class Sl2aNetwork implements AutoCloseable {
    private final Sl2aConfig config;
    private final CompiledProgram program;
    private final int maxRows;
    private final int gridAxisLength;

    private Sl2aNetwork(Sl2aConfig config, CompiledProgram program, int maxRows, int gridAxisLength) {
        this.config = config;
        this.program = program;
        this.maxRows = maxRows;
        this.gridAxisLength = gridAxisLength;
    }

    /** Compiles the network for batches of at most {@code maxRows} points. */
    public static Sl2aNetwork create(Backend backend, Sl2aConfig config, int maxRows, AdamSettings adam) {
        return create(backend, config, maxRows, adam, 0);
    }

    /**
     * Compiles the network for batches of at most {@code maxRows} points; with
     * {@code gridAxisLength > 0} training steps take grid indices ({@link #trainStepOnGrid}).
     */
    public static Sl2aNetwork create(Backend backend, Sl2aConfig config, int maxRows, AdamSettings adam,
            int gridAxisLength) {
        Program program = Sl2aProgram.build(config, maxRows, adam, gridAxisLength);
        return new Sl2aNetwork(config, backend.compile(program), maxRows, gridAxisLength);
    }

    public int gridAxisLength() {
        return gridAxisLength;
    }

    /** Sets the grid's axis values ({@code in x gridAxisLength}), once before training on the grid. */
    public void setGridAxes(float[] axisValues) {
        if (gridAxisLength == 0 || axisValues.length != config.inFeatures() * gridAxisLength) {
            throw new IllegalArgumentException("network not compiled for a grid of this size");
        }
        program.write(Sl2aProgram.AXIS_VALUES, axisValues);
    }

    /** Bytes the network's buffers take for batches of {@code maxRows} points. */
    public static long bytesNeeded(Sl2aConfig config, int maxRows, int gridAxisLength) {
        return Sl2aProgram.build(config, maxRows, AdamSettings.withLearningRate(1e-3), gridAxisLength).bytes();
    }

    public Sl2aConfig config() {
        return config;
    }

    public int maxRows() {
        return maxRows;
    }

    public CompiledProgram program() {
        return program;
    }

    public void setParameters(Map<String, float[]> values) {
        for (ParameterShape p : Sl2aLayout.parameters(config)) {
            float[] data = values.get(p.name());
            if (data == null || data.length != p.size()) {
                throw new IllegalArgumentException("parameter " + p + " missing or of the wrong size");
            }
            program.write(p.name(), data);
        }
    }

    public Map<String, float[]> parameters() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterShape p : Sl2aLayout.parameters(config)) {
            float[] data = new float[p.size()];
            program.read(p.name(), data, 0, data.length);
            values.put(p.name(), data);
        }
        return values;
    }

    /** Gradients from the last training step (for tests and analyses). */
    public Map<String, float[]> gradients() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterShape p : Sl2aLayout.parameters(config)) {
            float[] data = new float[p.size()];
            program.read(Sl2aProgram.gradient(p.name()), data, 0, data.length);
            values.put(p.name(), data);
        }
        return values;
    }

    /**
     * One training step on a batch: forward, MSE loss, backward, Adam update. Returns nothing; the
     * batch's sum of squared errors is available from {@link #lastSquaredError(int)}.
     */
    public void trainStep(float[] coords, float[] targets, int rows, StepScalars scalars) {
        program.write(Sl2aProgram.COORDS, coords, 0, rows * config.inFeatures());
        program.write(Sl2aProgram.TARGETS, targets, 0, rows * config.outFeatures());
        program.run(Sl2aProgram.TRAIN_STEP, rows, scalars);
    }

    /** A training step whose points are given by their grid indices ({@code rows x in}). */
    public void trainStepOnGrid(float[] indices, float[] targets, int rows, StepScalars scalars) {
        program.write(Sl2aProgram.AXIS_INDEX, indices, 0, rows * config.inFeatures());
        program.write(Sl2aProgram.TARGETS, targets, 0, rows * config.outFeatures());
        program.run(Sl2aProgram.TRAIN_STEP, rows, scalars);
    }

    /** The running sum of squared errors of every training step so far (one read). */
    public double squaredErrorSum() {
        float[] sum = new float[1];
        program.read(Sl2aProgram.SQUARED_ERROR_SUM, sum, 0, 1);
        return sum[0];
    }

    /** Sum over the last batch of the squared errors (before that step's update), in double. */
    public double lastSquaredError(int rows) {
        float[] rowErrors = new float[rows];
        program.read(Sl2aProgram.ROW_SQUARED_ERROR, rowErrors, 0, rows);
        double sum = 0;
        for (float value : rowErrors) {
            sum += value;
        }
        return sum;
    }

    /** Predictions of the last training step's forward pass, {@code rows x outFeatures}. */
    public float[] lastPrediction(int rows) {
        float[] values = new float[rows * config.outFeatures()];
        program.read(Sl2aProgram.PREDICTION, values, 0, values.length);
        return values;
    }

    /** Evaluates the network on {@code count} points, in chunks of at most {@code maxRows}. */
    public float[] predict(float[] coords, int count) {
        int in = config.inFeatures();
        int out = config.outFeatures();
        float[] result = new float[count * out];
        for (int first = 0; first < count; first += maxRows) {
            int rows = Math.min(maxRows, count - first);
            program.write(Sl2aProgram.COORDS, coords, first * in, rows * in);
            program.run(Sl2aProgram.FORWARD, rows, StepScalars.NONE);
            program.read(Sl2aProgram.PREDICTION, result, first * out, rows * out);
        }
        return result;
    }

    @Override
    public void close() {
        program.close();
    }
}
