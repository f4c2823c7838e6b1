package io.sl2a.tasks.nerf;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The NeRF-synthetic pictures: RGBA PNGs with straight (not premultiplied) alpha, the background
 * transparent. The project's {@link io.sl2a.tasks.image.ImageReader} drops alpha, which these need.
 */
public final class RgbaPng {
    private RgbaPng() {
    }

    /**
     * The picture composited on white, {@code rgb * a + (1 - a)}, as nerf-pytorch's {@code --white_bkgd}
     * and torch-ngp do; a file without alpha is taken as opaque, a grey one as equal R, G and B.
     *
     * @throws UserInputException naming the file if it is missing, not a PNG or JPEG, or damaged
     */
    public static Image readOnWhite(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("cannot read image " + file + ": " + (Files.exists(file) ? "not a regular file"
                    : "no such file"));
        }
        BufferedImage picture;
        try {
            requireFitsInMemory(file);
            picture = ImageIO.read(file.toFile());
        } catch (UserInputException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            // One big allocation failed (the header check was optimistic); the heap is usable again.
            throw new UserInputException("cannot read image " + file + ": too large to decode in "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB of memory (raise -Xmx)");
        } catch (IOException e) {
            throw new UserInputException("cannot read image " + file + ": " + IoErrors.reason(e), e);
        } catch (RuntimeException e) {
            // ImageIO's decoders report some damaged files with unchecked exceptions.
            throw new UserInputException("cannot read image " + file + ": damaged or unsupported image ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (picture == null) {
            throw new UserInputException("cannot read image " + file + ": not a PNG or JPEG image");
        }
        return composite(picture);
    }

    /**
     * Refuses, from the header and before anything big is allocated, a picture whose composited
     * floats would not fit in one array or, with the decoded picture (4 bytes a pixel), in the heap.
     */
    private static void requireFitsInMemory(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> decoders = in == null ? null : ImageIO.getImageReaders(in);
            if (decoders == null || !decoders.hasNext()) {
                return; // not a picture: ImageIO.read says so
            }
            ImageReader decoder = decoders.next();
            try {
                decoder.setInput(in, true, true);
                long pixels = (long) decoder.getWidth(0) * decoder.getHeight(0);
                long bytes = pixels * (3L * Float.BYTES + 4);
                if (3 * pixels > Integer.MAX_VALUE - 8 || bytes > Runtime.getRuntime().maxMemory()) {
                    throw new UserInputException("cannot read image " + file + ": too large: "
                            + decoder.getWidth(0) + "x" + decoder.getHeight(0) + " needs about " + (bytes >> 20)
                            + " MiB but the maximum heap is " + (Runtime.getRuntime().maxMemory() >> 20)
                            + " MiB (raise -Xmx)");
                }
            } finally {
                decoder.dispose();
            }
        }
    }

    private static Image composite(BufferedImage picture) {
        int width = picture.getWidth();
        int height = picture.getHeight();
        float[] rgb = new float[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        float[] pixel = new float[4];
        ColorModel model = picture.getColorModel();
        Raster raster = picture.getRaster();
        int bands = raster.getNumBands();
        int[] samples = new int[bands];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (model instanceof IndexColorModel palette) {
                    int index = raster.getSample(x, y, 0);
                    pixel[0] = palette.getRed(index) / 255f;
                    pixel[1] = palette.getGreen(index) / 255f;
                    pixel[2] = palette.getBlue(index) / 255f;
                    pixel[3] = palette.getAlpha(index) / 255f;
                } else {
                    raster.getPixel(x, y, samples);
                    fromSamples(model, samples, pixel);
                }
                int out = 3 * (y * width + x);
                float a = pixel[3];
                for (int c = 0; c < 3; c++) {
                    rgb[out + c] = pixel[c] * a + (1 - a);
                }
            }
        }
        return new Image(width, height, 3, rgb);
    }

    /** Grey, grey + alpha, RGB or RGBA samples of any depth, each divided by its largest value. */
    private static void fromSamples(ColorModel model, int[] samples, float[] pixel) {
        int colours = model.getNumColorComponents();
        for (int c = 0; c < 3; c++) {
            int band = colours == 1 ? 0 : c;
            pixel[c] = samples[band] / (float) ((1L << model.getComponentSize(band)) - 1);
        }
        pixel[3] = model.hasAlpha()
                ? samples[colours] / (float) ((1L << model.getComponentSize(colours)) - 1) : 1f;
    }

    /**
     * Writes {@code rgba} (4 floats a pixel in [0, 1], straight alpha, row-major) as an 8-bit RGBA PNG,
     * atomically (see {@link AtomicFiles}).
     */
    public static void write(Path file, int width, int height, float[] rgba) throws IOException {
        if (rgba.length != 4 * width * height) {
            throw new IllegalArgumentException("expected " + 4 * width * height + " values for " + width + "x" + height
                    + " RGBA, got " + rgba.length);
        }
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_4BYTE_ABGR);
        WritableRaster raster = picture.getRaster();
        int[] row = new int[4 * width];
        for (int y = 0; y < height; y++) {
            for (int i = 0; i < row.length; i++) {
                float v = rgba[4 * y * width + i];
                // NaN fails both tests and becomes 0.
                row[i] = Math.round((v > 1f ? 1f : (v >= 0f ? v : 0f)) * 255f);
            }
            // The raster's bands are in the colour model's R, G, B, A order whatever the byte layout.
            raster.setPixels(0, y, width, 1, row);
        }
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new IOException("no PNG encoder available");
            }
        });
    }
}
