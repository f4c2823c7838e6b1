package io.sl2a.nn.graph;

import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.operators.SparseMatrix;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link LayerGraph} into a {@link Program} whose routines every backend runs:
 * <pre>
 * forward          the layers in order on coordinates (input.coords -> output.prediction)
 * train_step       forward (on grid indices when compiled for a grid), MSE loss (grad.prediction,
 *                  per-row squared errors and their running sum), every layer's backward in reverse
 *                  order, one Adam update per parameter
 * output_gradient  forward on coordinates, then the backward from a grad.prediction the host wrote
 *                  (e.g. one-hot): every parameter's gradient of that output, nothing updated
 * </pre>
 * Compiled with a {@link MeasurementOperator}, train_step renders every point (the batch is the
 * whole signal, in the operator's column order), measures the rendering ({@link #MEASURED}), and
 * takes the loss against the measurement the host wrote once ({@link #MEASUREMENT}); the loss
 * gradient reaches the prediction through the operator's adjoint, and the backward is unchanged.
 * Gradients of activations are summed where an activation fans out (its first reader in the
 * backward writes, the others accumulate), and their buffers are reused once the producing layer
 * has consumed them. One peephole fusion: a bias-and-activation pass followed by an elementwise
 * product with its result becomes one pass ({@link Op.BiasActivationModulate}).
 *
 * <p>Buffers: parameters carry their state_dict names, gradients {@code grad/NAME}, Adam moments
 * {@code adam.m/NAME} and {@code adam.v/NAME}; a layer application's output is {@code act.<id>}
 * (the last one's {@link #PREDICTION}).
 */
public final class GraphCompiler {
    public static final String FORWARD = "forward";
    public static final String TRAIN_STEP = "train_step";
    public static final String OUTPUT_GRADIENT = "output_gradient";
    public static final String COORDS = LayerGraph.INPUT;
    public static final String TARGETS = "input.targets";
    public static final String PREDICTION = "output.prediction";
    /** The loss gradient (train_step), or what the host writes before output_gradient. */
    public static final String PREDICTION_GRADIENT = "grad.prediction";
    public static final String ROW_SQUARED_ERROR = "output.row_squared_error";
    /** Running sum of squared errors over every training step (one float, starts at zero). */
    public static final String SQUARED_ERROR_SUM = "output.squared_error_sum";
    public static final String AXIS_VALUES = "input.axis_values";
    public static final String AXIS_INDEX = "input.axis_index";
    /** The observation a measurement operator is trained against (fixed: measurements x channels). */
    public static final String MEASUREMENT = "input.measurement";
    /** The operator applied to train_step's rendering. */
    public static final String MEASURED = "output.measured";
    private static final String MEASURED_GRADIENT = "grad.measured";
    /** Per measurement, its squared error in the last train_step (summed over channels). */
    public static final String MEASURED_ROW_ERROR = "output.measured_row_squared_error";
    /** Volume rendering's per-sample inputs: the sample's distance along its ray and its interval. */
    public static final String SAMPLE_T = "input.sample_t";
    public static final String SAMPLE_DELTA = "input.sample_delta";
    /** The pixels the rendered rays are compared with ({@code rays x 3}). */
    public static final String RAY_TARGETS = "input.ray_targets";
    public static final String RAY_RGB = "output.ray_rgb";
    public static final String RAY_OPACITY = "output.ray_opacity";
    public static final String RAY_DEPTH = "output.ray_depth";
    /** Per ray, its squared error in the last train_step (summed over channels). */
    public static final String RAY_ERROR = "output.ray_squared_error";
    private static final String RAY_RGB_GRADIENT = "grad.ray_rgb";
    /** Forward, then volume rendering of the samples' rays (with volume rendering only). */
    public static final String RENDER = "render";
    private static final String OPERATOR = "operator.";
    private static final String ADJOINT = "operator.adjoint.";

    private final List<LayerGraph.Node> nodes;
    private final LayerGraph graph;
    private final int gridAxisLength;
    private final Program.Builder builder;
    private final Map<String, BufferSpec> declared = new HashMap<>();
    private final MeasurementOperator operator;
    private final VolumeRendering rendering;

    private GraphCompiler(LayerGraph graph, int maxRows, int gridAxisLength, MeasurementOperator operator,
            VolumeRendering rendering) {
        this.graph = graph;
        this.gridAxisLength = gridAxisLength;
        this.operator = operator;
        this.rendering = rendering;
        this.builder = Program.builder(maxRows);
        // The last layer writes the prediction.
        String last = graph.nodes().get(graph.nodes().size() - 1).output();
        List<LayerGraph.Node> renamed = new ArrayList<>();
        for (LayerGraph.Node node : graph.nodes()) {
            List<String> inputs = node.inputs().stream().map(name -> name.equals(last) ? PREDICTION : name).toList();
            renamed.add(new LayerGraph.Node(node.id(), node.layer(), inputs, node.output().equals(last) ? PREDICTION
                    : node.output()));
        }
        this.nodes = renamed;
    }

    public static String gradient(String parameter) {
        return "grad/" + parameter;
    }

    /** Adam's first moment of a parameter. */
    public static String adamFirstMoment(String parameter) {
        return "adam.m/" + parameter;
    }

    /** Adam's second moment of a parameter. */
    public static String adamSecondMoment(String parameter) {
        return "adam.v/" + parameter;
    }

    /**
     * Compiles {@code graph} for batches of at most {@code maxRows} rows; with
     * {@code gridAxisLength > 0} train_step takes grid indices (see {@link Emission#gridIndices}).
     */
    public static Program compile(LayerGraph graph, int maxRows, AdamSettings adam, int gridAxisLength) {
        return compile(graph, maxRows, adam, gridAxisLength, null);
    }

    /**
     * As {@link #compile(LayerGraph, int, AdamSettings, int)}, with train_step's loss taken after
     * {@code operator} (null: on the prediction itself); then {@code maxRows} is the operator's
     * point count, and every step runs on all of them.
     */
    public static Program compile(LayerGraph graph, int maxRows, AdamSettings adam, int gridAxisLength,
            MeasurementOperator operator) {
        if (operator != null && operator.points() != maxRows) {
            throw new IllegalArgumentException("the operator " + operator.name() + " measures " + operator.points()
                    + " points, the program renders " + maxRows);
        }
        if (gridAxisLength < 0) {
            throw new IllegalArgumentException("grid axis length must not be negative: " + gridAxisLength);
        }
        if (gridAxisLength > 0 && !graph.acceptsGridInput()) {
            throw new IllegalArgumentException("this network's first layers need coordinates, not grid indices");
        }
        return new GraphCompiler(graph, maxRows, gridAxisLength, operator, null).assemble(adam);
    }

    /**
     * A field network trained through volume rendering: every train_step renders
     * {@code rendering.rays()} rays of {@code rendering.samples()} samples (the network's rows, on
     * coordinates), takes the MSE against {@link #RAY_TARGETS}, and brings its gradient back to the
     * samples through the rendering's backward; a {@link #RENDER} routine renders rays for views.
     */
    public static Program compile(LayerGraph graph, AdamSettings adam, VolumeRendering rendering) {
        if (graph.outputWidth() != 4) {
            throw new IllegalArgumentException("a field for volume rendering gives a density and a colour (4 values), not "
                    + graph.outputWidth());
        }
        return new GraphCompiler(graph, rendering.rows(), 0, null, rendering).assemble(adam);
    }

    int gridAxisLength() {
        return gridAxisLength;
    }

    String declarePerRow(String name, int rowWidth) {
        return declare(BufferSpec.perRow(name, BufferRole.ACTIVATION, rowWidth));
    }

    String declareFixed(String name, int size) {
        return declare(BufferSpec.fixed(name, BufferRole.ACTIVATION, size));
    }

    private String declare(BufferSpec spec) {
        BufferSpec existing = declared.get(spec.name());
        if (existing == null) {
            declared.put(spec.name(), spec);
            builder.buffer(spec);
        } else if (!existing.equals(spec)) {
            throw new IllegalStateException("buffer " + spec.name() + " declared as " + existing + " and as " + spec);
        }
        return spec.name();
    }

    private Program assemble(AdamSettings adam) {
        for (Parameter p : graph.parameters()) {
            declare(BufferSpec.fixed(p.name(), BufferRole.PARAMETER, p.size()));
        }
        for (Parameter p : graph.trainableParameters()) {
            declare(BufferSpec.fixed(gradient(p.name()), BufferRole.GRADIENT, p.size()));
            declare(BufferSpec.fixed(adamFirstMoment(p.name()), BufferRole.OPTIMIZER_STATE, p.size()));
            declare(BufferSpec.fixed(adamSecondMoment(p.name()), BufferRole.OPTIMIZER_STATE, p.size()));
        }
        int in = graph.inputWidth();
        int out = graph.outputWidth();
        declare(BufferSpec.perRow(COORDS, BufferRole.INPUT, in));
        declare(BufferSpec.perRow(TARGETS, BufferRole.INPUT, out));
        declare(BufferSpec.perRow(PREDICTION, BufferRole.OUTPUT, out));
        declare(BufferSpec.perRow(ROW_SQUARED_ERROR, BufferRole.OUTPUT, 1));
        declare(BufferSpec.fixed(SQUARED_ERROR_SUM, BufferRole.OUTPUT, 1));
        declarePerRow(PREDICTION_GRADIENT, out);
        if (gridAxisLength > 0) {
            declare(BufferSpec.fixed(AXIS_VALUES, BufferRole.INPUT, Math.multiplyExact(in, gridAxisLength)));
            declare(BufferSpec.perRow(AXIS_INDEX, BufferRole.INPUT, in));
        }
        for (Map.Entry<String, Integer> input : graph.rowInputs().entrySet()) {
            declare(BufferSpec.perRow(input.getKey(), BufferRole.INPUT, input.getValue()));
        }
        for (Map.Entry<String, float[]> constant : graph.constants().entrySet()) {
            declare(BufferSpec.fixed(constant.getKey(), BufferRole.CONSTANT, constant.getValue().length));
        }
        for (LayerGraph.Node node : nodes) {
            if (node.layer().fixedSize()) {
                declareFixed(node.output(), node.layer().outputWidth());
            } else if (!node.output().equals(PREDICTION)) {
                declarePerRow(node.output(), node.layer().outputWidth());
            }
        }

        List<Op> evaluation = forward(false, false);
        List<Op> step = new ArrayList<>(forward(gridAxisLength > 0, true));
        if (rendering != null) {
            step.addAll(renderedLoss());
        } else if (operator == null) {
            step.add(new Op.MseLoss(PREDICTION, TARGETS, PREDICTION_GRADIENT, ROW_SQUARED_ERROR, out));
            step.add(new Op.AccumulateSum(ROW_SQUARED_ERROR, SQUARED_ERROR_SUM));
        } else {
            step.addAll(measuredLoss(out));
        }
        step.addAll(backward(gridAxisLength > 0, true));
        for (Parameter p : graph.trainableParameters()) {
            step.add(Op.AdamUpdate.of(p.name(), gradient(p.name()), adamFirstMoment(p.name()), adamSecondMoment(p.name()),
                    adam.beta1(), adam.beta2(), adam.eps()));
        }
        List<Op> outputGradient = new ArrayList<>(evaluation);
        outputGradient.addAll(backward(false, false));
        builder.routine(FORWARD, evaluation);
        if (rendering != null) {
            List<Op> render = new ArrayList<>(evaluation);
            render.add(volumeRender());
            builder.routine(RENDER, render);
        }
        builder.routine(TRAIN_STEP, step);
        builder.routine(OUTPUT_GRADIENT, outputGradient);
        return builder.build();
    }

    private Op volumeRender() {
        return new Op.VolumeRender(PREDICTION, SAMPLE_T, SAMPLE_DELTA, RAY_RGB, RAY_OPACITY, RAY_DEPTH, rendering.samples(),
                rendering.background());
    }

    /** Render the rays, MSE against their pixels, and the loss gradient back to the samples. */
    private List<Op> renderedLoss() {
        int rays = rendering.rays();
        declare(BufferSpec.perRow(SAMPLE_T, BufferRole.INPUT, 1));
        declare(BufferSpec.perRow(SAMPLE_DELTA, BufferRole.INPUT, 1));
        declare(BufferSpec.fixed(RAY_TARGETS, BufferRole.INPUT, rays * 3));
        declare(BufferSpec.fixed(RAY_RGB, BufferRole.OUTPUT, rays * 3));
        declare(BufferSpec.fixed(RAY_OPACITY, BufferRole.OUTPUT, rays));
        declare(BufferSpec.fixed(RAY_DEPTH, BufferRole.OUTPUT, rays));
        declare(BufferSpec.fixed(RAY_ERROR, BufferRole.OUTPUT, rays));
        declareFixed(RAY_RGB_GRADIENT, rays * 3);
        return List.of(volumeRender(),
                new Op.MseLoss(RAY_RGB, RAY_TARGETS, RAY_RGB_GRADIENT, RAY_ERROR, Extent.of(rays), 3),
                new Op.VolumeRenderBackward(PREDICTION, SAMPLE_DELTA, RAY_RGB, RAY_OPACITY, RAY_RGB_GRADIENT,
                        PREDICTION_GRADIENT, rendering.samples(), rendering.background()));
    }

    /** Buffer names of an operator's CSR arrays (row starts, columns, values), or of its adjoint's. */
    public static String[] operatorBuffers(boolean adjoint) {
        String prefix = adjoint ? ADJOINT : OPERATOR;
        return new String[] {prefix + "row_start", prefix + "columns", prefix + "values"};
    }

    /** Measure the prediction, MSE against the measurement, and the loss gradient back through the adjoint. */
    private List<Op> measuredLoss(int channels) {
        int measurements = operator.measurements();
        String[] forwardBuffers = declareOperator(operatorBuffers(false), operator.matrix());
        String[] adjointBuffers = declareOperator(operatorBuffers(true), operator.adjoint());
        declare(BufferSpec.fixed(MEASUREMENT, BufferRole.INPUT, measurements * channels));
        declare(BufferSpec.fixed(MEASURED, BufferRole.OUTPUT, measurements * channels));
        declareFixed(MEASURED_GRADIENT, measurements * channels);
        declare(BufferSpec.fixed(MEASURED_ROW_ERROR, BufferRole.OUTPUT, measurements));
        Extent rows = Extent.of(measurements);
        return List.of(
                new Op.SparseProduct(forwardBuffers[0], forwardBuffers[1], forwardBuffers[2], PREDICTION, MEASURED,
                        measurements, channels),
                new Op.MseLoss(MEASURED, MEASUREMENT, MEASURED_GRADIENT, MEASURED_ROW_ERROR, rows, channels),
                new Op.SparseProduct(adjointBuffers[0], adjointBuffers[1], adjointBuffers[2], MEASURED_GRADIENT,
                        PREDICTION_GRADIENT, operator.points(), channels));
    }

    private String[] declareOperator(String[] names, SparseMatrix matrix) {
        declare(BufferSpec.fixed(names[0], BufferRole.CONSTANT, matrix.rows() + 1));
        declare(BufferSpec.fixed(names[1], BufferRole.CONSTANT, matrix.entries()));
        declare(BufferSpec.fixed(names[2], BufferRole.CONSTANT, matrix.entries()));
        return names;
    }

    private List<Op> forward(boolean grid, boolean training) {
        List<Op> ops = new ArrayList<>();
        for (LayerGraph.Node node : nodes) {
            node.layer().emitForward(new Emission(this, node, grid, training, ops, null, null));
        }
        return fuseBiasActivationModulate(ops);
    }

    private List<Op> backward(boolean grid, boolean training) {
        List<Op> ops = new ArrayList<>();
        Map<String, String> gradientOf = new HashMap<>();
        gradientOf.put(PREDICTION, PREDICTION_GRADIENT);
        Map<String, Integer> contributions = new HashMap<>();
        Map<String, Integer> widths = new HashMap<>();
        for (LayerGraph.Node node : nodes) {
            widths.put(node.output(), node.layer().outputWidth());
        }
        GradientPool pool = new GradientPool();
        for (int n = nodes.size() - 1; n >= 0; n--) {
            LayerGraph.Node node = nodes.get(n);
            String outputGradient = gradientOf.get(node.output());
            if (outputGradient == null) {
                throw new IllegalArgumentException("the output of layer " + node.id() + " is never read");
            }
            List<GradientTarget> targets = new ArrayList<>();
            for (String input : node.inputs()) {
                if (graph.isInput(input) || graph.constants().containsKey(input)) {
                    targets.add(null);
                    continue;
                }
                // A fixed-size activation has its own gradient buffer; row-wise ones share a pool.
                String buffer = gradientOf.computeIfAbsent(input, name -> graph.isFixedSize(name)
                        ? declareFixed("grad." + name, widths.get(name)) : pool.take(widths.get(name)));
                int before = contributions.merge(input, 1, Integer::sum) - 1;
                targets.add(new GradientTarget(buffer, before > 0));
            }
            node.layer().emitBackward(new Emission(this, node, grid, training, ops, outputGradient, targets));
            if (!node.output().equals(PREDICTION) && !node.layer().fixedSize()) {
                pool.give(outputGradient, widths.get(node.output()));
            }
        }
        return ops;
    }

    /** Gradient buffers of activations, by row width, reused once their activation's producer has used them. */
    private final class GradientPool {
        private final Map<Integer, Deque<String>> free = new HashMap<>();
        private final Map<Integer, Integer> made = new HashMap<>();

        String take(int width) {
            Deque<String> available = free.get(width);
            if (available != null && !available.isEmpty()) {
                return available.pop();
            }
            int index = made.merge(width, 1, Integer::sum) - 1;
            return declarePerRow("grad.act" + width + "." + index, width);
        }

        void give(String buffer, int width) {
            free.computeIfAbsent(width, w -> new ArrayDeque<>()).push(buffer);
        }
    }

    /**
     * {@code BiasActivation(y)} then {@code Multiply(x, y -> z)} is one pass over y: the next layer's
     * modulated input comes out of the same loop (memory bound, so half the traffic).
     */
    static List<Op> fuseBiasActivationModulate(List<Op> ops) {
        List<Op> fused = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (i + 1 < ops.size() && ops.get(i) instanceof Op.BiasActivation bias && ops.get(i + 1) instanceof Op.Multiply m
                    && !m.accumulate() && m.width() == bias.width()) {
                String other = m.b().equals(bias.y()) ? m.a() : m.a().equals(bias.y()) ? m.b() : null;
                if (other != null && !other.equals(bias.y()) && !m.out().equals(bias.y())) {
                    fused.add(new Op.BiasActivationModulate(bias.y(), bias.bias(), other, m.out(), bias.width(), bias.relu()));
                    i++;
                    continue;
                }
            }
            fused.add(ops.get(i));
        }
        return fused;
    }
}
