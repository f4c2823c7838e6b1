package io.sl2a.tasks.image;

import io.sl2a.tasks.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Saves {@link Image}s as 8-bit PNG files. */
public final class ImageWriter {
    private ImageWriter() {
    }

    /**
     * Writes {@code image} to {@code file} as an 8-bit grey or RGB PNG, values clamped to [0, 1] and
     * rounded to the nearest of 256 levels. The file appears complete or not at all (see {@link AtomicFiles}).
     */
    public static void writePng(Image image, Path file) throws IOException {
        var picture = BufferedImageConversion.toBufferedImage(image);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(picture, "png", out)) {
                throw new IOException("no PNG encoder available for " + image.describeShape());
            }
        });
    }
}
