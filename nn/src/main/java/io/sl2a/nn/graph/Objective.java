package io.sl2a.nn.graph;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.Op;
import java.util.List;
import java.util.Map;

/**
 * What a network is trained on, as {@link GraphCompiler} compiles it: the loss between train_step's
 * forward and backward passes, with the buffers that loss needs. The compiler knows the network
 * (forward, backward, Adam) and nothing of the task; an objective knows the task's loss (points and
 * their targets, a measurement through an operator, rays rendered from samples) and nothing of the
 * layers. {@link PointMse} is the default; {@code io.sl2a.nn.objectives} holds the others.
 */
public interface Objective {
    /**
     * Refuses, with an {@link IllegalArgumentException}, a graph or program size this loss cannot
     * train; called before anything is compiled.
     */
    default void validate(LayerGraph graph, int maxRows, int gridAxisLength) {
    }

    /**
     * train_step's loss, emitted after the forward pass: from {@link GraphCompiler#PREDICTION} to its
     * gradient {@link GraphCompiler#PREDICTION_GRADIENT}, which the backward pass starts from. Its
     * buffers are declared through {@code loss}.
     */
    List<Op> emitLoss(LossEmission loss);

    /**
     * Routines of the objective's own besides forward, train_step and output_gradient (volume
     * rendering's {@code render}), each built on the forward pass's ops; in the program after
     * forward and before train_step.
     */
    default Map<String, List<Op>> routines(List<Op> forward) {
        return Map.of();
    }

    /** Writes what the objective fixes when compiled (an operator's matrices), once, into the compiled program. */
    default void writeConstants(CompiledProgram program) {
    }
}
