package io.sl2a.tasks.inverse;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;
import java.util.SplittableRandom;

/** Which pixels of an image are observed: a seeded random fraction, or a user's mask (white = observed). */
public record PixelMask(int width, int height, boolean[] observed) {
    public PixelMask {
        if (observed.length != width * height) {
            throw new IllegalArgumentException("mask of " + observed.length + " pixels for a " + width + "x" + height + " image");
        }
    }

    /** Exactly round(keep * pixels) pixels, chosen without replacement by a seeded shuffle. */
    public static PixelMask random(int width, int height, double keep, long seed) {
        if (!(keep > 0 && keep <= 1)) {
            throw new UserInputException("--keep must be in (0, 1], got " + keep);
        }
        int pixels = width * height;
        int[] order = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = pixels - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] observed = new boolean[pixels];
        int kept = (int) Math.max(1, Math.round(keep * pixels));
        for (int i = 0; i < kept; i++) {
            observed[order[i]] = true;
        }
        return new PixelMask(width, height, observed);
    }

    /** A mask image of the image's size: a pixel is observed where its mean over channels is above one half. */
    public static PixelMask fromImage(Image mask, int width, int height, String source) {
        if (mask.width() != width || mask.height() != height) {
            throw new UserInputException("--mask " + source + " is " + mask.width() + "x" + mask.height() + ", the image is "
                    + width + "x" + height);
        }
        boolean[] observed = new boolean[width * height];
        int channels = mask.channels();
        int count = 0;
        for (int p = 0; p < observed.length; p++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += mask.pixels()[p * channels + c];
            }
            observed[p] = sum / channels > 0.5f;
            count += observed[p] ? 1 : 0;
        }
        if (count == 0) {
            throw new UserInputException("--mask " + source + " observes no pixel (white = observed)");
        }
        return new PixelMask(width, height, observed);
    }

    public int observedCount() {
        int count = 0;
        for (boolean o : observed) {
            count += o ? 1 : 0;
        }
        return count;
    }

    /** The image with the unobserved pixels black. */
    public Image apply(Image image) {
        float[] pixels = image.pixels().clone();
        int channels = image.channels();
        for (int p = 0; p < observed.length; p++) {
            if (!observed[p]) {
                for (int c = 0; c < channels; c++) {
                    pixels[p * channels + c] = 0f;
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }
}
