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
 * INCODE's composer layer: {@code z = x W^T + b} (nn.Linear), then
 * {@code y = exp(a) sin(exp(b) omega z + c) + d} with the four coefficients (a, b, c, d) its second
 * input, the harmonizer's fixed-size output shared by every layer. The coefficients' gradient is
 * the sum over rows of each row's contribution, accumulated across the layers that read them.
 */
public final class IncodeSineLayer implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;
    private final float omega;

    public IncodeSineLayer(String weightName, String biasName, int in, int out, float omega, Initializer weightInit,
            Initializer biasInit) {
        this.in = in;
        this.out = out;
        this.omega = omega;
        this.weight = Parameter.of(weightName, weightInit, out, in);
        this.bias = Parameter.of(biasName, biasInit, out);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(in, 4);
    }

    @Override
    public int outputWidth() {
        return out;
    }

    @Override
    public void emitForward(Emission e) {
        String pre = e.state("pre", out);
        e.add(new Op.MatMul(e.input(0), false, weight.name(), true, pre, Extent.rows(), Extent.of(out), Extent.of(in), false));
        e.add(new Op.BiasActivation(pre, bias.name(), out, false));
        e.add(new Op.IncodeSine(pre, e.input(1), e.output(), out, omega));
    }

    @Override
    public void emitBackward(Emission e) {
        String dOut = e.outputGradient();
        String rowSums = e.backwardScratch("incode.coefficients", 4);
        e.add(new Op.IncodeSineBackward(e.state("pre", out), e.output(), e.input(1), dOut, dOut, rowSums, out, omega));
        GradientTarget coefficients = e.inputGradient(1);
        if (coefficients != null) {
            e.add(new Op.BiasGrad(rowSums, coefficients.name(), 4, coefficients.accumulate()));
        }
        LinearLayer.emitAffineBackward(e, dOut, weight, bias, in, out);
    }
}
