package io.sl2a.tasks.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Converts between AWT's {@link BufferedImage} and {@link Image}, using the stored sample values as
 * they are (no colour management, no gamma), as Pillow and OpenCV do when they load a file.
 */
public final class BufferedImageConversion {
    private BufferedImageConversion() {
    }

    /**
     * Grey images (and palettes whose entries are all grey, which is how AWT decodes 1/2/4-bit grey
     * PNGs) give 1 channel, anything else 3; alpha is dropped. Each sample is divided by its largest
     * value, 255 for 8-bit and 65535 for 16-bit samples.
     *
     * @throws IllegalArgumentException for colour models other than grey, RGB or a palette (e.g. CMYK)
     */
    public static Image toImage(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette);
        }
        int colours = model.getNumColorComponents();
        int type = model.getTransferType();
        if ((colours != 1 && colours != 3)
                || (type != DataBuffer.TYPE_BYTE && type != DataBuffer.TYPE_USHORT && type != DataBuffer.TYPE_INT)) {
            throw new IllegalArgumentException("unsupported colour model: " + colours + " colour components");
        }
        return fromComponents(image.getRaster(), model, colours);
    }

    /** Grey → 8-bit grey, colour → 8-bit RGB; values clamped to [0, 1] and rounded to the nearest of 256 levels. */
    public static BufferedImage toBufferedImage(Image image) {
        int width = image.width();
        int height = image.height();
        int channels = image.channels();
        BufferedImage result = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = result.getRaster();
        float[] pixels = image.pixels();
        int[] row = new int[width * channels];
        for (int y = 0; y < height; y++) {
            int base = y * width * channels;
            for (int i = 0; i < row.length; i++) {
                row[i] = to8Bit(pixels[base + i]);
            }
            // Raster bands follow the colour model's R, G, B order whatever the byte layout.
            raster.setPixels(0, y, width, 1, row);
        }
        return result;
    }

    static int to8Bit(float value) {
        // NaN fails both comparisons and lands on 0 rather than poisoning the picture.
        float clamped = value > 1f ? 1f : (value >= 0f ? value : 0f);
        return Math.round(clamped * 255f);
    }

    private static Image fromComponents(Raster raster, ColorModel model, int colours) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands(); // colours, plus one if there is alpha
        // Divide rather than multiply by a reciprocal: v / 255f is the correctly rounded float, as numpy's.
        float[] maxValue = new float[colours];
        for (int c = 0; c < colours; c++) {
            maxValue[c] = (1L << model.getComponentSize(c)) - 1;
        }
        float[] pixels = new float[Math.multiplyExact(Math.multiplyExact(width, height), colours)];
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            int out = y * width * colours;
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < colours; c++) {
                    pixels[out++] = row[x * bands + c] / maxValue[c];
                }
            }
        }
        return new Image(width, height, colours, pixels);
    }

    private static Image fromPalette(Raster raster, IndexColorModel palette) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int channels = isGrey(palette) ? 1 : 3;
        float[] pixels = new float[Math.multiplyExact(Math.multiplyExact(width, height), channels)];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            int out = y * width * channels;
            for (int x = 0; x < width; x++) {
                int index = row[x];
                pixels[out++] = palette.getRed(index) / 255f;
                if (channels == 3) {
                    pixels[out++] = palette.getGreen(index) / 255f;
                    pixels[out++] = palette.getBlue(index) / 255f;
                }
            }
        }
        return new Image(width, height, channels, pixels);
    }

    static boolean isGrey(IndexColorModel palette) {
        for (int i = 0; i < palette.getMapSize(); i++) {
            int red = palette.getRed(i);
            if (red != palette.getGreen(i) || red != palette.getBlue(i)) {
                return false;
            }
        }
        return true;
    }
}
