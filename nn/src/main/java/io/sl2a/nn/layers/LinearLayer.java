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
 * {@code out = act(in W^T + b)}, W [out, in] and b [out] as nn.Linear stores them. The default
 * initialisation is nn.Linear's: both U(+-1/sqrt(in)). A wave activation keeps its
 * pre-activation for the backward.
 */
public final class LinearLayer implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;
    private final Activation activation;

    public LinearLayer(String weightName, String biasName, int in, int out, Activation activation) {
        this(weightName, biasName, in, out, activation, new Initializer.Uniform(1.0 / Math.sqrt(in)),
                new Initializer.Uniform(1.0 / Math.sqrt(in)));
    }

    public LinearLayer(String weightName, String biasName, int in, int out, Activation activation, Initializer weightInit,
            Initializer biasInit) {
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.weight = Parameter.of(weightName, weightInit, out, in);
        this.bias = Parameter.of(biasName, biasInit, out);
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

    @Override
    public void emitForward(Emission e) {
        String product = activation.isWave() ? e.state("pre", out) : e.output();
        e.add(new Op.MatMul(e.input(0), false, weight.name(), true, product, Extent.rows(), Extent.of(out), Extent.of(in),
                false));
        if (activation.isWave()) {
            e.add(new Op.BiasWave(product, bias.name(), e.output(), out, activation.waveKind(), activation.scale()));
        } else {
            e.add(new Op.BiasActivation(e.output(), bias.name(), out, activation.isRelu()));
        }
    }

    @Override
    public void emitBackward(Emission e) {
        String dOut = e.outputGradient();
        if (activation.isRelu()) {
            e.add(new Op.ReluBackward(e.output(), dOut, dOut, out));
        } else if (activation.isWave()) {
            e.add(new Op.WaveBackward(e.state("pre", out), dOut, dOut, out, activation.waveKind(), activation.scale()));
        }
        emitAffineBackward(e, dOut, weight, bias, in, out);
    }

    /**
     * The backward of {@code pre = in W^T + b} from {@code dPre} [rows, out]: the bias's and the
     * weight's gradients, and the input's when the emission asks for it (also WIRE's real first layer).
     */
    static void emitAffineBackward(Emission e, String dPre, Parameter weight, Parameter bias, int in, int out) {
        e.add(new Op.BiasGrad(dPre, e.gradient(bias), out));
        e.add(new Op.MatMul(dPre, true, e.input(0), false, e.gradient(weight), Extent.of(out), Extent.of(in), Extent.rows(),
                false));
        GradientTarget target = e.inputGradient(0);
        if (target != null) {
            e.add(new Op.MatMul(dPre, false, weight.name(), false, target.name(), Extent.rows(), Extent.of(in), Extent.of(out),
                    target.accumulate()));
        }
    }
}
