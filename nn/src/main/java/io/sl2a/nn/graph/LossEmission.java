package io.sl2a.nn.graph;

import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;

/**
 * What an {@link Objective} sees while the compiler emits its loss: the network's output width, and a way to declare
 * buffers.
 */
public final class LossEmission {
    private final GraphCompiler compiler;
    private final int channels;

    LossEmission(GraphCompiler compiler, int channels) {
        this.compiler = compiler;
        this.channels = channels;
    }

    /** Values per row of the prediction (the network's output width). */
    public int channels() {
        return channels;
    }

    /** Declares a buffer of any role (inputs the host writes, outputs it reads, constants); returns its name. */
    public String declare(BufferSpec spec) {
        return compiler.declare(spec);
    }

    /** A fixed-size buffer only the loss's own ops use (e.g. a gradient on the way back to the prediction). */
    public String declareScratch(String name, int size) {
        return compiler.declare(BufferSpec.fixed(name, BufferRole.ACTIVATION, size));
    }
}
