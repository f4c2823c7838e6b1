package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.Trainer;
import io.sl2a.nn.train.TrainingOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 20-epoch fit of a small image gives, on the tornado backend, a PSNR curve within 0.1 dB of the
 * cpu backend's at every epoch (same seed, initialisation and batches), through the grid path and
 * the general path; then the forward routine (after train_step changed the parameters on the
 * device) predicts what the cpu backend predicts. The fit of tasks' BackendAgreementTest, driven
 * here through nn's Trainer directly, on a smaller image.
 */
class TornadoFitAgreementTest {
    private static final int EPOCHS = 20;
    private static final double DECIBELS = 0.1;
    private static final int WIDTH = 24;
    private static final int HEIGHT = 20;

    private static FitData image() {
        float[] pixels = new float[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * WIDTH + x) * 3 + c] = (float) (0.5 + 0.45 * Math.sin(0.21 * x * (c + 1)) * Math.cos(0.17 * y));
                }
            }
        }
        return FitData.image(WIDTH, HEIGHT, 3, pixels);
    }

    record Fit(double[] psnr, float[] prediction) {
    }

    private static Fit fit(Backend backend, boolean grid) {
        Sl2aConfig config = new Sl2aConfig(2, 3, 32, 48, 2, 16, true, true);
        TrainingOptions training = new TrainingOptions(EPOCHS, 128, 2e-3, 5);
        FitData data = image();
        Map<String, float[]> initial = config.graph().initialParameters(training.seed());
        double[] psnr = new double[EPOCHS];
        try (DeviceNetwork network = DeviceNetwork.create(backend, config.graph(), training.batchSize(), training.adam(), grid ? data.grid().axisLength() : 0)) {
            network.setParameters(initial);
            new Trainer(network, data, training).train(result -> psnr[result.epoch()] = result.psnr());
            float[] prediction = network.predict(data.coords(), data.points());
            return new Fit(psnr, prediction);
        }
    }

    @Test
    void tornadoFollowsTheCpuCurveWithinATenthOfADecibel() {
        try (TornadoBackend tornado = TornadoTestSupport.openBackend()) {
            for (boolean grid : new boolean[] {true, false}) {
                Fit cpu;
                try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.JAVA)) {
                    cpu = fit(backend, grid);
                }
                Fit onTornado = fit(tornado, grid);
                for (int epoch = 0; epoch < EPOCHS; epoch++) {
                    double difference = Math.abs(cpu.psnr()[epoch] - onTornado.psnr()[epoch]);
                    System.out.printf("grid=%s epoch %2d: cpu %.3f dB, tornado %.3f dB%n", grid, epoch + 1,
                            cpu.psnr()[epoch], onTornado.psnr()[epoch]);
                    assertTrue(difference <= DECIBELS, String.format("grid=%s epoch %d: cpu %.3f dB, tornado %.3f dB",
                            grid, epoch + 1, cpu.psnr()[epoch], onTornado.psnr()[epoch]));
                }
                assertTrue(cpu.psnr()[EPOCHS - 1] > cpu.psnr()[0] + 3, "the fit makes progress");
                assertEquals(cpu.prediction().length, onTornado.prediction().length);
                TornadoTestSupport.assertClose(cpu.prediction(), onTornado.prediction(), 1e-2,
                        "forward after training, grid=" + grid);
            }
        }
    }
}
