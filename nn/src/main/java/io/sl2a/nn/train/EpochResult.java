package io.sl2a.nn.train;

/**
 * What one epoch achieved: the mean squared error of the predictions made during the epoch (each
 * point predicted once, before its batch's update, as the reference measures it) and its PSNR for
 * signals in [0, 1].
 */
public record EpochResult(int epoch, double mse, double learningRate, double seconds) {
    public double psnr() {
        return -10.0 * Math.log10(mse);
    }
}
