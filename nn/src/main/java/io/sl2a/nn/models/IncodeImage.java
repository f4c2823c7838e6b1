package io.sl2a.nn.models;

/**
 * The image INCODE's harmonizer reads every pass: CHW, three channels (a greyscale image's one
 * channel repeated, as the ResNet stem takes RGB), values as the network is trained on ([0, 1]).
 */
public record IncodeImage(int height, int width, float[] chw) {
    public static final int CHANNELS = 3;

    public IncodeImage {
        if (height < 1 || width < 1 || chw.length != CHANNELS * height * width) {
            throw new IllegalArgumentException("an INCODE image is 3 x " + height + " x " + width + ", got " + chw.length
                    + " values");
        }
        chw = chw.clone();
    }

    /** From interleaved pixels ({@code height x width x channels}, 1 or 3 channels). */
    public static IncodeImage fromInterleaved(float[] pixels, int height, int width, int channels) {
        if (channels != 1 && channels != 3 || pixels.length != height * width * channels) {
            throw new IllegalArgumentException("INCODE's harmonizer reads greyscale or RGB images, got " + channels
                    + " channels");
        }
        int plane = height * width;
        float[] chw = new float[CHANNELS * plane];
        for (int c = 0; c < CHANNELS; c++) {
            int source = channels == 1 ? 0 : c;
            for (int i = 0; i < plane; i++) {
                chw[c * plane + i] = pixels[i * channels + source];
            }
        }
        return new IncodeImage(height, width, chw);
    }

    @Override
    public float[] chw() {
        return chw.clone();
    }
}
