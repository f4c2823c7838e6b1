package io.sl2a.tasks.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageWriterTest {
    @TempDir
    Path dir;

    @Test
    void colourRoundTripIsExactForEightBitValues() throws IOException {
        Image original = eightBitRamp(5, 4, 3);
        Path file = dir.resolve("colour.png");
        ImageWriter.writePng(original, file);
        Image read = ImageReader.read(file);
        assertEquals("5x4 RGB", read.describeShape());
        assertArrayEquals(original.pixels(), read.pixels());
    }

    @Test
    void greyRoundTripStaysGrey() throws IOException {
        Image original = eightBitRamp(7, 3, 1);
        Path file = dir.resolve("grey.png");
        ImageWriter.writePng(original, file);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, ImageIO.read(file.toFile()).getType());
        assertArrayEquals(original.pixels(), ImageReader.read(file).pixels());
    }

    @Test
    void clampsAndRoundsToEightBits() throws IOException {
        Image original = new Image(5, 1, 1, new float[] {-0.5f, 1.7f, Float.NaN, 0.5f, 100.4f / 255f});
        Path file = dir.resolve("clamped.png");
        ImageWriter.writePng(original, file);
        int[] samples = ImageIO.read(file.toFile()).getRaster().getPixels(0, 0, 5, 1, (int[]) null);
        assertArrayEquals(new int[] {0, 255, 0, 128, 100}, samples);
    }

    @Test
    void writesChannelsInRgbOrder() throws IOException {
        Image red = new Image(1, 1, 3, new float[] {1f, 0f, 0f});
        Path file = dir.resolve("red.png");
        ImageWriter.writePng(red, file);
        assertEquals(0xFFFF0000, ImageIO.read(file.toFile()).getRGB(0, 0));
    }

    private static Image eightBitRamp(int width, int height, int channels) {
        float[] pixels = new float[width * height * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37 % 256) / 255f;
        }
        return new Image(width, height, channels, pixels);
    }
}
