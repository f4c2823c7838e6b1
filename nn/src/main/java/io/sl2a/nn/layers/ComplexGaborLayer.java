package io.sl2a.nn.layers;

import io.sl2a.nn.graph.ConstantBuffer;
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

    private final String module;

    /**
     * The first layer: real coordinates [rows, in] in. {@code module} is the reference's module name
     * ({@code net.0}): its linear layer is {@code module.linear}, its omega and sigma the buffers
     * {@code module.omega_0} and {@code module.scale_0}.
     */
    public static ComplexGaborLayer first(String module, int in, int out, float omega, float sigma) {
        return new ComplexGaborLayer(true, module, in, out, omega, sigma);
    }

    /** A later layer: {@code in} complex values (2 in floats) in. */
    public static ComplexGaborLayer hidden(String module, int in, int out, float omega, float sigma) {
        return new ComplexGaborLayer(false, module, in, out, omega, sigma);
    }

    private ComplexGaborLayer(boolean first, String module, int in, int out, float omega, float sigma) {
        String weightName = module + ".linear.weight";
        String biasName = module + ".linear.bias";
        this.module = module;
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

    /** WIRE's module keeps omega and sigma as untrained tensors of shape [1] in its state_dict. */
    @Override
    public List<ConstantBuffer> buffers() {
        return List.of(ConstantBuffer.floats(module + ".omega_0", new float[] {omega}, 1),
                ConstantBuffer.floats(module + ".scale_0", new float[] {sigma}, 1));
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
            e.add(new Op.MatMul(e.input(0), false, realWeight.name(), true, pre, Extent.rows(), Extent.of(out),
                    Extent.of(in),
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
