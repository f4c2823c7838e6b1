package io.sl2a.nn.graph;

import io.sl2a.program.Op;
import java.util.List;

/**
 * What one layer application sees while the compiler emits its forward or backward operations:
 * the buffers of its inputs and output, their gradients, the grid (when the network input is
 * given as grid indices), and a way to declare the extra buffers it needs.
 */
public final class Emission {
    private final GraphCompiler compiler;
    private final LayerGraph.Node node;
    private final boolean gridInput;
    private final boolean training;
    private final List<Op> ops;
    private final String outputGradient;
    private final List<GradientTarget> inputGradients;

    Emission(GraphCompiler compiler, LayerGraph.Node node, boolean gridInput, boolean training, List<Op> ops,
            String outputGradient, List<GradientTarget> inputGradients) {
        this.compiler = compiler;
        this.node = node;
        this.gridInput = gridInput;
        this.training = training;
        this.ops = ops;
        this.outputGradient = outputGradient;
        this.inputGradients = inputGradients;
    }

    public String input(int i) {
        return node.inputs().get(i);
    }

    public String output() {
        return node.output();
    }

    /**
     * Whether input {@code i} is the network's input given as grid indices ({@link #axisIndex()}
     * along axes of {@link #axisValues()}) rather than as coordinates.
     */
    public boolean gridIndices(int i) {
        return gridInput && input(i).equals(LayerGraph.INPUT);
    }

    /**
     * Whether these operations are part of train_step (not of an evaluation or of output_gradient):
     * layers with state of their own (BatchNorm's running statistics) update it only then, once per
     * step, and a penalty that is part of the loss (INCODE's) adds its gradient only then.
     */
    public boolean training() {
        return training;
    }

    public String axisValues() {
        return GraphCompiler.AXIS_VALUES;
    }

    public String axisIndex() {
        return GraphCompiler.AXIS_INDEX;
    }

    public int axisLength() {
        return compiler.gridAxisLength();
    }

    /** Gradient of the output (backward only). */
    public String outputGradient() {
        return outputGradient;
    }

    /** Where the gradient of input {@code i} goes, or null when nothing needs it (the network's input). */
    public GradientTarget inputGradient(int i) {
        return inputGradients == null ? null : inputGradients.get(i);
    }

    /** The gradient buffer of a parameter ({@code grad/NAME}). */
    public String gradient(Parameter p) {
        return GraphCompiler.gradient(p.name());
    }

    /**
     * A per-row buffer of this layer application kept from its forward to its backward (LayerNorm's
     * row statistics, a low-rank layer's inner product): {@code act.<node>.<suffix>}.
     */
    public String state(String suffix, int rowWidth) {
        return compiler.declarePerRow("act." + node.id() + "." + suffix, rowWidth);
    }

    /** A per-row buffer of the backward pass shared by every layer that asks for it with the same width. */
    public String backwardScratch(String suffix, int rowWidth) {
        return compiler.declarePerRow("grad." + suffix + "." + rowWidth, rowWidth);
    }

    /** A buffer of fixed size of this layer application ({@code act.<node>.<suffix>}). */
    public String fixedState(String suffix, int size) {
        return compiler.declareFixed("act." + node.id() + "." + suffix, size);
    }

    /** A fixed-size buffer of the backward pass shared by every layer that asks for it with the same size. */
    public String backwardFixedScratch(String suffix, int size) {
        return compiler.declareFixed("grad." + suffix + "." + size, size);
    }

    public void add(Op op) {
        ops.add(op);
    }

    /** Fails compilation: the graph asked this layer for something it cannot do. */
    public UnsupportedGradientException unsupported(String what) {
        return new UnsupportedGradientException("layer " + node.id() + " (" + node.layer().getClass().getSimpleName() + "): "
                + what);
    }
}
