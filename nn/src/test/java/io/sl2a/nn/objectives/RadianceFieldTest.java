package io.sl2a.nn.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.models.ReluConfig;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.program.StepScalars;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The radiance field's host side: densities in chunks against an unchunked forward pass, and
 * rendering and the training step's loss against volume rendering worked out here in double
 * precision for a field whose heads are set by hand (constant density, colour sigmoid(relu(dx) + b)).
 */
class RadianceFieldTest {
    private static final AdamSettings ADAM = new AdamSettings(0.9, 0.99, 1e-15);
    private static final int COLOR_WIDTH = 2;
    private static final int FEATURES = 2;
    private static final NerfFieldConfig FIELD = NerfFieldConfig.of(new ReluConfig(new MlpShape(3, 1, 5, 1)), FEATURES,
            COLOR_WIDTH, 1);
    /** Three rays of four samples. */
    private static final VolumeRendering RENDERING = new VolumeRendering(3, 4, 0.25f);
    private static final float DENSITY_BIAS = 0.5f;
    private static final float COLOUR_BIAS = -0.3f;

    private static float[] wave(int n, double phase, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (scale * Math.sin(1.3 * i + phase));
        }
        return values;
    }

    /** Every parameter zero but the density head's bias and a colour path from the direction's x. */
    private static Map<String, float[]> handSet(LayerGraph graph) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Parameter p : graph.parameters()) {
            values.put(p.name(), new float[p.size()]);
        }
        values.get("density.bias")[0] = DENSITY_BIAS;
        // color_net.0.weight [COLOR_WIDTH, 3 + FEATURES], directions first: hidden 0 = relu(dx).
        values.get("color_net.0.weight")[0] = 1f;
        float[] out = values.get("color_net.1.weight"); // [3, COLOR_WIDTH]
        for (int c = 0; c < 3; c++) {
            out[c * COLOR_WIDTH] = 1f;
        }
        java.util.Arrays.fill(values.get("color_net.1.bias"), COLOUR_BIAS);
        return values;
    }

    /** rgb (3 per ray), opacity, depth of {@code rays} rays as volume rendering defines them. */
    private static double[][] rendered(int rays, float[] directions, float[] t, float[] delta) {
        int samples = RENDERING.samples();
        double sigma = Math.exp(DENSITY_BIAS);
        double[] rgb = new double[rays * 3];
        double[] opacity = new double[rays];
        double[] depth = new double[rays];
        for (int ray = 0; ray < rays; ray++) {
            double transmittance = 1;
            double colour = 0;
            for (int s = 0; s < samples; s++) {
                int row = ray * samples + s;
                double alpha = 1 - Math.exp(-sigma * delta[row]);
                double weight = transmittance * alpha;
                double c = 1 / (1 + Math.exp(-(Math.max(directions[row * 3], 0) + COLOUR_BIAS)));
                colour += weight * c;
                opacity[ray] += weight;
                depth[ray] += weight * t[row];
                transmittance *= 1 - alpha;
            }
            for (int ch = 0; ch < 3; ch++) {
                rgb[ray * 3 + ch] = colour + (1 - opacity[ray]) * RENDERING.background();
            }
        }
        return new double[][] {rgb, opacity, depth};
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, what + "[" + i + "]");
        }
    }

    @Test
    void renderingAndTheStepsLossFollowVolumeRendering() {
        int rows = RENDERING.rows();
        float[] positions = wave(rows * 3, 0.1, 1);
        float[] directions = wave(rows * 3, 0.7, 1);
        float[] t = new float[rows];
        float[] delta = new float[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = 2f + 0.25f * (r % RENDERING.samples()) + 0.01f * r;
            delta[r] = 0.1f + 0.05f * r;
        }
        float[] pixels = wave(RENDERING.rays() * 3, 2.0, 0.5);
        LayerGraph graph = FIELD.graph();
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                RadianceField field = RadianceField.create(backend, graph, ADAM, RENDERING)) {
            assertSame(RENDERING, field.rendering());
            field.network().setParameters(handSet(graph));
            for (int rays : new int[] {RENDERING.rays(), 1}) {
                float[] rgb = new float[rays * 3];
                float[] opacity = new float[rays];
                float[] depth = new float[rays];
                field.render(positions, directions, t, delta, rays, rgb, opacity, depth);
                double[][] expected = rendered(rays, directions, t, delta);
                assertClose(expected[0], rgb, rays + " rays' rgb");
                assertClose(expected[1], opacity, rays + " rays' opacity");
                assertClose(expected[2], depth, rays + " rays' depth");
            }
            double[] rgb = rendered(RENDERING.rays(), directions, t, delta)[0];
            double sse = 0;
            for (int i = 0; i < rgb.length; i++) {
                sse += (rgb[i] - pixels[i]) * (rgb[i] - pixels[i]);
            }
            // The loss is the batch's before the update: a step with a learning rate changes nothing of it.
            assertEquals(sse, field.trainStep(positions, directions, t, delta, pixels,
                    StepScalars.adam(1e-2, ADAM.beta1(), ADAM.beta2(), 1)), 1e-5);
        }
    }

    @Test
    void rendersOneToAFullBatchOfRays() {
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                RadianceField field = RadianceField.create(backend, FIELD.graph(), ADAM, RENDERING)) {
            float[] none = new float[RENDERING.rows() * 3];
            for (int rays : new int[] {0, RENDERING.rays() + 1}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> field.render(none, none, none, none, rays, none, none, none));
                assertEquals("renders 1 to 3 rays at a time, not " + rays, e.getMessage());
            }
        }
    }

    @Test
    void densitiesAreTheExponentOfTheRawDensityChunkByChunk() {
        LayerGraph graph = FIELD.graph();
        int count = 2 * RENDERING.rows() + 5;
        float[] positions = wave(count * 3, 0.4, 1.5);
        Map<String, float[]> parameters = graph.initialParameters(11);
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                RadianceField field = RadianceField.create(backend, graph, ADAM, RENDERING);
                DeviceNetwork whole = DeviceNetwork.create(backend, graph, count, ADAM, 0)) {
            field.network().setParameters(parameters);
            whole.setParameters(parameters);
            float[] raw = whole.predict(positions, count);
            float[] expected = new float[count];
            for (int i = 0; i < count; i++) {
                expected[i] = (float) Math.exp(raw[i * 4]);
            }
            assertArrayEquals(expected, field.densities(positions, count), 1e-6f);

            // The raw density is capped at 15 before exp, as the renderer caps it.
            parameters.get("density.bias")[0] = 40f;
            java.util.Arrays.fill(parameters.get("density.weight"), 0f);
            field.network().setParameters(parameters);
            float[] capped = field.densities(positions, 3);
            assertArrayEquals(new float[] {(float) Math.exp(15f), (float) Math.exp(15f), (float) Math.exp(15f)},
                    capped, 0f);
        }
    }

    @Test
    void aFieldTakesPositionsAndOneRowInputOfDirections() {
        LayerGraph plain = new ReluConfig(new MlpShape(3, 4, 4, 1)).graph();
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RadianceField.create(backend, plain, ADAM, RENDERING));
            assertEquals("a radiance field takes 3-D positions and one row input of view directions", e.getMessage());
        }
    }
}
