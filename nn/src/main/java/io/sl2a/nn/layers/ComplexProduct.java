package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;

/**
 * The complex affine map {@code z = W x + b} of WIRE's complex layers, on interleaved rows
 * ({@link io.sl2a.kernels.ComplexKernels}): W [out, in, 2] and b [out, 2] are PyTorch's complex
 * parameters as {@code view_as_real} stores them, and the product is one real product with the
 * block matrix assembled from W at every forward. nn.Linear's initialisation for a complex layer:
 * the real and imaginary parts of W and b each U(+-1/sqrt(in)).
 */
final class ComplexProduct {
    final Parameter weight;
    final Parameter bias;
    final int in;
    final int out;

    ComplexProduct(String weightName, String biasName, int in, int out) {
        this.in = in;
        this.out = out;
        Initializer init = new Initializer.Uniform(1.0 / Math.sqrt(in));
        this.weight = Parameter.of(weightName, init, out, in, 2);
        this.bias = Parameter.of(biasName, init, out, 2);
    }

    private String block(Emission e) {
        return e.fixedState("block", 4 * out * in);
    }

    /** {@code z} [rows, 2 out] from the layer's input [rows, 2 in]. */
    void emitForward(Emission e, String z) {
        String block = block(e);
        e.add(new Op.ComplexBlock(weight.name(), block, out, in));
        e.add(new Op.MatMul(e.input(0), false, block, true, z, Extent.rows(), Extent.of(2 * out), Extent.of(2 * in), false));
        e.add(new Op.BiasActivation(z, bias.name(), 2 * out, false));
    }

    /** The parameters' gradients and the input's from {@code dZ} [rows, 2 out]. */
    void emitBackward(Emission e, String dZ) {
        e.add(new Op.BiasGrad(dZ, e.gradient(bias), 2 * out));
        String dBlock = e.fixedState("block.grad", 4 * out * in);
        e.add(new Op.MatMul(dZ, true, e.input(0), false, dBlock, Extent.of(2 * out), Extent.of(2 * in), Extent.rows(), false));
        e.add(new Op.ComplexBlockGrad(dBlock, e.gradient(weight), out, in));
        GradientTarget target = e.inputGradient(0);
        if (target != null) {
            e.add(new Op.MatMul(dZ, false, block(e), false, target.name(), Extent.rows(), Extent.of(2 * in), Extent.of(2 * out),
                    target.accumulate()));
        }
    }
}
