package io.sl2a.nn.model;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.train.AdamSettings;

/** An SL2A network living on a backend: {@link Sl2aModel}'s graph as a {@link DeviceNetwork}, with its configuration. */
public final class Sl2aNetwork extends DeviceNetwork {
    private final Sl2aConfig config;

    private Sl2aNetwork(Sl2aConfig config, LayerGraph graph, CompiledProgram program, int maxRows, int gridAxisLength) {
        super(graph, program, maxRows, gridAxisLength);
        this.config = config;
    }

    /** Compiles the network for batches of at most {@code maxRows} points. */
    public static Sl2aNetwork create(Backend backend, Sl2aConfig config, int maxRows, AdamSettings adam) {
        return create(backend, config, maxRows, adam, 0);
    }

    /**
     * Compiles the network for batches of at most {@code maxRows} points; with
     * {@code gridAxisLength > 0} training steps take grid indices ({@link #trainStepOnGrid}).
     */
    public static Sl2aNetwork create(Backend backend, Sl2aConfig config, int maxRows, AdamSettings adam,
            int gridAxisLength) {
        LayerGraph graph = Sl2aModel.graph(config);
        return new Sl2aNetwork(config, graph, backend.compile(GraphCompiler.compile(graph, maxRows, adam, gridAxisLength)),
                maxRows, gridAxisLength);
    }

    /** Bytes the network's buffers take for batches of {@code maxRows} points. */
    public static long bytesNeeded(Sl2aConfig config, int maxRows, int gridAxisLength) {
        return DeviceNetwork.bytesNeeded(Sl2aModel.graph(config), maxRows, gridAxisLength);
    }

    public Sl2aConfig config() {
        return config;
    }
}
