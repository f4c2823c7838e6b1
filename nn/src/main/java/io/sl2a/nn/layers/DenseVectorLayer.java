package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/**
 * nn.Linear on one vector (weight [out, in], bias [out]), optionally followed by SiLU: the layers
 * of INCODE's harmonizer MLP, a fixed-size layer. The last of them may carry INCODE's penalty on
 * its outputs, {@code sum_j w_j relu(-y_j)}: its gradient joins the output's before the backward.
 */
public final class DenseVectorLayer implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;
    private final boolean silu;
    private final float[] penalty;

    public DenseVectorLayer(String weightName, String biasName, int in, int out, boolean silu, Initializer weightInit,
            Initializer biasInit, float[] penalty) {
        if (penalty != null && penalty.length != 4) {
            throw new IllegalArgumentException("the penalty takes four weights (INCODE's a, b, c, d)");
        }
        if (penalty != null && out != 4) {
            throw new IllegalArgumentException("the penalty applies to a layer of four outputs, not " + out);
        }
        this.in = in;
        this.out = out;
        this.silu = silu;
        this.penalty = penalty == null ? null : penalty.clone();
        this.weight = Parameter.of(weightName, weightInit, out, in);
        this.bias = Parameter.of(biasName, biasInit, out);
    }

    @Override
    public boolean fixedSize() {
        return true;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(in);
    }

    @Override
    public int outputWidth() {
        return out;
    }

    private String pre(Emission e) {
        return silu ? e.fixedState("pre", out) : e.output();
    }

    @Override
    public void emitForward(Emission e) {
        e.add(new Op.DenseVector(e.input(0), weight.name(), bias.name(), pre(e), e.output(), in, out, silu));
    }

    @Override
    public void emitBackward(Emission e) {
        if (penalty != null && e.training()) { // part of the training loss, not of the output
            e.add(new Op.CoefficientPenalty(e.output(), e.outputGradient(), penalty[0], penalty[1], penalty[2], penalty[3]));
        }
        GradientTarget target = e.inputGradient(0);
        if (target != null && target.accumulate()) {
            throw e.unsupported("a dense vector layer writes its input's gradient; its input must have no other reader");
        }
        e.add(new Op.DenseVectorBackward(e.outputGradient(), pre(e), e.input(0), weight.name(), e.backwardFixedScratch(
                "dense.pre", out), e.gradient(weight), e.gradient(bias), target == null ? null : target.name(), in, out, silu));
    }
}
