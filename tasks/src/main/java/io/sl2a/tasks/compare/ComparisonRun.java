package io.sl2a.tasks.compare;

/**
 * One model fitted to one image: its measurements, or the epoch at which its loss diverged
 * ({@code divergedAtEpoch >= 0}, then only {@code params} and {@code psnrPerEpoch} so far are set).
 */
public record ComparisonRun(String image, String model, long params, double psnr, double ssim, int epochs,
        double trainSeconds, double samplesPerSecond, double[] psnrPerEpoch, int divergedAtEpoch,
        io.sl2a.tasks.image.Image reconstruction) {
    public boolean diverged() {
        return divergedAtEpoch >= 0;
    }
}
