package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.List;

/**
 * SL2A's low-rank layer {@code out = act(in L R + b)}, L [width, rank] and R [rank, width] (the
 * authors' weight_left and weight_right), computed as two products through the rank. Both factors
 * Kaiming-uniform with a = sqrt(5), i.e. U(+-1/sqrt(size(1))), and the bias U(+-1/sqrt(rank)).
 */
public final class LowRankLayer implements Layer {
    private final Parameter left;
    private final Parameter right;
    private final Parameter bias;
    private final int width;
    private final int rank;
    private final Activation activation;

    public LowRankLayer(String leftName, String rightName, String biasName, int width, int rank, Activation activation) {
        this.width = width;
        this.rank = rank;
        if (activation.isWave()) {
            throw new IllegalArgumentException("a low-rank layer takes ReLU or no activation, not " + activation);
        }
        this.activation = activation;
        this.left = Parameter.of(leftName, new Initializer.Uniform(1.0 / Math.sqrt(rank)), width, rank);
        this.right = Parameter.of(rightName, new Initializer.Uniform(1.0 / Math.sqrt(width)), rank, width);
        this.bias = Parameter.of(biasName, new Initializer.Uniform(1.0 / Math.sqrt(rank)), width);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(left, right, bias);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(width);
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public void emitForward(Emission e) {
        String inner = e.state("inner", rank);
        Extent rows = Extent.rows();
        e.add(new Op.MatMul(e.input(0), false, left.name(), false, inner, rows, Extent.of(rank), Extent.of(width), false));
        e.add(new Op.MatMul(inner, false, right.name(), false, e.output(), rows, Extent.of(width), Extent.of(rank), false));
        e.add(new Op.BiasActivation(e.output(), bias.name(), width, activation.isRelu()));
    }

    @Override
    public void emitBackward(Emission e) {
        String dOut = e.outputGradient();
        String inner = e.state("inner", rank);
        Extent rows = Extent.rows();
        if (activation.isRelu()) {
            e.add(new Op.ReluBackward(e.output(), dOut, dOut, width));
        }
        e.add(new Op.BiasGrad(dOut, e.gradient(bias), width));
        e.add(new Op.MatMul(inner, true, dOut, false, e.gradient(right), Extent.of(rank), Extent.of(width), rows, false));
        String dInner = e.backwardScratch("inner", rank);
        e.add(new Op.MatMul(dOut, false, right.name(), true, dInner, rows, Extent.of(rank), Extent.of(width), false));
        e.add(new Op.MatMul(e.input(0), true, dInner, false, e.gradient(left), Extent.of(width), Extent.of(rank), rows, false));
        GradientTarget target = e.inputGradient(0);
        if (target != null) {
            e.add(new Op.MatMul(dInner, false, left.name(), true, target.name(), rows, Extent.of(width), Extent.of(rank),
                    target.accumulate()));
        }
    }
}
