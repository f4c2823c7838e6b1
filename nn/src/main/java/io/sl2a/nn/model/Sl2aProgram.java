package io.sl2a.nn.model;

import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.train.AdamSettings;
import io.sl2a.program.Program;

/**
 * SL2A's training program: {@link Sl2aModel}'s layer graph compiled by {@link GraphCompiler},
 * whose buffer and routine names it repeats for the code that drives the program.
 */
public final class Sl2aProgram {
    public static final String FORWARD = GraphCompiler.FORWARD;
    public static final String TRAIN_STEP = GraphCompiler.TRAIN_STEP;
    public static final String OUTPUT_GRADIENT = GraphCompiler.OUTPUT_GRADIENT;
    public static final String COORDS = GraphCompiler.COORDS;
    public static final String TARGETS = GraphCompiler.TARGETS;
    public static final String PREDICTION = GraphCompiler.PREDICTION;
    public static final String PREDICTION_GRADIENT = GraphCompiler.PREDICTION_GRADIENT;
    public static final String ROW_SQUARED_ERROR = GraphCompiler.ROW_SQUARED_ERROR;
    public static final String SQUARED_ERROR_SUM = GraphCompiler.SQUARED_ERROR_SUM;
    public static final String AXIS_VALUES = GraphCompiler.AXIS_VALUES;
    public static final String AXIS_INDEX = GraphCompiler.AXIS_INDEX;

    private Sl2aProgram() {
    }

    public static String gradient(String parameter) {
        return GraphCompiler.gradient(parameter);
    }

    public static Program build(Sl2aConfig config, int maxRows, AdamSettings adam) {
        return build(config, maxRows, adam, 0);
    }

    /** A program whose train_step reads grid indices along axes of at most {@code gridAxisLength} values. */
    public static Program build(Sl2aConfig config, int maxRows, AdamSettings adam, int gridAxisLength) {
        return GraphCompiler.compile(Sl2aModel.graph(config), maxRows, adam, gridAxisLength);
    }
}
