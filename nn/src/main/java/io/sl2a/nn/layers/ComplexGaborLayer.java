package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.List;

/**
 * WIRE's complex Gabor layer {@code y = exp(i omega z - |sigma z|^2)}, z = W x + b, with an output
 * of {@code out} complex values interleaved (2 out floats). The first layer is real (W [out, in],
 * b [out], nn.Linear's initialisation) on real coordinates; the later ones are complex
 * ({@link ComplexProduct}) on the previous layer's complex output. state_dict names
 * {@code net.i.linear.weight}, {@code net.i.linear.bias}, as WIRE's module.
 */
public final class ComplexGaborLayer implements Layer {
    private final boolean first;
    private final int in;
    private final int out;
    private final float omega;
    private final float sigma;
    private final Parameter realWeight;
    private final Parameter realBias;
    private final ComplexProduct complex;

    /** The first layer: real coordinates [rows, in] in. */
    public static ComplexGaborLayer first(String weightName, String biasName, int in, int out, float omega, float sigma) {
        return new ComplexGaborLayer(true, weightName, biasName, in, out, omega, sigma);
    }

    /** A later layer: {@code in} complex values (2 in floats) in. */
    public static ComplexGaborLayer hidden(String weightName, String biasName, int in, int out, float omega, float sigma) {
        return new ComplexGaborLayer(false, weightName, biasName, in, out, omega, sigma);
    }

    private ComplexGaborLayer(boolean first, String weightName, String biasName, int in, int out, float omega, float sigma) {
        this.first = first;
        this.in = in;
        this.out = out;
        this.omega = omega;
        this.sigma = sigma;
        if (first) {
            Initializer init = new Initializer.Uniform(1.0 / Math.sqrt(in));
            this.realWeight = Parameter.of(weightName, init, out, in);
            this.realBias = Parameter.of(biasName, init, out);
            this.complex = null;
        } else {
            this.realWeight = null;
            this.realBias = null;
            this.complex = new ComplexProduct(weightName, biasName, in, out);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return first ? List.of(realWeight, realBias) : List.of(complex.weight, complex.bias);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(first ? in : 2 * in);
    }

    @Override
    public int outputWidth() {
        return 2 * out;
    }

    private String pre(Emission e) {
        return e.state("pre", first ? out : 2 * out);
    }

    @Override
    public void emitForward(Emission e) {
        String pre = pre(e);
        if (first) {
            e.add(new Op.MatMul(e.input(0), false, realWeight.name(), true, pre, Extent.rows(), Extent.of(out), Extent.of(in),
                    false));
            e.add(new Op.BiasActivation(pre, realBias.name(), out, false));
        } else {
            complex.emitForward(e, pre);
        }
        e.add(new Op.ComplexGabor(pre, e.output(), out, first, omega, sigma));
    }

    @Override
    public void emitBackward(Emission e) {
        String pre = pre(e);
        String dOut = e.outputGradient();
        if (!first) {
            e.add(new Op.ComplexGaborBackward(pre, e.output(), dOut, dOut, out, false, omega, sigma));
            complex.emitBackward(e, dOut);
            return;
        }
        String dPre = e.backwardScratch("gabor.real", out);
        e.add(new Op.ComplexGaborBackward(pre, e.output(), dOut, dPre, out, true, omega, sigma));
        LinearLayer.emitAffineBackward(e, dPre, realWeight, realBias, in, out);
    }
}
