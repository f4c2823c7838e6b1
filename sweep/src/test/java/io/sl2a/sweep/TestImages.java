package io.sl2a.sweep;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small deterministic images and a file that is not one, for sweeps that take seconds. */
public final class TestImages {
    /** Options that make a fit of a 16x16 image take well under a second (one thread: results to the bit). */
    static final Object[] SMALL_FIT = {"--epochs", 3, "--seed", 7, "--degree", 6, "--width", 16, "--layers", 2,
        "--rank", 4, "--batch", 64, "--threads", 1};

    private TestImages() {
    }

    /** A 16x16 colour image named {@code name}.png in {@code directory}; {@code phase} tells images apart. */
    public static Path colour(Path directory, String name, double phase) throws IOException {
        int size = 16;
        float[] pixels = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * size + x) * 3 + c] = (float) (0.5 + 0.4 * Math.sin(phase + 0.3 * x * (c + 1) + 0.2 * y));
                }
            }
        }
        Files.createDirectories(directory);
        Path file = directory.resolve(name + ".png");
        ImageWriter.writePng(new Image(size, size, 3, pixels), file);
        return file;
    }

    /** Two different images, a.png and b.png, in {@code directory}; returns the directory. */
    static Path twoColours(Path directory) throws IOException {
        colour(directory, "a", 0);
        colour(directory, "b", 1.5);
        return directory;
    }

    /** A file named like an image that holds text. */
    static Path broken(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        return Files.writeString(directory.resolve(name + ".png"), "not an image\n");
    }
}
