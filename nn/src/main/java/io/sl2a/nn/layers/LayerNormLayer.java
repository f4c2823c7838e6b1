package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/** LayerNorm over each row with an affine weight (starts at 1) and bias (starts at 0), PyTorch's eps 1e-5. */
public final class LayerNormLayer implements Layer {
    public static final float EPS = 1e-5f;

    private final Parameter weight;
    private final Parameter bias;
    private final int width;

    public LayerNormLayer(String weightName, String biasName, int width) {
        this.width = width;
        this.weight = Parameter.of(weightName, new Initializer.Constant(1.0f), width);
        this.bias = Parameter.of(biasName, new Initializer.Constant(0.0f), width);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
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
        e.add(new Op.LayerNormForward(e.input(0), weight.name(), bias.name(), e.output(), e.state("mean", 1),
                e.state("rstd", 1), width, EPS));
    }

    @Override
    public void emitBackward(Emission e) {
        GradientTarget target = e.inputGradient(0);
        if (target != null && target.accumulate()) {
            throw e.unsupported("its input gradient is written, never accumulated: give its input no other reader");
        }
        String inputGradient = target != null ? target.name() : e.backwardScratch("layernorm_input", width);
        e.add(new Op.LayerNormBackward(e.outputGradient(), e.input(0), weight.name(), e.state("mean", 1), e.state("rstd", 1),
                inputGradient, e.gradient(weight), e.gradient(bias), width));
    }
}
