package io.sl2a.tasks.fit;

import io.sl2a.nn.models.ModelConfig;
import io.sl2a.tasks.image.Image;
import java.util.Map;

/**
 * The outcome of a fit: final parameters, the reconstruction at the image's size and its
 * metrics, the per-epoch PSNR of the training predictions, and whether training ran on the
 * grid path (per-axis tables) or expanded every point; a run stopped before its last epoch carries
 * what continuing it needs ({@code stopped}: only the epochs done are in {@code psnrPerEpoch}).
 */
public record FitResult(ModelConfig config, Map<String, float[]> parameters, Image reconstruction, double psnr,
        double ssim, double[] psnrPerEpoch, double trainSeconds, double samplesPerSecond, boolean gridPath,
        TrainingStateFile.Saved stopped) {

    /** Whether every epoch ran (else {@link #stopped()} says how to continue). */
    public boolean finished() {
        return stopped == null;
    }
}
