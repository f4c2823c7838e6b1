package io.sl2a.tasks.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ReluConfig;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The spectral-bias protocol records, at each logged step t, the error of the prediction with the
 * parameters after t updates (that step's own forward pass, before its update), and the loss of that
 * prediction: checked against a network stepped here to the same point and asked for its prediction.
 */
class SpectralBiasRunTest {
    private static final double LR = 1e-3;
    private static final long SEED = 5;

    @Test
    void eachRecordIsThePredictionBeforeThatStepsUpdate() {
        ModelConfig config = new ReluConfig(new MlpShape(1, 1, 16, 1));
        List<Integer> done = new ArrayList<>();
        SpectralBiasRun.Result result;
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA)) {
            result = SpectralBiasRun.run("relu", config, backend, 7, 3, LR, SEED, done::add);
        }
        assertArrayEquals(new int[] {0, 3, 6}, result.steps());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), done, "every step reported once it is done");
        assertFalse(result.diverged());

        float[] x = SpectralTarget.coordinates(SpectralTarget.POINTS);
        float[] target = SpectralTarget.values(x);
        FrequencyError error = new FrequencyError(target, SpectralTarget.FREQUENCIES);
        int n = x.length;
        LayerGraph graph = config.graph();
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(backend, graph, n, AdamSettings.PYTORCH, 0)) {
            network.setParameters(graph.initialParameters(SEED));
            int log = 0;
            for (int step = 0; step <= 7; step++) {
                float[] prediction = network.predict(x, n);
                if (step % 3 == 0 && step < 7) {
                    double[] expected = error.of(prediction);
                    for (int k = 0; k < expected.length; k++) {
                        assertEquals(expected[k], result.delta()[k][log], 1e-6 * Math.max(1, expected[k]),
                                "frequency " + k + " at step " + step);
                    }
                    double mse = 0;
                    for (int i = 0; i < n; i++) {
                        mse += (prediction[i] - target[i]) * (double) (prediction[i] - target[i]);
                    }
                    assertEquals(mse / n, result.loss()[log], 1e-6 * mse / n, "loss at step " + step);
                    log++;
                }
                if (step == 7) {
                    assertArrayEquals(prediction, result.finalFit(), 1e-6f, "the fit after the last update");
                } else {
                    network.trainStep(x, target, n, StepScalars.adam(LR, 0.9, 0.999, step + 1));
                }
            }
        }
        assertEquals(3, result.steps().length);
    }

    @Test
    void firstBelowIsTheFirstLoggedStepUnderTheThreshold() {
        double[][] delta = {{0.9, 0.4, 0.1}, {0.9, 0.8, 0.7}};
        SpectralBiasRun.Result r = new SpectralBiasRun.Result("m", 1, new int[] {0, 10, 20}, delta, new double[3], null,
                false);
        assertEquals(10, r.firstBelow(0, 0.5));
        assertEquals(-1, r.firstBelow(1, 0.5));
        assertEquals(-1, r.firstBelow(0, 0.1), "strictly below");
        assertEquals(0, r.firstBelow(1, 0.95));
    }
}
