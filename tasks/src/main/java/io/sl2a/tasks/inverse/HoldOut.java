package io.sl2a.tasks.inverse;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The observations split in two: a fit share the network trains on and a validation share it
 * never sees, which judges the candidate settings (degree, stopping step). Indices are into the
 * observations (observed pixels, low-resolution pixels, sinogram entries), each share ascending,
 * the two disjoint and together every observation; the draw depends only on the count and the seed.
 */
public record HoldOut(int[] fit, int[] validation) {
    /**
     * The validation share: a tenth. Enough held-out observations to rank a few candidates (over a
     * thousand on every sample here) while the fit share keeps nine in ten; the final refit uses all.
     */
    public static final double SHARE = 0.1;

    /** Exactly round(share * count) observations held out (at least one, and at least one left to fit). */
    public static HoldOut split(int count, double share, long seed) {
        if (count < 2) {
            throw new IllegalArgumentException("cannot hold out a share of " + count + " observation(s)");
        }
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("hold-out share must be in (0, 1), got " + share);
        }
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        // Its own stream: the same seed also draws the inpainting mask and the initialisation.
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = (int) Math.min(count - 1, Math.max(1, Math.round(share * count)));
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] fit = Arrays.copyOfRange(order, held, count);
        Arrays.sort(validation);
        Arrays.sort(fit);
        return new HoldOut(fit, validation);
    }
}
