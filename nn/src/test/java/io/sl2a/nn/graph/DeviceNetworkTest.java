package io.sl2a.nn.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.models.Sl2aConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A graph on a backend: the gradient of one output at one point, as the NTK analysis takes it. */
class DeviceNetworkTest {
    @Test
    void theOutputGradientAtOnePointIsTheDerivativeOfThatOutput() {
        Sl2aConfig config = new Sl2aConfig(2, 3, 5, 8, 2, 4, true, true);
        LayerGraph graph = config.graph();
        float[] point = {0.3f, -0.6f};
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(backend, graph, 4, AdamSettings.PYTORCH,
                        0)) {
            Map<String, float[]> parameters = graph.initialParameters(3);
            network.setParameters(parameters);
            assertEquals(2, network.inFeatures());
            assertEquals(3, network.outFeatures());
            String bias = Sl2aConfig.outputBias(config);
            for (int channel = 0; channel < 3; channel++) {
                float[] oneHot = new float[3];
                oneHot[channel] = 1;
                Map<String, float[]> gradient = network.outputGradient(point, oneHot);
                for (int c = 0; c < 3; c++) {
                    assertEquals(c == channel ? 1.0f : 0.0f, gradient.get(bias)[c], 0.0f,
                            "d out_" + channel + " / d b_" + c);
                }
                // A coefficient: central differences of the output itself.
                float[] coefficients = parameters.get(Sl2aConfig.COEFFICIENTS).clone();
                int k = 7;
                double eps = 1e-2;
                float original = coefficients[k];
                coefficients[k] = (float) (original + eps);
                network.program().write(Sl2aConfig.COEFFICIENTS, coefficients);
                double plus = network.predict(point, 1)[channel];
                coefficients[k] = (float) (original - eps);
                network.program().write(Sl2aConfig.COEFFICIENTS, coefficients);
                double minus = network.predict(point, 1)[channel];
                coefficients[k] = original;
                network.program().write(Sl2aConfig.COEFFICIENTS, coefficients);
                assertEquals((plus - minus) / (2 * eps), gradient.get(Sl2aConfig.COEFFICIENTS)[k], 2e-3,
                        "d out_" + channel + " / d coefficient " + k);
            }
            assertThrows(IllegalArgumentException.class, () -> network.outputGradient(new float[3], new float[3]));
        }
    }
}
