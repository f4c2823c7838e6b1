package io.sl2a.nn.layers;

import io.sl2a.nn.graph.ConstantBuffer;
import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/**
 * Learnable Chebyshev activations on tanh-normalised inputs (SL2A's LA block, before its
 * LayerNorm): {@code out[o] = sum_i sum_k c[i,o,k] T_k(tanh(in[i]))}, coefficients [in, out, D+1],
 * Xavier uniform by PyTorch's fan rule for a 3-D tensor. As the reference modules (the authors'
 * and ChebyKAN's), it keeps the buffer {@code arange(0, D+1)} beside the coefficients, in the same
 * module ({@code net.0.cheby.cheby_coeffs} and {@code net.0.cheby.arange}). On the network's grid
 * input it tabulates each axis once and gathers (same function and gradients, far fewer operations).
 */
public final class ChebyshevLayer implements Layer {
    private final Parameter coefficients;
    private final int in;
    private final int out;
    private final int degree;

    public ChebyshevLayer(String coefficientsName, int in, int out, int degree) {
        this(coefficientsName, in, out, degree,
                new Initializer.Uniform(Math.sqrt(6.0 / ((double) (in + out) * (degree + 1)))));
    }

    /** With another initialisation of the coefficients (ChebyKAN's normal one). */
    public ChebyshevLayer(String coefficientsName, int in, int out, int degree, Initializer init) {
        this.in = in;
        this.out = out;
        this.degree = degree;
        this.coefficients = Parameter.of(coefficientsName, init, in, out, degree + 1);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(coefficients);
    }

    @Override
    public List<ConstantBuffer> buffers() {
        String name = coefficients.name();
        return List.of(ConstantBuffer.arange(name.substring(0, name.lastIndexOf('.') + 1) + "arange", degree + 1));
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
    public boolean acceptsGridIndices() {
        return true;
    }

    @Override
    public void emitForward(Emission e) {
        if (e.gridIndices(0)) {
            String table = e.fixedState("axis_table", Math.multiplyExact(in * e.axisLength(), out));
            e.add(new Op.ChebyshevAxisTable(e.axisValues(), coefficients.name(), table, in, out, degree,
                    e.axisLength()));
            e.add(new Op.GatherSum(table, e.axisIndex(), e.output(), in, out, e.axisLength()));
        } else {
            e.add(new Op.ChebyshevForward(e.input(0), coefficients.name(), e.output(), in, out, degree));
        }
    }

    @Override
    public void emitBackward(Emission e) {
        String gradient = e.gradient(coefficients);
        if (e.gridIndices(0)) {
            String table = e.fixedState("axis_table_gradient", Math.multiplyExact(in * e.axisLength(), out));
            e.add(new Op.ScatterSum(e.outputGradient(), e.axisIndex(), table, in, out, e.axisLength()));
            e.add(new Op.ChebyshevAxisCoeffGrad(e.axisValues(), table, gradient, in, out, degree, e.axisLength()));
        } else {
            e.add(new Op.ChebyshevCoeffGrad(e.input(0), e.outputGradient(), gradient, in, out, degree));
        }
        GradientTarget inputs = e.inputGradient(0);
        if (inputs != null) {
            if (inputs.accumulate() || e.gridIndices(0)) {
                throw e.unsupported("the input gradient is written, never accumulated, and not on a grid");
            }
            e.add(new Op.ChebyshevInputGrad(e.input(0), coefficients.name(), e.outputGradient(), inputs.name(), in, out,
                    degree));
        }
    }
}
