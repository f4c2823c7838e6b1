package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/** nn.MaxPool2d over one CHW image (the winners' positions kept for the backward); a fixed-size layer. */
public final class MaxPoolLayer implements Layer {
    private final int channels;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int pad;

    public MaxPoolLayer(int channels, int height, int width, int kernel, int stride, int pad) {
        if (pad * 2 > kernel) {
            throw new IllegalArgumentException("padding " + pad + " is more than half the " + kernel + "-wide window");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
    }

    public int outHeight() {
        return ConvBatchNormLayer.outSize(height, kernel, stride, pad);
    }

    public int outWidth() {
        return ConvBatchNormLayer.outSize(width, kernel, stride, pad);
    }

    @Override
    public boolean fixedSize() {
        return true;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(channels * height * width);
    }

    @Override
    public int outputWidth() {
        return channels * outHeight() * outWidth();
    }

    @Override
    public void emitForward(Emission e) {
        e.add(new Op.MaxPoolForward(e.input(0), e.output(), e.fixedState("argmax", outputWidth()), channels, height, width,
                kernel, stride, pad));
    }

    @Override
    public void emitBackward(Emission e) {
        GradientTarget target = e.inputGradient(0);
        if (target == null) {
            return;
        }
        if (target.accumulate()) {
            throw e.unsupported("max pooling writes its input's gradient; its input must have no other reader");
        }
        e.add(new Op.MaxPoolBackward(e.outputGradient(), e.fixedState("argmax", outputWidth()), target.name(), channels,
                height, width, kernel, stride, pad));
    }
}
