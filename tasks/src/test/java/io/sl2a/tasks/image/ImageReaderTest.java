package io.sl2a.tasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.io.UserInputException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEightBitGreyAsOneChannel() throws IOException {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setPixels(0, 0, 3, 2, new int[] {0, 51, 255, 1, 2, 254});
        Image image = ImageReader.read(save(grey, "png", "grey8.png"));
        assertEquals(3, image.width());
        assertEquals(2, image.height());
        assertEquals(1, image.channels());
        assertEquals(51 / 255f, image.get(1, 0, 0));
        assertEquals(254 / 255f, image.get(2, 1, 0));
    }

    @Test
    void readsSixteenBitGreyScaledBy65535() throws IOException {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setPixels(0, 0, 2, 1, new int[] {32768, 65535});
        Image image = ImageReader.read(save(grey, "png", "grey16.png"));
        assertEquals(1, image.channels());
        assertEquals(32768 / 65535f, image.get(0, 0, 0));
        assertEquals(1f, image.get(1, 0, 0));
    }

    @Test
    void readsRgbaAsRgbDroppingAlpha() throws IOException {
        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, new Color(10, 20, 30, 0).getRGB());
        rgba.setRGB(1, 0, new Color(200, 100, 50, 128).getRGB());
        Image image = ImageReader.read(save(rgba, "png", "rgba.png"));
        assertEquals(3, image.channels());
        assertArrayEquals255(new int[] {10, 20, 30, 200, 100, 50}, image.pixels());
    }

    @Test
    void expandsColourPalette() throws IOException {
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {(byte) 255, 0}, new byte[] {0, 0},
                new byte[] {0, (byte) 128});
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setPixels(0, 0, 2, 1, new int[] {1, 0});
        Image image = ImageReader.read(save(indexed, "png", "palette.png"));
        assertEquals(3, image.channels());
        assertArrayEquals255(new int[] {0, 0, 128, 255, 0, 0}, image.pixels());
    }

    @Test
    void readsOneBitImageAsGrey() throws IOException {
        BufferedImage binary = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY);
        binary.getRaster().setPixels(0, 0, 3, 1, new int[] {1, 0, 1});
        Image image = ImageReader.read(save(binary, "png", "binary.png"));
        assertEquals(1, image.channels());
        assertArrayEquals255(new int[] {255, 0, 255}, image.pixels());
    }

    @Test
    void readsJpegColourAndGrey() throws IOException {
        BufferedImage colour = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        fill(colour, new Color(200, 100, 50));
        Image rgb = ImageReader.read(save(colour, "jpeg", "colour.jpg"));
        assertEquals(3, rgb.channels());
        assertEquals(200 / 255f, rgb.get(5, 5, 0), 3 / 255f);
        assertEquals(100 / 255f, rgb.get(5, 5, 1), 3 / 255f);
        assertEquals(50 / 255f, rgb.get(5, 5, 2), 3 / 255f);

        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        // Through the raster: setRGB would convert to AWT's linear grey colour space.
        int[] samples = new int[16 * 16];
        Arrays.fill(samples, 90);
        grey.getRaster().setPixels(0, 0, 16, 16, samples);
        Image g = ImageReader.read(save(grey, "jpeg", "grey.jpg"));
        assertEquals(1, g.channels());
        assertEquals(90 / 255f, g.get(7, 7, 0), 2 / 255f);
    }

    @Test
    void readsTheShippedSample() {
        Image sample = ImageReader.read(Path.of("../samples/astronaut.png"));
        assertEquals("256x256 RGB", sample.describeShape());
    }

    @Test
    void missingFile() {
        assertRejected(dir.resolve("nope.png"), "no such file");
    }

    @Test
    void directory() {
        assertRejected(dir, "directory");
    }

    @Test
    void emptyFile() throws IOException {
        assertRejected(Files.createFile(dir.resolve("empty.png")), "empty");
    }

    @Test
    void textFileNamedPng() throws IOException {
        assertRejected(Files.writeString(dir.resolve("notes.png"), "just some text\n"), "not a PNG or JPEG");
    }

    @Test
    void unsupportedFormat() throws IOException {
        BufferedImage picture = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED);
        assertRejected(save(picture, "gif", "picture.gif"), "unsupported image format GIF");
    }

    @Test
    void truncatedPng() throws IOException {
        Path whole = save(noise(64, 64), "png", "whole.png");
        assertRejected(truncate(whole, "truncated.png"), "damaged or truncated");
    }

    @Test
    void truncatedJpeg() throws IOException {
        Path whole = save(noise(64, 64), "jpeg", "whole.jpg");
        assertRejected(truncate(whole, "truncated.jpg"), "damaged or truncated");
    }

    @Test
    void imageTooLargeForAnArrayIsRejectedFromItsHeader() throws IOException {
        Path huge = Files.write(dir.resolve("huge.png"), PngHeaders.headerOnly(100_000, 100_000));
        assertRejected(huge, "too large");
    }

    private static void assertRejected(Path file, String reason) {
        UserInputException e = assertThrows(UserInputException.class, () -> ImageReader.read(file));
        assertTrue(e.getMessage().startsWith("cannot read image " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static void assertArrayEquals255(int[] expected, float[] actual) {
        float[] scaled = new float[expected.length];
        for (int i = 0; i < expected.length; i++) {
            scaled[i] = expected[i] / 255f;
        }
        assertEquals(Arrays.toString(scaled), Arrays.toString(actual));
    }

    private Path save(BufferedImage image, String format, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "no writer for " + format);
        return file;
    }

    private Path truncate(Path whole, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(whole);
        return Files.write(dir.resolve(name), Arrays.copyOf(bytes, bytes.length / 2));
    }

    private static void fill(BufferedImage image, Color colour) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, colour.getRGB());
            }
        }
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }
}
