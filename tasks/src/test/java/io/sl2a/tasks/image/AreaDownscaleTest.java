package io.sl2a.tasks.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.tasks.io.UserInputException;
import org.junit.jupiter.api.Test;

class AreaDownscaleTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void factorOneReturnsTheSameImage() {
        Image image = grey(2, 2, 0, 1, 2, 3);
        assertSame(image, AreaDownscale.downscale(image, 1));
    }

    @Test
    void factorTwoAveragesTwoByTwoBlocks() {
        Image image = grey(4, 2,
                0.0f, 0.2f, 0.4f, 0.4f,
                0.6f, 0.2f, 1.0f, 0.2f);
        Image small = AreaDownscale.downscale(image, 2);
        assertShape(2, 1, 1, small);
        assertEquals(0.25, small.get(0, 0, 0), TOLERANCE);
        assertEquals(0.5, small.get(1, 0, 0), TOLERANCE);
    }

    @Test
    void channelsAreAveragedSeparately() {
        Image image = new Image(2, 2, 3, new float[] {
                1, 0, 0.1f, 0, 0, 0.2f,
                1, 1, 0.3f, 0, 1, 0.4f});
        Image small = AreaDownscale.downscale(image, 2);
        assertShape(1, 1, 3, small);
        assertEquals(0.5, small.get(0, 0, 0), TOLERANCE);
        assertEquals(0.5, small.get(0, 0, 1), TOLERANCE);
        assertEquals(0.25, small.get(0, 0, 2), TOLERANCE);
    }

    @Test
    void factorOneAndAHalfWeighsPartlyCoveredPixelsByArea() {
        // 3 pixels -> 2: output 0 covers [0, 1.5), i.e. pixel 0 wholly and half of pixel 1, weights 2/3, 1/3;
        // output 1 covers [1.5, 3): weights 1/3, 2/3 on pixels 1 and 2. Same along y.
        Image image = grey(3, 3,
                0.0f, 0.3f, 0.9f,
                0.6f, 0.0f, 0.3f,
                0.9f, 0.6f, 0.0f);
        Image small = AreaDownscale.downscale(image, 1.5);
        assertShape(2, 2, 1, small);
        double[][] w = {{2 / 3.0, 1 / 3.0, 0}, {0, 1 / 3.0, 2 / 3.0}};
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                double expected = 0;
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        expected += w[dy][y] * w[dx][x] * image.get(x, y, 0);
                    }
                }
                assertEquals(expected, small.get(dx, dy, 0), TOLERANCE, "output " + dx + "," + dy);
            }
        }
        // By hand for the top-left: rows 0 and 1 become 0.1 and 0.4, then (2·0.1 + 0.4) / 3; cv2 gives
        // 0.2, 0.5333, 0.6667, 0.2 for this image.
        assertEquals(0.2, small.get(0, 0, 0), TOLERANCE);
        assertEquals(0.5333333, small.get(1, 0, 0), TOLERANCE);
        assertEquals(0.6666667, small.get(0, 1, 0), TOLERANCE);
    }

    @Test
    void matchesOpenCvWhereTheLastFootprintRunsPastTheEdge() {
        // 5x4 -> 3x3: the last column covers [3, 4.5), the last row [3, 4.5) clipped to the image.
        // Expected values: cv2.resize(img, None, fx=1/1.5, fy=1/1.5, interpolation=cv2.INTER_AREA),
        // OpenCV 4.6, on this float32 image.
        Image image = grey(5, 4,
                0.0f, 0.7f, 0.4f, 0.1f, 0.8f,
                0.5f, 0.2f, 0.9f, 0.6f, 0.3f,
                0.0f, 0.7f, 0.4f, 0.1f, 0.8f,
                0.5f, 0.2f, 0.9f, 0.6f, 0.3f);
        float[] openCv = {
                0.2888889f, 0.5555556f, 0.38888893f,
                0.2888889f, 0.5555556f, 0.38888893f,
                0.4f, 0.6666667f, 0.50000006f};
        Image small = AreaDownscale.downscale(image, 1.5);
        assertShape(3, 3, 1, small);
        for (int i = 0; i < openCv.length; i++) {
            assertEquals(openCv[i], small.pixels()[i], TOLERANCE, "value " + i);
        }
    }

    @Test
    void factorTwoAndAHalfCoversTwoAndAHalfPixels() {
        // 5 -> 2: output 0 covers pixels 0, 1 and half of 2; output 1 the other half of 2, and 3, 4.
        // All rows are equal, so each output is its row's horizontal average.
        float[] row = {0.5f, 1.0f, 0.0f, 0.25f, 0.75f};
        float[] pixels = new float[25];
        for (int y = 0; y < 5; y++) {
            System.arraycopy(row, 0, pixels, y * 5, 5);
        }
        Image small = AreaDownscale.downscale(grey(5, 5, pixels), 2.5);
        assertShape(2, 2, 1, small);
        assertEquals((0.5 + 1.0 + 0.5 * 0.0) / 2.5, small.get(0, 0, 0), TOLERANCE);
        assertEquals((0.5 * 0.0 + 0.25 + 0.75) / 2.5, small.get(1, 1, 0), TOLERANCE);
    }

    @Test
    void outputSizeIsRoundedHalfToEvenAsOpenCvDoes() {
        // 5 / 2 = 2.5 rounds to 2 (the fifth column is dropped); 7 / 2 = 3.5 rounds to 4.
        Image five = grey(5, 2, 0, 0.2f, 0.4f, 0.6f, 1, 0, 0.2f, 0.4f, 0.6f, 1);
        assertShape(2, 1, 1, AreaDownscale.downscale(five, 2));
        assertEquals(0.5, AreaDownscale.downscale(five, 2).get(1, 0, 0), TOLERANCE);

        Image seven = grey(7, 2, 0, 0, 0, 0, 0, 0, 0.8f, 0, 0, 0, 0, 0, 0, 0.4f);
        Image small = AreaDownscale.downscale(seven, 2);
        assertShape(4, 1, 1, small);
        // The last output pixel's block runs past the edge: it averages only the column that exists.
        assertEquals(0.6, small.get(3, 0, 0), TOLERANCE);
    }

    @Test
    void rejectsBadFactors() {
        Image image = grey(2, 2, 0, 1, 2, 3);
        assertThrows(UserInputException.class, () -> AreaDownscale.downscale(image, 0.5));
        assertThrows(UserInputException.class, () -> AreaDownscale.downscale(image, Double.NaN));
        assertThrows(UserInputException.class, () -> AreaDownscale.downscale(image, Double.POSITIVE_INFINITY));
        UserInputException e = assertThrows(UserInputException.class, () -> AreaDownscale.downscale(image, 5));
        assertEquals("downscale factor 5.0 leaves no pixels of the 2x2 grey image", e.getMessage());
    }

    private static Image grey(int width, int height, float... values) {
        return new Image(width, height, 1, values);
    }

    private static void assertShape(int width, int height, int channels, Image image) {
        assertEquals(width + "x" + height + "x" + channels,
                image.width() + "x" + image.height() + "x" + image.channels());
    }
}
