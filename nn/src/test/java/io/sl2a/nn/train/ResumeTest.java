package io.sl2a.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.Sl2aConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run stopped between two steps and continued on a fresh network from its parameters, Adam
 * moments and state ends with exactly the parameters and epoch losses of a run never stopped.
 */
class ResumeTest {
    private static final ModelConfig MODEL = new Sl2aConfig(2, 3, 5, 8, 2, 4, true, true);

    private static FitData data() {
        int width = 9;
        int height = 7;
        float[] pixels = new float[width * height * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (0.5 + 0.4 * Math.sin(0.7 * i));
        }
        return FitData.image(width, height, 3, pixels);
    }

    @ParameterizedTest(name = "stop after {0} steps, grid {1}")
    @CsvSource({"1, true", "7, true", "12, false", "4, false"})
    void aStoppedAndContinuedRunEqualsAnUninterruptedOne(int stopAfter, boolean grid) {
        FitData data = data();
        TrainingOptions options = new TrainingOptions(4, 16, 1e-2, 3);
        int axis = grid ? data.grid().axisLength() : 0;
        Map<String, float[]> initial = MODEL.graph().initialParameters(5);
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA)) {
            List<Double> wholeLosses = new ArrayList<>();
            Map<String, float[]> whole;
            try (DeviceNetwork network = DeviceNetwork.create(backend, MODEL.graph(), 16, options.adam(), axis)) {
                network.setParameters(initial);
                assertNull(new Trainer(network, data, options).train(TrainingState.START, () -> false,
                        r -> wholeLosses.add(r.mse())));
                whole = network.parameters();
            }
            List<Double> losses = new ArrayList<>();
            Map<String, float[]> parameters;
            Map<String, float[]> moments;
            TrainingState state;
            try (DeviceNetwork first = DeviceNetwork.create(backend, MODEL.graph(), 16, options.adam(), axis)) {
                first.setParameters(initial);
                int[] steps = {0};
                state = new Trainer(first, data, options).train(TrainingState.START, () -> steps[0]++ >= stopAfter,
                        r -> losses.add(r.mse()));
                assertNotNull(state, "stopped");
                assertEquals(stopAfter, state.step());
                parameters = first.parameters();
                moments = first.optimizerState();
            }
            try (DeviceNetwork second = DeviceNetwork.create(backend, MODEL.graph(), 16, options.adam(), axis)) {
                second.setParameters(parameters);
                second.setOptimizerState(moments);
                assertNull(new Trainer(second, data, options).train(state, () -> false, r -> losses.add(r.mse())));
                for (Map.Entry<String, float[]> p : whole.entrySet()) {
                    assertArrayEquals(p.getValue(), second.parameters().get(p.getKey()), p.getKey() + " bit for bit");
                }
            }
            assertEquals(wholeLosses.size(), losses.size());
            for (int e = 0; e < losses.size(); e++) {
                assertEquals(wholeLosses.get(e), losses.get(e), 1e-6 * wholeLosses.get(e), "loss of epoch " + e);
            }
        }
    }
}
