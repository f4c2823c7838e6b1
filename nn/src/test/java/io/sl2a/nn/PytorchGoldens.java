package io.sl2a.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.Backend;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.models.GridConfig;
import io.sl2a.nn.models.IncodeConfig;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.program.StepScalars;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole training steps pinned by PyTorch, on any backend: fixtures written by
 * reference/make_goldens.py (the authors' module, or a baseline's reference module, run by torch
 * 1.13 in float32) hold the inputs,
 * initial parameters, forward output, loss, every parameter gradient, and the parameters after three
 * Adam steps. Each must match to 1e-5 relative to the tensor's largest magnitude. Shared by the
 * backends' golden tests (nn publishes its test classes and fixtures as a test-jar).
 */
public final class PytorchGoldens {
    public static final List<String> FIXTURES = List.of("tiny_default", "tiny_nomod_linear", "tiny_fullrank",
            "tiny_grey",
            "tiny_relu", "tiny_relu_pe", "tiny_siren", "tiny_gauss", "tiny_wire", "tiny_finer", "tiny_chebykan",
                    "tiny_mfn_fourier",
            "tiny_mfn_gabor", "tiny_kan", "tiny_incode", "tiny_fourier_features", "tiny_hashgrid", "tiny_grid");
    private static final double TOLERANCE = 1e-5;

    private PytorchGoldens() {
    }

    public static void assertStepsMatch(Backend backend, String fixture) throws URISyntaxException {
        // Read as a stream: from another module the fixtures are inside nn's test-jar, not files.
        Safetensors.Contents golden;
        try (java.io.InputStream in = PytorchGoldens.class.getResourceAsStream("/golden/" + fixture + ".safetensors")) {
            assertTrue(in != null, "no fixture " + fixture);
            golden = Safetensors.parse(in.readAllBytes(), fixture);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> meta = golden.metadata();
        // A model that carries tensors beyond its parameters (INCODE's image) takes them from its initial state.
        Map<String, TensorData> initialTensors = new LinkedHashMap<>();
        golden.tensors().forEach((name, value) -> {
            if (name.startsWith("init.")) {
                initialTensors.put(name.substring("init.".length()), value);
            }
        });
        ModelConfig config = ModelRegistry.fromMetadata(meta, fixture).withCheckpointTensors(initialTensors, fixture);
        int points = Integer.parseInt(meta.get("points"));
        double lr = Double.parseDouble(meta.get("lr"));
        AdamSettings adam = new AdamSettings(Double.parseDouble(meta.get("beta1")), Double.parseDouble(meta.get("beta2")),
                Double.parseDouble(meta.get("eps")));
        float[] coords = golden.tensors().get("input.coords").floats();
        float[] targets = golden.tensors().get("input.targets").floats();
        LayerGraph graph = config.graph();
        List<Parameter> parameters = graph.parameters();

        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, points, adam, 0)) {
            Map<String, float[]> initial = new LinkedHashMap<>();
            for (Parameter p : parameters) {
                TensorData value = golden.tensors().get("init." + p.name());
                assertTrue(value != null, fixture + " lacks init." + p.name());
                initial.put(p.name(), value.floats());
            }
            network.setParameters(initial);
            float[] losses = golden.tensors().get("step3.loss").floats();
            for (int step = 1; step <= 3; step++) {
                double regularisation = totalVariation(network, config);
                network.trainStep(coords, targets, points, StepScalars.adam(lr, adam.beta1(),
                        adam.beta2(), step));
                double loss = network.lastSquaredError(points) / (points * config.outFeatures()) + penalty(network,
                        config) + regularisation;
                assertEquals(losses[step - 1], loss, TOLERANCE * Math.abs(losses[step - 1]), "loss at step " + step);
                if (step == 1) {
                    assertClose(golden, "forward.output", network.lastPrediction(points));
                    Map<String, float[]> gradients = network.gradients();
                    for (Parameter p : graph.trainableParameters()) {
                        assertClose(golden, "grad." + p.name(), gradients.get(p.name()));
                    }
                }
            }
            Map<String, float[]> after = network.parameters();
            for (Parameter p : parameters) {
                assertClose(golden, "step3." + p.name(), after.get(p.name()));
            }
        }
    }

    /** INCODE's penalty on the coefficients of the last step's forward (the loss PyTorch reports includes it). */
    private static double penalty(DeviceNetwork network, ModelConfig config) {
        if (!(config instanceof IncodeConfig incode)) {
            return 0;
        }
        float[] coefficients = new float[4];
        network.program().read(IncodeConfig.COEFFICIENTS, coefficients, 0, 4);
        double sum = 0;
        for (int j = 0; j < 4; j++) {
            sum += incode.penalty()[j] * Math.max(0, -coefficients[j]);
        }
        return sum;
    }

    /**
     * The grid model's total variation at the current parameters (taken before the step: the loss
     * PyTorch reports includes it): tv times the mean over edges and channels of |g(v + e_i) - g(v)|.
     */
    private static double totalVariation(DeviceNetwork network, ModelConfig config) {
        if (!(config instanceof GridConfig grid) || grid.tv() == 0) {
            return 0;
        }
        float[] table = network.parameters().get("encoding.params");
        int dims = config.inFeatures();
        int side = grid.resolution() + 1;
        int vertices = table.length / grid.channels();
        double sum = 0;
        long edges = 0;
        int stride = 1;
        for (int i = 0; i < dims; i++) {
            for (int v = 0; v < vertices; v++) {
                if ((v / stride) % side < side - 1) {
                    edges++;
                    for (int c = 0; c < grid.channels(); c++) {
                        sum += Math.abs(table[(v + stride) * grid.channels() + c] - table[v * grid.channels() + c]);
                    }
                }
            }
            stride *= side;
        }
        return grid.tv() * sum / (edges * grid.channels());
    }

    private static void assertClose(Safetensors.Contents golden, String name, float[] actual) {
        TensorData expected = golden.tensors().get(name);
        assertTrue(expected != null, "fixture lacks " + name);
        TensorAssertions.assertClose(name, expected.floats(), actual, TOLERANCE);
    }
}
