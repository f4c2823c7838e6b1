package io.sl2a.nn.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network as a sequence of layer applications over named buffers: each application reads the
 * network input or earlier outputs (any of them, so an output may fan out to several readers,
 * as SL2A's LA-block output modulates every later layer) and writes one output. The last
 * application's output is the network's prediction.
 */
public final class LayerGraph {
    /** The network input: coordinates, {@code rows x inputWidth}. */
    public static final String INPUT = "input.coords";

    /** One application of a layer: its id (names its buffers), the buffers it reads, the one it writes. */
    public record Node(String id, Layer layer, List<String> inputs, String output) {
    }

    private final int inputWidth;
    private final List<Node> nodes;
    private final Map<String, float[]> constants;
    private final Map<String, Integer> rowInputs;
    private final Set<String> fixedSize;

    private LayerGraph(int inputWidth, List<Node> nodes, Map<String, float[]> constants, Map<String, Integer> rowInputs,
            Set<String> fixedSize) {
        this.inputWidth = inputWidth;
        this.nodes = List.copyOf(nodes);
        this.constants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(constants));
        this.rowInputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowInputs));
        this.fixedSize = Set.copyOf(fixedSize);
    }

    /**
     * Inputs with a row per point besides the coordinates (a NeRF field's view directions), by
     * buffer name ({@code input.<name>}) with their widths; the host writes them as it writes the
     * coordinates, and nothing takes their gradient.
     */
    public Map<String, Integer> rowInputs() {
        return rowInputs;
    }

    /** Whether a buffer is one the host writes: the coordinates or another row input. */
    public boolean isInput(String buffer) {
        return buffer.equals(INPUT) || rowInputs.containsKey(buffer);
    }

    public int inputWidth() {
        return inputWidth;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public int outputWidth() {
        return nodes.get(nodes.size() - 1).layer().outputWidth();
    }

    /**
     * Whether training can give the network input as grid indices: every layer that reads the
     * input accepts them (SL2A's Chebyshev layer tabulates each axis once).
     */
    public boolean acceptsGridInput() {
        return nodes.stream().filter(n -> n.inputs().contains(INPUT)).allMatch(n -> n.layer().acceptsGridIndices());
    }

    /** Every parameter in state_dict order (layer by layer), the untrained state tensors included. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Node node : nodes) {
            all.addAll(node.layer().parameters());
        }
        return all;
    }

    /** Every layer's persistent buffers (saved, never trained), layer by layer. */
    public List<ConstantBuffer> buffers() {
        List<ConstantBuffer> all = new ArrayList<>();
        for (Node node : nodes) {
            all.addAll(node.layer().buffers());
        }
        return all;
    }

    /** The parameters Adam trains, in state_dict order. */
    public List<Parameter> trainableParameters() {
        return parameters().stream().filter(Parameter::trainable).toList();
    }

    /**
     * Values the network carries besides its parameters, fixed for its life (INCODE's image, which
     * its harmonizer reads every pass), by buffer name ({@code const.<name>}).
     */
    public Map<String, float[]> constants() {
        return constants;
    }

    /**
     * Whether a buffer holds one fixed-size vector rather than a row per point: a constant or a fixed-size layer's
     * output.
     */
    public boolean isFixedSize(String buffer) {
        return fixedSize.contains(buffer);
    }

    /**
     * The initial parameters, layer by layer in state_dict order from one random stream: a seed
     * gives the same network every time.
     */
    public Map<String, float[]> initialParameters(long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        for (Parameter p : parameters()) {
            float[] data = new float[p.size()];
            p.init().fill(data, random, values);
            values.put(p.name(), data);
        }
        return values;
    }

    public static Builder builder(int inputWidth) {
        return new Builder(inputWidth);
    }

    /** Adds layer applications in order, checking ids, inputs and widths. */
    public static final class Builder {
        private final int inputWidth;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Integer> widths = new HashMap<>();
        private final Set<String> parameterNames = new HashSet<>();
        private final Set<String> fixed = new HashSet<>();
        private final Map<String, float[]> constants = new java.util.LinkedHashMap<>();
        private final Map<String, Integer> rowInputs = new java.util.LinkedHashMap<>();

        private Builder(int inputWidth) {
            if (inputWidth < 1) {
                throw new IllegalArgumentException("input width must be positive: " + inputWidth);
            }
            this.inputWidth = inputWidth;
            widths.put(INPUT, inputWidth);
        }

        /** The network input's buffer name. */
        public String input() {
            return INPUT;
        }

        /**
         * A constant the network carries (its values are uploaded with the program and never
         * change); returns its buffer name ({@code const.<name>}), which layers read as a
         * fixed-size input.
         */
        public String constant(String name, float[] values) {
            String buffer = "const." + name;
            if (widths.containsKey(buffer) || values.length == 0) {
                throw new IllegalArgumentException(values.length == 0 ? "empty constant " + name : "constant used twice: " + name);
            }
            constants.put(buffer, values.clone());
            widths.put(buffer, values.length);
            fixed.add(buffer);
            return buffer;
        }

        /** A second per-row input of {@code width} columns; returns its buffer name ({@code input.<name>}). */
        public String rowInput(String name, int width) {
            String buffer = "input." + name;
            if (widths.containsKey(buffer) || width < 1) {
                throw new IllegalArgumentException(width < 1 ? "row input " + name + " needs a width" : "input used twice: " + name);
            }
            rowInputs.put(buffer, width);
            widths.put(buffer, width);
            return buffer;
        }

        /**
         * Applies every layer of {@code network} (a whole model's graph, e.g. a NeRF field's position
         * network) to {@code input}, its node ids prefixed with {@code prefix}, its constants
         * carried over; returns the buffer of its output. Parameter names stay the layers' own.
         */
        public String include(String prefix, LayerGraph network, String input) {
            if (!network.rowInputs().isEmpty()) {
                throw new IllegalArgumentException("a graph with row inputs of its own cannot be included");
            }
            Map<String, String> renamed = new HashMap<>();
            renamed.put(INPUT, input);
            for (Map.Entry<String, float[]> c : network.constants().entrySet()) {
                renamed.put(c.getKey(), constant(prefix + c.getKey().substring("const.".length()), c.getValue()));
            }
            String last = input;
            for (Node node : network.nodes()) {
                String[] inputs = node.inputs().stream().map(renamed::get).toArray(String[]::new);
                last = apply(prefix + node.id(), node.layer(), inputs);
                renamed.put(node.output(), last);
            }
            return last;
        }

        /** Applies {@code layer} to {@code inputs}; returns the name of its output buffer ({@code act.<id>}). */
        public String apply(String id, Layer layer, String... inputs) {
            String output = "act." + id;
            if (widths.containsKey(output)) {
                throw new IllegalArgumentException("layer id used twice: " + id);
            }
            List<Integer> expected = layer.inputWidths();
            if (expected.size() != inputs.length) {
                throw new IllegalArgumentException("layer " + id + " takes " + expected.size() + " inputs, got " + inputs.length);
            }
            for (int i = 0; i < inputs.length; i++) {
                Integer width = widths.get(inputs[i]);
                if (width == null) {
                    throw new IllegalArgumentException("layer " + id + " reads " + inputs[i] + ", which no earlier layer writes");
                }
                if (width != (int) expected.get(i)) {
                    throw new IllegalArgumentException("layer " + id + " input " + i + " has width " + width + ", expected "
                            + expected.get(i));
                }
                if (layer.fixedSize() && !fixed.contains(inputs[i])) {
                    throw new IllegalArgumentException("layer " + id + " is of fixed size but reads " + inputs[i]
                            + ", which has a row per point");
                }
            }
            for (Parameter p : layer.parameters()) {
                if (!parameterNames.add(p.name())) {
                    throw new IllegalArgumentException("parameter " + p.name() + " belongs to two layers");
                }
            }
            nodes.add(new Node(id, layer, List.of(inputs), output));
            widths.put(output, layer.outputWidth());
            if (layer.fixedSize()) {
                fixed.add(output);
            }
            return output;
        }

        public LayerGraph build() {
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("a network needs at least one layer");
            }
            if (nodes.get(nodes.size() - 1).layer().fixedSize()) {
                throw new IllegalArgumentException("the last layer must give a row per point");
            }
            return new LayerGraph(inputWidth, nodes, constants, rowInputs, fixed);
        }
    }
}
