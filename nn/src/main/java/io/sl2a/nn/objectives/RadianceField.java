package io.sl2a.nn.objectives;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.program.StepScalars;

/**
 * A radiance field on a backend, trained through volume rendering: a {@link DeviceNetwork}
 * compiled with {@link RenderedMse}, and the host's side of it. The host writes a batch of rays as
 * their samples (positions, view directions, distances and intervals along the ray) and the rays'
 * pixels; a step renders them, takes the loss and updates the parameters on the device.
 */
public final class RadianceField implements AutoCloseable {
    private final DeviceNetwork network;
    private final VolumeRendering rendering;
    private final String directions;

    private RadianceField(DeviceNetwork network, VolumeRendering rendering, String directions) {
        this.network = network;
        this.rendering = rendering;
        this.directions = directions;
    }

    /** Compiles {@code graph} (coordinates: positions; one row input: the view directions) for {@code rendering}. */
    public static RadianceField create(Backend backend, LayerGraph graph, AdamSettings adam,
            VolumeRendering rendering) {
        if (graph.rowInputs().size() != 1 || graph.rowInputs().values().iterator().next() != 3 || graph.inputWidth() != 3) {
            throw new IllegalArgumentException("a radiance field takes 3-D positions and one row input of view directions");
        }
        DeviceNetwork network = DeviceNetwork.create(backend, graph, rendering.rows(), adam, 0,
                new RenderedMse(rendering));
        return new RadianceField(network, rendering, graph.rowInputs().keySet().iterator().next());
    }

    /** The network: its parameters, optimizer state and gradients. */
    public DeviceNetwork network() {
        return network;
    }

    public VolumeRendering rendering() {
        return rendering;
    }

    private CompiledProgram program() {
        return network.program();
    }

    /**
     * One step on a full batch of {@code rendering.rays()} rays: samples {@code [rows, 3]} positions and
     * directions, {@code [rows]} t and delta, pixels {@code [rays, 3]}; returns the batch's sum of
     * squared errors before the update.
     */
    public double trainStep(float[] positions, float[] viewDirections, float[] t, float[] delta, float[] pixels,
            StepScalars scalars) {
        writeSamples(positions, viewDirections, t, delta, rendering.rows());
        program().write(RenderedMse.RAY_TARGETS, pixels, 0, rendering.rays() * 3);
        program().run(GraphCompiler.TRAIN_STEP, rendering.rows(), scalars);
        return network.sum(RenderedMse.RAY_ERROR, rendering.rays());
    }

    /**
     * Renders {@code rays} rays (at most {@code rendering.rays()}) of samples laid out as for
     * {@link #trainStep}: their colours {@code [rays, 3]}, opacities and depths {@code [rays]}.
     */
    public void render(float[] positions, float[] viewDirections, float[] t, float[] delta, int rays, float[] rgb,
            float[] opacity, float[] depth) {
        if (rays < 1 || rays > rendering.rays()) {
            throw new IllegalArgumentException("renders 1 to " + rendering.rays() + " rays at a time, not " + rays);
        }
        int rows = rays * rendering.samples();
        writeSamples(positions, viewDirections, t, delta, rows);
        program().run(RenderedMse.RENDER, rows, StepScalars.NONE);
        program().read(RenderedMse.RAY_RGB, rgb, 0, rays * 3);
        program().read(RenderedMse.RAY_OPACITY, opacity, 0, rays);
        program().read(RenderedMse.RAY_DEPTH, depth, 0, rays);
    }

    /**
     * The field's density exp(raw) at {@code count} positions ({@code [count, 3]}), the view
     * direction irrelevant to it: for the occupancy grid that skips empty space.
     */
    public float[] densities(float[] positions, int count) {
        int chunk = rendering.rows();
        float[] zeros = new float[chunk * 3];
        float[] out = new float[chunk * 4];
        float[] density = new float[count];
        for (int first = 0; first < count; first += chunk) {
            int rows = Math.min(chunk, count - first);
            program().write(GraphCompiler.COORDS, positions, first * 3, rows * 3);
            program().write(directions, zeros, 0, rows * 3);
            program().run(GraphCompiler.FORWARD, rows, StepScalars.NONE);
            program().read(GraphCompiler.PREDICTION, out, 0, rows * 4);
            for (int r = 0; r < rows; r++) {
                density[first + r] = (float) Math.exp(Math.min(out[r * 4], 15f));
            }
        }
        return density;
    }

    private void writeSamples(float[] positions, float[] viewDirections, float[] t, float[] delta, int rows) {
        program().write(GraphCompiler.COORDS, positions, 0, rows * 3);
        program().write(directions, viewDirections, 0, rows * 3);
        program().write(RenderedMse.SAMPLE_T, t, 0, rows);
        program().write(RenderedMse.SAMPLE_DELTA, delta, 0, rows);
    }

    @Override
    public void close() {
        network.close();
    }
}
