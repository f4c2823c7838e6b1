package io.sl2a.tasks.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.SirenConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The empirical NTK: a linear model's against its closed form x_i . x_j + 1 (in one block and in
 * many), and the Jacobian rows it is built from against central differences of the network.
 */
class EmpiricalNtkTest {
    private static LayerGraph linear(int in) {
        LayerGraph.Builder g = LayerGraph.builder(in);
        g.apply("out", new LinearLayer("w", "b", in, 1, Activation.NONE), g.input());
        return g.build();
    }

    @Test
    void aLinearModelsKernelIsTheInnerProductPlusOne() {
        int points = 7;
        float[] inputs = new float[2 * points];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) Math.sin(1.3 * i + 0.2);
        }
        LayerGraph graph = linear(2);
        Map<String, float[]> parameters = graph.initialParameters(1);
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA)) {
            for (long budget : new long[] {1 << 20, 12, 30}) { // all rows at once, one row a block, two rows a block
                double[][] k = EmpiricalNtk.kernel(backend, graph, parameters, inputs, points, budget, done -> { });
                for (int i = 0; i < points; i++) {
                    for (int j = 0; j < points; j++) {
                        double expected = (double) inputs[2 * i] * inputs[2 * j] + (double) inputs[2 * i + 1] * inputs[2 * j + 1]
                                + 1;
                        assertEquals(expected, k[i][j], 1e-6, "K[" + i + "][" + j + "] with a budget of " + budget);
                    }
                }
            }
        }
        assertEquals(1, EmpiricalNtk.blockRows(3, 12, 7));
        assertEquals(2, EmpiricalNtk.blockRows(3, 30, 7));
        assertEquals(7, EmpiricalNtk.blockRows(3, 1 << 20, 7));
        assertEquals(7 + 6 + 5 + 4 + 3 + 2 + 1, EmpiricalNtk.gradientsNeeded(7, 3, 12));
        assertEquals(7, EmpiricalNtk.gradientsNeeded(7, 3, 1 << 20));
    }

    @Test
    void theJacobianRowsAreTheNetworksDerivatives() {
        SirenConfig config = new SirenConfig(new MlpShape(1, 1, 6, 1), 2f, 2f);
        LayerGraph graph = config.graph();
        Map<String, float[]> parameters = graph.initialParameters(3);
        float[] x = {0.37f};
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(backend, graph, 1, AdamSettings.PYTORCH,
                        0)) {
            network.setParameters(parameters);
            Map<String, float[]> gradient = network.outputGradient(x, new float[] {1f});
            double h = 1e-2;
            for (Parameter p : graph.parameters()) {
                for (int i = 0; i < p.size(); i++) {
                    Map<String, float[]> shifted = copy(parameters);
                    shifted.get(p.name())[i] += (float) h;
                    network.setParameters(shifted);
                    double plus = network.predict(x, 1)[0];
                    shifted.get(p.name())[i] -= (float) (2 * h);
                    network.setParameters(shifted);
                    double minus = network.predict(x, 1)[0];
                    assertEquals((plus - minus) / (2 * h), gradient.get(p.name())[i], 2e-3, p.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void onlyAScalarOutput() {
        LayerGraph.Builder g = LayerGraph.builder(1);
        g.apply("out", new LinearLayer("w", "b", 1, 2, Activation.NONE), g.input());
        LayerGraph graph = g.build();
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA)) {
            assertThrows(IllegalArgumentException.class, () -> EmpiricalNtk.kernel(backend, graph,
                    graph.initialParameters(0), new float[] {0f, 1f}, 2, 1 << 20, done -> { }));
        }
    }

    private static Map<String, float[]> copy(Map<String, float[]> values) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}
