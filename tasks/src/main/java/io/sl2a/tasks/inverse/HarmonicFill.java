package io.sl2a.tasks.inverse;

import io.sl2a.tasks.image.Image;

/**
 * The classical inpainting baseline: harmonic fill, the missing pixels solving Laplace's equation
 * with the observed ones as boundary values (each missing pixel the mean of its 4 neighbours;
 * image borders reflect), per channel. Solved by successive over-relaxation (omega 1.9) from the
 * observed mean until no pixel moves by more than 1e-5 or 10,000 sweeps. Written here: the
 * five-point solve is a few lines, and no Maven Central library offers image inpainting.
 */
public final class HarmonicFill {
    static final double OMEGA = 1.9;
    static final double TOLERANCE = 1e-5;
    static final int MAX_SWEEPS = 10_000;

    private HarmonicFill() {
    }

    public static Image fill(Image image, PixelMask mask) {
        int w = image.width();
        int h = image.height();
        int channels = image.channels();
        float[] out = image.pixels().clone();
        boolean[] observed = mask.observed();
        for (int c = 0; c < channels; c++) {
            double mean = 0;
            int count = 0;
            for (int p = 0; p < w * h; p++) {
                if (observed[p]) {
                    mean += out[p * channels + c];
                    count++;
                }
            }
            mean /= count;
            double[] u = new double[w * h];
            for (int p = 0; p < w * h; p++) {
                u[p] = observed[p] ? out[p * channels + c] : mean;
            }
            for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
                double largest = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        if (observed[p]) {
                            continue;
                        }
                        double left = u[y * w + (x > 0 ? x - 1 : Math.min(1, w - 1))];
                        double right = u[y * w + (x < w - 1 ? x + 1 : Math.max(w - 2, 0))];
                        double up = u[(y > 0 ? y - 1 : Math.min(1, h - 1)) * w + x];
                        double down = u[(y < h - 1 ? y + 1 : Math.max(h - 2, 0)) * w + x];
                        double target = (left + right + up + down) / 4;
                        double change = OMEGA * (target - u[p]);
                        u[p] += change;
                        largest = Math.max(largest, Math.abs(change));
                    }
                }
                if (largest < TOLERANCE) {
                    break;
                }
            }
            for (int p = 0; p < w * h; p++) {
                out[p * channels + c] = (float) Math.max(0, Math.min(1, u[p]));
            }
        }
        return new Image(w, h, channels, out);
    }
}
