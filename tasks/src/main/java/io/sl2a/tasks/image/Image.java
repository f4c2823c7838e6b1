package io.sl2a.tasks.image;

/**
 * A picture as the networks see it: {@code channels} (1 = grey, 3 = RGB) float values in [0, 1] per
 * pixel, interleaved row-major, so the value of channel {@code c} at column {@code x}, row {@code y}
 * is {@code pixels[(y * width + x) * channels + c]}.
 *
 * <p>The pixel array is shared, not copied, to keep multi-megapixel images cheap to pass around;
 * by convention nobody writes into an {@code Image}'s array after construction.
 */
public final class Image {
    private final int width;
    private final int height;
    private final int channels;
    private final float[] pixels;

    /** @throws IllegalArgumentException if a size is not positive, channels is not 1 or 3, or the length is wrong */
    public Image(int width, int height, int channels, float[] pixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        long expected = (long) width * height * channels;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " values for " + width + "x" + height
                    + "x" + channels + ", got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixels = pixels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 1 for grey, 3 for RGB. */
    public int channels() {
        return channels;
    }

    /** The interleaved values (shared, do not modify). */
    public float[] pixels() {
        return pixels;
    }

    /** Number of pixels, {@code width * height}: the number of coordinates a network is fitted on. */
    public int pixelCount() {
        return width * height;
    }

    /** Number of values, {@code width * height * channels}. */
    public int valueCount() {
        return pixels.length;
    }

    public boolean isGrey() {
        return channels == 1;
    }

    /** Index into {@link #pixels()} of channel {@code c} at column {@code x}, row {@code y}. */
    public int index(int x, int y, int c) {
        return (y * width + x) * channels + c;
    }

    public float get(int x, int y, int c) {
        return pixels[index(x, y, c)];
    }

    public boolean sameShapeAs(Image other) {
        return width == other.width && height == other.height && channels == other.channels;
    }

    /** For messages: "256x256 RGB" or "64x48 grey". */
    public String describeShape() {
        return width + "x" + height + (channels == 1 ? " grey" : " RGB");
    }

    @Override
    public String toString() {
        return "Image[" + describeShape() + "]";
    }
}
