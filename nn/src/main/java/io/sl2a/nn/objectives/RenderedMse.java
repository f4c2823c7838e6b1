package io.sl2a.nn.objectives;

import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.LossEmission;
import io.sl2a.nn.graph.Objective;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A field trained through volume rendering: every train_step renders {@code rendering.rays()} rays
 * of {@code rendering.samples()} samples (the network's rows, on coordinates), takes the MSE
 * against {@link #RAY_TARGETS}, and brings its gradient back to the samples through the
 * rendering's backward; a {@link #RENDER} routine renders rays for views. The host side is
 * {@link RadianceField}.
 */
public record RenderedMse(VolumeRendering rendering) implements Objective {
    /** Volume rendering's per-sample inputs: the sample's distance along its ray and its interval. */
    public static final String SAMPLE_T = "input.sample_t";
    public static final String SAMPLE_DELTA = "input.sample_delta";
    /** The pixels the rendered rays are compared with ({@code rays x 3}). */
    public static final String RAY_TARGETS = "input.ray_targets";
    public static final String RAY_RGB = "output.ray_rgb";
    public static final String RAY_OPACITY = "output.ray_opacity";
    public static final String RAY_DEPTH = "output.ray_depth";
    /** Per ray, its squared error in the last train_step (summed over channels). */
    public static final String RAY_ERROR = "output.ray_squared_error";
    private static final String RAY_RGB_GRADIENT = "grad.ray_rgb";
    /** Forward, then volume rendering of the samples' rays. */
    public static final String RENDER = "render";

    @Override
    public void validate(LayerGraph graph, int maxRows, int gridAxisLength) {
        if (graph.outputWidth() != 4) {
            throw new IllegalArgumentException("a field for volume rendering gives a density and a colour (4 values), not "
                    + graph.outputWidth());
        }
        if (maxRows != rendering.rows()) {
            throw new IllegalArgumentException("volume rendering of " + rendering.rays() + " rays of " + rendering.samples()
                    + " samples takes " + rendering.rows() + " rows, the program has " + maxRows);
        }
        if (gridAxisLength != 0) {
            throw new IllegalArgumentException("volume rendering samples its rays at coordinates, not grid indices");
        }
    }

    private Op volumeRender() {
        return new Op.VolumeRender(GraphCompiler.PREDICTION, SAMPLE_T, SAMPLE_DELTA, RAY_RGB, RAY_OPACITY, RAY_DEPTH,
                rendering.samples(), rendering.background());
    }

    /** Render the rays, MSE against their pixels, and the loss gradient back to the samples. */
    @Override
    public List<Op> emitLoss(LossEmission loss) {
        int rays = rendering.rays();
        loss.declare(BufferSpec.perRow(SAMPLE_T, BufferRole.INPUT, 1));
        loss.declare(BufferSpec.perRow(SAMPLE_DELTA, BufferRole.INPUT, 1));
        loss.declare(BufferSpec.fixed(RAY_TARGETS, BufferRole.INPUT, rays * 3));
        loss.declare(BufferSpec.fixed(RAY_RGB, BufferRole.OUTPUT, rays * 3));
        loss.declare(BufferSpec.fixed(RAY_OPACITY, BufferRole.OUTPUT, rays));
        loss.declare(BufferSpec.fixed(RAY_DEPTH, BufferRole.OUTPUT, rays));
        loss.declare(BufferSpec.fixed(RAY_ERROR, BufferRole.OUTPUT, rays));
        loss.declareScratch(RAY_RGB_GRADIENT, rays * 3);
        return List.of(volumeRender(),
                new Op.MseLoss(RAY_RGB, RAY_TARGETS, RAY_RGB_GRADIENT, RAY_ERROR, Extent.of(rays), 3),
                new Op.VolumeRenderBackward(GraphCompiler.PREDICTION, SAMPLE_DELTA, RAY_RGB, RAY_OPACITY,
                        RAY_RGB_GRADIENT,
                        GraphCompiler.PREDICTION_GRADIENT, rendering.samples(), rendering.background()));
    }

    /** {@link #RENDER}: the forward pass, then volume rendering of its samples' rays. */
    @Override
    public Map<String, List<Op>> routines(List<Op> forward) {
        List<Op> render = new ArrayList<>(forward);
        render.add(volumeRender());
        return Map.of(RENDER, render);
    }
}
