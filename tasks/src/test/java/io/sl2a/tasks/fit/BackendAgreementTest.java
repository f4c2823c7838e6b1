package io.sl2a.tasks.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.backend.opencl.OpenClBackend;
import io.sl2a.backend.opencl.OpenClDevices;
import io.sl2a.backend.opencl.OpenClUnavailableException;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.image.Image;
import org.junit.jupiter.api.Test;

/**
 * A 20-epoch fit of a small image gives, on the opencl backend, a PSNR curve within 0.1 dB of the
 * cpu backend's at every epoch (same seed, same initialisation, same batches), through the grid
 * path and through the general path. Runs on PoCL in CI; skipped, with a message, where no OpenCL
 * platform exists.
 */
class BackendAgreementTest {
    private static final int EPOCHS = 20;
    private static final double DECIBELS = 0.1;

    private static boolean openClPresent() {
        try {
            return !OpenClDevices.list().isEmpty();
        } catch (OpenClUnavailableException e) {
            return false;
        }
    }

    private static Image image() {
        int width = 40;
        int height = 32;
        float[] pixels = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * width + x) * 3 + c] = (float) (0.5 + 0.45 * Math.sin(0.21 * x * (c + 1)) * Math.cos(0.17 * y));
                }
            }
        }
        return new Image(width, height, 3, pixels);
    }

    private static FitResult fit(Backend backend, boolean grid) {
        Sl2aConfig config = new Sl2aConfig(2, 3, 32, 48, 2, 16, true, true);
        TrainingOptions training = new TrainingOptions(EPOCHS, 256, 2e-3, 5);
        return ImageFit.fit(image(), new FitSettings(config, training, null, grid), backend, ProgressReporter.SILENT);
    }

    @Test
    void openClFollowsTheCpuCurveWithinATenthOfADecibel() {
        assumeTrue(openClPresent(), "skipped: no OpenCL platform (apt-get install pocl-opencl-icd)");
        for (boolean grid : new boolean[] {true, false}) {
            FitResult cpu;
            try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO)) {
                cpu = fit(backend, grid);
            }
            FitResult openCl;
            try (OpenClBackend backend = new OpenClBackend(null)) {
                openCl = fit(backend, grid);
            }
            assertEquals(EPOCHS, openCl.psnrPerEpoch().length);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                double difference = Math.abs(cpu.psnrPerEpoch()[epoch] - openCl.psnrPerEpoch()[epoch]);
                assertTrue(difference <= DECIBELS, String.format("grid=%s epoch %d: cpu %.3f dB, opencl %.3f dB", grid,
                        epoch + 1, cpu.psnrPerEpoch()[epoch], openCl.psnrPerEpoch()[epoch]));
            }
            assertTrue(cpu.psnrPerEpoch()[EPOCHS - 1] > cpu.psnrPerEpoch()[0] + 3, "the fit makes progress");
            assertEquals(cpu.psnr(), openCl.psnr(), DECIBELS, "final PSNR, grid=" + grid);
        }
    }
}
