package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/**
 * WIRE's output: a complex linear layer on {@code in} complex values whose real part is the
 * network's output, {@code y = Re(W x + b)}, W [out, in, 2] and b [out, 2] (the imaginary part of
 * b gets no gradient, as in the reference).
 */
public final class ComplexLinearLayer implements Layer {
    private final ComplexProduct complex;

    public ComplexLinearLayer(String weightName, String biasName, int in, int out) {
        this.complex = new ComplexProduct(weightName, biasName, in, out);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(complex.weight, complex.bias);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(2 * complex.in);
    }

    @Override
    public int outputWidth() {
        return complex.out;
    }

    @Override
    public void emitForward(Emission e) {
        String z = e.state("z", 2 * complex.out);
        complex.emitForward(e, z);
        e.add(new Op.RealPart(z, e.output(), complex.out));
    }

    @Override
    public void emitBackward(Emission e) {
        String dZ = e.backwardScratch("complex.z", 2 * complex.out);
        e.add(new Op.RealPartBackward(e.outputGradient(), dZ, complex.out));
        complex.emitBackward(e, dZ);
    }
}
