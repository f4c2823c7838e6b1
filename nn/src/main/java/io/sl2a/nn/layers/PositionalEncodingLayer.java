package io.sl2a.nn.layers;

import io.sl2a.kernels.EncodingKernels;
import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/**
 * The Fourier positional encoding of {@link EncodingKernels} (the input kept, sine and cosine at
 * frequencies 1, 2, 4, ...): no parameters. It reads the network's coordinates, whose gradient no
 * task needs, so it has no backward.
 */
public final class PositionalEncodingLayer implements Layer {
    private final int in;
    private final int frequencies;

    public PositionalEncodingLayer(int in, int frequencies) {
        if (frequencies < 0) {
            throw new IllegalArgumentException("frequencies must not be negative, got " + frequencies);
        }
        this.in = in;
        this.frequencies = frequencies;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(in);
    }

    @Override
    public int outputWidth() {
        return EncodingKernels.width(in, frequencies);
    }

    @Override
    public void emitForward(Emission e) {
        e.add(new Op.PositionalEncoding(e.input(0), e.output(), in, frequencies));
    }

    @Override
    public void emitBackward(Emission e) {
        if (e.inputGradient(0) != null) {
            throw e.unsupported("the positional encoding has no input gradient: apply it to the network input");
        }
    }
}
