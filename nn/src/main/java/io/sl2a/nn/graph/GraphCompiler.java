package io.sl2a.nn.graph;

import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link LayerGraph} and an {@link Objective} into a {@link Program} whose routines every
 * backend runs:
 * <pre>
 * forward          the layers in order on coordinates (input.coords -> output.prediction)
 * train_step       forward (on grid indices when compiled for a grid), the objective's loss (from the
 *                  prediction to grad.prediction), every layer's backward in reverse order, one Adam
 *                  update per parameter
 * output_gradient  forward on coordinates, then the backward from a grad.prediction the host wrote
 *                  (e.g. one-hot): every parameter's gradient of that output, nothing updated
 * </pre>
 * plus any routines of the objective's own. The compiler knows nothing of the task: what the
 * prediction is compared with, and how, is the objective's ({@link PointMse} by default).
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
    public static final String PREDICTION = "output.prediction";
    /** The loss gradient (train_step), or what the host writes before output_gradient. */
    public static final String PREDICTION_GRADIENT = "grad.prediction";
    public static final String AXIS_VALUES = "input.axis_values";
    public static final String AXIS_INDEX = "input.axis_index";

    private final List<LayerGraph.Node> nodes;
    private final LayerGraph graph;
    private final int gridAxisLength;
    private final Program.Builder builder;
    private final Map<String, BufferSpec> declared = new HashMap<>();

    private GraphCompiler(LayerGraph graph, int maxRows, int gridAxisLength) {
        this.graph = graph;
        this.gridAxisLength = gridAxisLength;
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

    /** {@link #compile(LayerGraph, int, AdamSettings, int, Objective)} with the {@link PointMse} objective. */
    public static Program compile(LayerGraph graph, int maxRows, AdamSettings adam, int gridAxisLength) {
        return compile(graph, maxRows, adam, gridAxisLength, new PointMse());
    }

    /**
     * Compiles {@code graph}, trained on {@code objective}, for batches of at most {@code maxRows}
     * rows; with {@code gridAxisLength > 0} train_step takes grid indices (see {@link Emission#gridIndices}).
     */
    public static Program compile(LayerGraph graph, int maxRows, AdamSettings adam, int gridAxisLength,
            Objective objective) {
        objective.validate(graph, maxRows, gridAxisLength);
        if (gridAxisLength < 0) {
            throw new IllegalArgumentException("grid axis length must not be negative: " + gridAxisLength);
        }
        if (gridAxisLength > 0 && !graph.acceptsGridInput()) {
            throw new IllegalArgumentException("this network's first layers need coordinates, not grid indices");
        }
        return new GraphCompiler(graph, maxRows, gridAxisLength).assemble(adam, objective);
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

    String declare(BufferSpec spec) {
        BufferSpec existing = declared.get(spec.name());
        if (existing == null) {
            declared.put(spec.name(), spec);
            builder.buffer(spec);
        } else if (!existing.equals(spec)) {
            throw new IllegalStateException("buffer " + spec.name() + " declared as " + existing + " and as " + spec);
        }
        return spec.name();
    }

    private Program assemble(AdamSettings adam, Objective objective) {
        declareNetworkBuffers();
        List<Op> evaluation = forward(false, false);
        List<Op> step = new ArrayList<>(forward(gridAxisLength > 0, true));
        step.addAll(objective.emitLoss(new LossEmission(this, graph.outputWidth())));
        step.addAll(backward(gridAxisLength > 0, true));
        for (Parameter p : graph.trainableParameters()) {
            step.add(Op.AdamUpdate.of(p.name(), gradient(p.name()), adamFirstMoment(p.name()),
                    adamSecondMoment(p.name()),
                    adam.beta1(), adam.beta2(), adam.eps()));
        }
        List<Op> outputGradient = new ArrayList<>(evaluation);
        outputGradient.addAll(backward(false, false));
        builder.routine(FORWARD, evaluation);
        objective.routines(evaluation).forEach(builder::routine);
        builder.routine(TRAIN_STEP, step);
        builder.routine(OUTPUT_GRADIENT, outputGradient);
        return builder.build();
    }

    /**
     * Parameters, gradients and moments, the input, prediction and grid buffers, the graph's row
     * inputs and constants, and the layers' outputs. The point loss's targets and squared errors
     * are among them whatever the objective (every program has had them, and the bytes a program
     * needs count them).
     */
    private void declareNetworkBuffers() {
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
        declare(BufferSpec.perRow(PointMse.TARGETS, BufferRole.INPUT, out));
        declare(BufferSpec.perRow(PREDICTION, BufferRole.OUTPUT, out));
        declare(BufferSpec.perRow(PointMse.ROW_SQUARED_ERROR, BufferRole.OUTPUT, 1));
        declare(BufferSpec.fixed(PointMse.SQUARED_ERROR_SUM, BufferRole.OUTPUT, 1));
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
                    fused.add(new Op.BiasActivationModulate(bias.y(), bias.bias(), other, m.out(), bias.width(),
                            bias.relu()));
                    i++;
                    continue;
                }
            }
            fused.add(ops.get(i));
        }
        return fused;
    }
}
