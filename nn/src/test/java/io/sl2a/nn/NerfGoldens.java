package io.sl2a.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.Backend;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.nn.objectives.RenderedMse;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.program.StepScalars;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The radiance field's golden (reference/make_nerf_golden.py) on any backend: see NerfGoldenTest;
 * shared with the tornado backend's tests through nn's test-jar.
 */
public final class NerfGoldens {
    private static final double TOLERANCE = 1e-5;

    private NerfGoldens() {
    }

    public static void assertStepsMatch(Backend backend) throws java.io.IOException {
        Safetensors.Contents golden;
        try (java.io.InputStream in = NerfGoldens.class.getResourceAsStream("/golden/tiny_nerf_sl2a.safetensors")) {
            golden = Safetensors.parse(in.readAllBytes(), "tiny_nerf_sl2a");
        }
        Map<String, String> meta = golden.metadata();
        NerfFieldConfig config = (NerfFieldConfig) ModelRegistry.fromMetadata(meta, "tiny_nerf_sl2a");
        int rays = Integer.parseInt(meta.get("rays"));
        int samples = Integer.parseInt(meta.get("samples"));
        double lr = Double.parseDouble(meta.get("lr"));
        AdamSettings adam = new AdamSettings(Double.parseDouble(meta.get("beta1")), Double.parseDouble(meta.get("beta2")),
                Double.parseDouble(meta.get("eps")));
        float[] positions = floats(golden, "input.positions");
        float[] directions = floats(golden, "input.directions");
        float[] t = floats(golden, "input.t");
        float[] delta = floats(golden, "input.delta");
        float[] targets = floats(golden, "input.targets");
        try (RadianceField field = RadianceField.create(backend, config.graph(), adam,
                        new VolumeRendering(rays, samples, Float.parseFloat(meta.get("background"))))) {
            Map<String, float[]> initial = new LinkedHashMap<>();
            for (Parameter p : config.graph().parameters()) {
                initial.put(p.name(), floats(golden, "init." + p.name()));
            }
            field.network().setParameters(initial);
            float[] losses = floats(golden, "step3.loss");
            for (int step = 1; step <= 3; step++) {
                double loss = field.trainStep(positions, directions, t, delta, targets,
                        StepScalars.adam(lr, adam.beta1(), adam.beta2(), step)) / (rays * 3.0);
                assertEquals(losses[step - 1], loss, TOLERANCE * losses[step - 1], "loss at step " + step);
                if (step == 1) {
                    float[] rgb = new float[rays * 3];
                    field.network().program().read(RenderedMse.RAY_RGB, rgb, 0, rgb.length);
                    TensorAssertions.assertClose("forward.rgb", floats(golden, "forward.rgb"), rgb, TOLERANCE);
                    Map<String, float[]> gradients = field.network().gradients();
                    for (Parameter p : config.graph().trainableParameters()) {
                        TensorAssertions.assertClose("grad." + p.name(), floats(golden, "grad." + p.name()),
                                gradients.get(p.name()), TOLERANCE);
                    }
                }
            }
            Map<String, float[]> after = field.network().parameters();
            for (Parameter p : config.graph().trainableParameters()) {
                TensorAssertions.assertClose("step3." + p.name(), floats(golden, "step3." + p.name()),
                        after.get(p.name()),
                        TOLERANCE);
            }
        }
    }

    private static float[] floats(Safetensors.Contents golden, String name) {
        TensorData t = golden.tensors().get(name);
        assertTrue(t != null, "fixture lacks " + name);
        return t.floats();
    }
}
