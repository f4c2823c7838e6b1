package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/** Global average pooling of one CHW image: a vector of the channels' means; a fixed-size layer. */
public final class ChannelMeanLayer implements Layer {
    private final int channels;
    private final int plane;

    public ChannelMeanLayer(int channels, int plane) {
        this.channels = channels;
        this.plane = plane;
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
        return List.of(channels * plane);
    }

    @Override
    public int outputWidth() {
        return channels;
    }

    @Override
    public void emitForward(Emission e) {
        e.add(new Op.ChannelMean(e.input(0), e.output(), channels, plane));
    }

    @Override
    public void emitBackward(Emission e) {
        GradientTarget target = e.inputGradient(0);
        if (target == null) {
            return;
        }
        if (target.accumulate()) {
            throw e.unsupported("average pooling writes its input's gradient; its input must have no other reader");
        }
        e.add(new Op.ChannelMeanBackward(e.outputGradient(), target.name(), channels, plane));
    }
}
