package io.sl2a.nn.graph;

import java.util.List;

/**
 * One building block of a network: its parameters (state_dict names, shapes, initialisation) and
 * the operations of its forward and backward passes over the buffers an {@link Emission} names.
 * A layer never decides where its inputs come from or who reads its output: the graph does, and
 * the compiler tells the backward whether each input gradient is written or accumulated.
 */
public interface Layer {
    /** Trainable tensors in state_dict order (empty for parameterless layers). */
    List<Parameter> parameters();

    /** Constant tensors of the state_dict that are not parameters (persistent buffers), in state_dict order. */
    default List<ConstantBuffer> buffers() {
        return List.of();
    }

    /** Width of each input row, in input order. */
    List<Integer> inputWidths();

    /** Width of an output row. */
    int outputWidth();

    /**
     * Whether the layer, reading the network input, also takes it as grid indices (see
     * {@link Emission#gridIndices}); most layers need coordinates.
     */
    default boolean acceptsGridIndices() {
        return false;
    }

    /**
     * Whether the layer computes one vector per pass, independent of the points (INCODE's
     * harmonizer over its image): its inputs are constants or other fixed-size outputs, its output
     * is {@link #outputWidth()} values, and per-row layers may read it as a broadcast input.
     */
    default boolean fixedSize() {
        return false;
    }

    /** Emits the forward operations: the inputs into the output (and any state the backward needs). */
    void emitForward(Emission e);

    /**
     * Emits the backward operations: from the output's gradient, every parameter's gradient
     * (overwritten) and each input gradient the emission asks for. The output gradient buffer is
     * the layer's to overwrite (nothing reads it afterwards).
     */
    void emitBackward(Emission e);
}
