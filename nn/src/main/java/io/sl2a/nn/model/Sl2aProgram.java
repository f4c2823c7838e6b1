package io.sl2a.nn.model;

import io.sl2a.nn.train.AdamSettings;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an SL2A network into a program with two routines.
 *
 * <pre>
 * forward:     coords -> ChebyshevForward -> a -> LayerNorm -> x
 *              y_0 = x;  z_l = x * y_(l-1) (or y_(l-1) without modulation)
 *              low-rank: h_l = z_l L_l;  y_l = act(h_l R_l + b_l)      dense: y_l = act(z_l W_l^T + b_l)
 *              z_out = x * y_L (or y_L);  pred = z_out W_out^T + b_out
 * train_step:  forward, MSE loss (dPred, per-row squared errors and their running sum), the backward in reverse
 *              order (every parameter gradient overwritten, no zeroing needed), one Adam update
 *              per parameter.
 * </pre>
 *
 * With a grid ({@code gridAxisLength > 0}), train_step computes the LA block's expansion through
 * per-axis tables (see {@code io.sl2a.kernels.GridKernels}): the host writes the axis values once
 * ({@link #AXIS_VALUES}) and, per batch, each point's axis indices ({@link #AXIS_INDEX}) instead of
 * its coordinates. The forward routine always takes coordinates, so any point can be evaluated.
 *
 * <p>Parameter buffers carry their state_dict names; gradients are {@code grad/NAME}, Adam moments
 * {@code adam.m/NAME} and {@code adam.v/NAME}. The host writes {@link #COORDS} and
 * {@link #TARGETS}, and reads {@link #PREDICTION} and {@link #ROW_SQUARED_ERROR}.
 */
public final class Sl2aProgram {
    public static final String FORWARD = "forward";
    public static final String TRAIN_STEP = "train_step";
    public static final String COORDS = "input.coords";
    public static final String TARGETS = "input.targets";
    public static final String PREDICTION = "output.prediction";
    public static final String ROW_SQUARED_ERROR = "output.row_squared_error";
    /** Running sum of squared errors over every training step (one float, starts at zero). */
    public static final String SQUARED_ERROR_SUM = "output.squared_error_sum";
    public static final String AXIS_VALUES = "input.axis_values";
    public static final String AXIS_INDEX = "input.axis_index";
    private static final float LAYER_NORM_EPS = 1e-5f;

    private final Sl2aConfig c;
    private final int gridAxisLength;
    private final Program.Builder builder;
    private final List<Op> forward = new ArrayList<>();
    private final List<Op> backward = new ArrayList<>();

    private Sl2aProgram(Sl2aConfig config, int maxRows, int gridAxisLength) {
        this.c = config;
        this.gridAxisLength = gridAxisLength;
        this.builder = Program.builder(maxRows);
    }

    public static String gradient(String parameter) {
        return "grad/" + parameter;
    }

    public static Program build(Sl2aConfig config, int maxRows, AdamSettings adam) {
        return build(config, maxRows, adam, 0);
    }

    /** A program whose train_step reads grid indices along axes of at most {@code gridAxisLength} values. */
    public static Program build(Sl2aConfig config, int maxRows, AdamSettings adam, int gridAxisLength) {
        if (gridAxisLength < 0) {
            throw new IllegalArgumentException("grid axis length must not be negative: " + gridAxisLength);
        }
        return new Sl2aProgram(config, maxRows, gridAxisLength).assemble(adam);
    }

    private boolean grid() {
        return gridAxisLength > 0;
    }

    private void perRow(String name, BufferRole role, int width) {
        builder.buffer(BufferSpec.perRow(name, role, width));
    }

    private static String y(int layer) {
        return layer == 0 ? "act.x" : "act.y" + layer;
    }

    /** Input of layer l (1-based; L+1 is the output layer). */
    private String z(int layer) {
        return c.modulation() ? "act.z" + layer : y(layer - 1);
    }

    private Program assemble(AdamSettings adam) {
        int w = c.width();
        for (ParameterShape p : Sl2aLayout.parameters(c)) {
            builder.buffer(BufferSpec.fixed(p.name(), BufferRole.PARAMETER, p.size()));
            builder.buffer(BufferSpec.fixed(gradient(p.name()), BufferRole.GRADIENT, p.size()));
            builder.buffer(BufferSpec.fixed("adam.m/" + p.name(), BufferRole.OPTIMIZER_STATE, p.size()));
            builder.buffer(BufferSpec.fixed("adam.v/" + p.name(), BufferRole.OPTIMIZER_STATE, p.size()));
        }
        perRow(COORDS, BufferRole.INPUT, c.inFeatures());
        perRow(TARGETS, BufferRole.INPUT, c.outFeatures());
        perRow(PREDICTION, BufferRole.OUTPUT, c.outFeatures());
        perRow(ROW_SQUARED_ERROR, BufferRole.OUTPUT, 1);
        builder.buffer(BufferSpec.fixed(SQUARED_ERROR_SUM, BufferRole.OUTPUT, 1));
        perRow("act.a", BufferRole.ACTIVATION, w);
        perRow("act.x", BufferRole.ACTIVATION, w);
        perRow("act.mean", BufferRole.ACTIVATION, 1);
        perRow("act.rstd", BufferRole.ACTIVATION, 1);
        for (int layer = 1; layer <= c.hiddenLayers(); layer++) {
            perRow(y(layer), BufferRole.ACTIVATION, w);
            if (!c.fullRank()) {
                perRow("act.h" + layer, BufferRole.ACTIVATION, c.rank());
            }
        }
        if (c.modulation()) {
            for (int layer = 1; layer <= c.hiddenLayers() + 1; layer++) {
                perRow(z(layer), BufferRole.ACTIVATION, w);
            }
        }
        if (grid()) {
            int tableSize = Math.multiplyExact(c.inFeatures() * gridAxisLength, w);
            builder.buffer(BufferSpec.fixed(AXIS_VALUES, BufferRole.INPUT, c.inFeatures() * gridAxisLength));
            perRow(AXIS_INDEX, BufferRole.INPUT, c.inFeatures());
            builder.buffer(BufferSpec.fixed("act.axis_table", BufferRole.ACTIVATION, tableSize));
            builder.buffer(BufferSpec.fixed("grad.axis_table", BufferRole.ACTIVATION, tableSize));
        }
        perRow("grad.prediction", BufferRole.ACTIVATION, c.outFeatures());
        perRow("grad.x", BufferRole.ACTIVATION, w);
        perRow("grad.a", BufferRole.ACTIVATION, w);
        perRow("grad.y", BufferRole.ACTIVATION, w);
        perRow("grad.z", BufferRole.ACTIVATION, w);
        if (!c.fullRank()) {
            perRow("grad.h", BufferRole.ACTIVATION, c.rank());
        }

        buildForward(false);
        List<Op> evaluation = List.copyOf(forward);
        forward.clear();
        buildForward(grid());
        buildBackward();
        List<Op> step = new ArrayList<>(forward);
        step.add(new Op.MseLoss(PREDICTION, TARGETS, "grad.prediction", ROW_SQUARED_ERROR, c.outFeatures()));
        step.add(new Op.AccumulateSum(ROW_SQUARED_ERROR, SQUARED_ERROR_SUM));
        step.addAll(backward);
        for (ParameterShape p : Sl2aLayout.parameters(c)) {
            step.add(Op.AdamUpdate.of(p.name(), gradient(p.name()), "adam.m/" + p.name(), "adam.v/" + p.name(),
                    adam.beta1(), adam.beta2(), adam.eps()));
        }
        builder.routine(FORWARD, evaluation);
        builder.routine(TRAIN_STEP, step);
        return builder.build();
    }

    private void buildForward(boolean onGrid) {
        int w = c.width();
        Extent rows = Extent.rows();
        if (onGrid) {
            forward.add(new Op.ChebyshevAxisTable(AXIS_VALUES, Sl2aLayout.COEFFICIENTS, "act.axis_table", c.inFeatures(), w,
                    c.degree(), gridAxisLength));
            forward.add(new Op.GatherSum("act.axis_table", AXIS_INDEX, "act.a", c.inFeatures(), w, gridAxisLength));
        } else {
            forward.add(new Op.ChebyshevForward(COORDS, Sl2aLayout.COEFFICIENTS, "act.a", c.inFeatures(), w, c.degree()));
        }
        forward.add(new Op.LayerNormForward("act.a", Sl2aLayout.NORM_WEIGHT, Sl2aLayout.NORM_BIAS, "act.x", "act.mean",
                "act.rstd", w, LAYER_NORM_EPS));
        if (c.modulation()) {
            // z_1 = x * y_0 = x * x; later inputs are made by the previous layer's bias step.
            forward.add(new Op.Multiply("act.x", "act.x", z(1), w, false));
        }
        for (int layer = 1; layer <= c.hiddenLayers(); layer++) {
            if (c.fullRank()) {
                forward.add(new Op.MatMul(z(layer), false, Sl2aLayout.denseWeight(layer), true, y(layer), rows, Extent.of(w),
                        Extent.of(w), false));
            } else {
                String h = "act.h" + layer;
                forward.add(new Op.MatMul(z(layer), false, Sl2aLayout.weightLeft(layer), false, h, rows,
                        Extent.of(c.rank()), Extent.of(w), false));
                forward.add(new Op.MatMul(h, false, Sl2aLayout.weightRight(layer), false, y(layer), rows, Extent.of(w),
                        Extent.of(c.rank()), false));
            }
            String bias = Sl2aLayout.hiddenBias(layer, c.fullRank());
            if (c.modulation()) {
                // The next layer's input x * y_l comes out of the same pass.
                forward.add(new Op.BiasActivationModulate(y(layer), bias, "act.x", z(layer + 1), w, c.relu()));
            } else {
                forward.add(new Op.BiasActivation(y(layer), bias, w, c.relu()));
            }
        }
        int outputLayer = c.hiddenLayers() + 1;
        forward.add(new Op.MatMul(z(outputLayer), false, Sl2aLayout.outputWeight(c), true, PREDICTION, rows,
                Extent.of(c.outFeatures()), Extent.of(w), false));
        forward.add(new Op.BiasActivation(PREDICTION, Sl2aLayout.outputBias(c), c.outFeatures(), false));
    }

    private void buildBackward() {
        int w = c.width();
        Extent rows = Extent.rows();
        int outputLayer = c.hiddenLayers() + 1;
        String outputWeight = Sl2aLayout.outputWeight(c);
        // Output layer: dW_out = dPred^T z_out, db_out = sum dPred, dz_out = dPred W_out.
        backward.add(new Op.MatMul("grad.prediction", true, z(outputLayer), false, gradient(outputWeight),
                Extent.of(c.outFeatures()), Extent.of(w), rows, false));
        backward.add(new Op.BiasGrad("grad.prediction", gradient(Sl2aLayout.outputBias(c)), c.outFeatures()));
        backward.add(new Op.MatMul("grad.prediction", false, outputWeight, false, "grad.z", rows, Extent.of(w),
                Extent.of(c.outFeatures()), false));
        // grad.x is first written (not accumulated) by the output layer's modulation, or, without
        // modulation, by the first hidden layer's input gradient.
        boolean xWritten = false;
        for (int layer = outputLayer; layer >= 1; layer--) {
            if (layer < outputLayer) {
                hiddenBackward(layer);
            }
            // grad.z holds dL/dz_layer; split it over x and y_(layer-1).
            if (c.modulation()) {
                if (layer == 1) {
                    // z_1 = x * x: both shares go to grad.x.
                    backward.add(new Op.Multiply("grad.z", "act.x", "grad.x", w, xWritten));
                    backward.add(new Op.Multiply("grad.z", "act.x", "grad.x", w, true));
                } else {
                    backward.add(new Op.ModulationBackward("grad.z", "act.x", y(layer - 1), "grad.x", "grad.y", w, xWritten));
                }
                xWritten = true;
            } else if (layer == 1) {
                backward.add(new Op.Copy("grad.z", "grad.x", w));
            } else {
                backward.add(new Op.Copy("grad.z", "grad.y", w));
            }
        }
        backward.add(new Op.LayerNormBackward("grad.x", "act.a", Sl2aLayout.NORM_WEIGHT, "act.mean", "act.rstd", "grad.a",
                gradient(Sl2aLayout.NORM_WEIGHT), gradient(Sl2aLayout.NORM_BIAS), w));
        if (grid()) {
            backward.add(new Op.ScatterSum("grad.a", AXIS_INDEX, "grad.axis_table", c.inFeatures(), w, gridAxisLength));
            backward.add(new Op.ChebyshevAxisCoeffGrad(AXIS_VALUES, "grad.axis_table", gradient(Sl2aLayout.COEFFICIENTS),
                    c.inFeatures(), w, c.degree(), gridAxisLength));
        } else {
            backward.add(new Op.ChebyshevCoeffGrad(COORDS, "grad.a", gradient(Sl2aLayout.COEFFICIENTS), c.inFeatures(), w,
                    c.degree()));
        }
    }

    /** grad.y holds dL/dy_layer on entry; grad.z holds dL/dz_layer on exit. */
    private void hiddenBackward(int layer) {
        int w = c.width();
        Extent rows = Extent.rows();
        if (c.relu()) {
            backward.add(new Op.ReluBackward(y(layer), "grad.y", "grad.y", w));
        }
        backward.add(new Op.BiasGrad("grad.y", gradient(Sl2aLayout.hiddenBias(layer, c.fullRank())), w));
        if (c.fullRank()) {
            String weight = Sl2aLayout.denseWeight(layer);
            backward.add(new Op.MatMul("grad.y", true, z(layer), false, gradient(weight), Extent.of(w), Extent.of(w), rows,
                    false));
            backward.add(new Op.MatMul("grad.y", false, weight, false, "grad.z", rows, Extent.of(w), Extent.of(w), false));
        } else {
            String left = Sl2aLayout.weightLeft(layer);
            String right = Sl2aLayout.weightRight(layer);
            String h = "act.h" + layer;
            backward.add(new Op.MatMul(h, true, "grad.y", false, gradient(right), Extent.of(c.rank()), Extent.of(w), rows,
                    false));
            backward.add(new Op.MatMul("grad.y", false, right, true, "grad.h", rows, Extent.of(c.rank()), Extent.of(w),
                    false));
            backward.add(new Op.MatMul(z(layer), true, "grad.h", false, gradient(left), Extent.of(w), Extent.of(c.rank()),
                    rows, false));
            backward.add(new Op.MatMul("grad.h", false, left, true, "grad.z", rows, Extent.of(w), Extent.of(c.rank()),
                    false));
        }
    }
}
