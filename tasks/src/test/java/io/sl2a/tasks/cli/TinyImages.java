package io.sl2a.tasks.cli;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageWriter;
import java.io.IOException;
import java.nio.file.Path;

/** Small deterministic images for command-line tests. */
final class TinyImages {
    private TinyImages() {
    }

    static Path colour(Path directory, int width, int height) throws IOException {
        float[] pixels = new float[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * width + x) * 3 + c] = (float) (0.5 + 0.4 * Math.sin(0.3 * x * (c + 1) + 0.2 * y));
                }
            }
        }
        Path file = directory.resolve("tiny.png");
        ImageWriter.writePng(new Image(width, height, 3, pixels), file);
        return file;
    }

    /** Options that make a fit take well under a second. */
    static Object[] smallModel() {
        return new Object[] {"--degree", 6, "--width", 16, "--layers", 2, "--rank", 4, "--batch", 64, "--threads", 2};
    }
}
