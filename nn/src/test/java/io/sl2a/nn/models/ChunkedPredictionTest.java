package io.sl2a.nn.models;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.TensorAssertions;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A network compiled for batches smaller than the points it is asked about evaluates them in
 * chunks; every chunk size gives the one-shot result (this path makes fit's reconstruction when the
 * batch is smaller than the image, and render's above its chunk size).
 */
class ChunkedPredictionTest {
    private static final int POINTS = 103;

    @ParameterizedTest(name = "chunks of {0}")
    @ValueSource(ints = {1, 7, 50, 102})
    void chunkedPredictionEqualsOneShotPrediction(int chunk) {
        Sl2aConfig config = new Sl2aConfig(2, 3, 6, 16, 2, 4, true, true);
        Map<String, float[]> parameters = config.graph().initialParameters(4);
        float[] coords = new float[POINTS * 2];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < coords.length; i++) {
            coords[i] = (float) (random.nextDouble() * 2 - 1);
        }
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork whole = DeviceNetwork.create(backend, config.graph(), POINTS,
                        AdamSettings.PYTORCH, 0);
                DeviceNetwork chunked = DeviceNetwork.create(backend, config.graph(), chunk,
                        AdamSettings.PYTORCH, 0)) {
            whole.setParameters(parameters);
            chunked.setParameters(parameters);
            TensorAssertions.assertClose("prediction in chunks of " + chunk, whole.predict(coords, POINTS),
                    chunked.predict(coords, POINTS), 1e-6);
        }
    }
}
