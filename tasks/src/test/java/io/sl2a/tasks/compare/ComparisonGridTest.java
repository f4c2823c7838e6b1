package io.sl2a.tasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sl2a.tasks.image.Image;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison picture's layout: cells of 220 px with 6 px gaps and 22 px labels, the ground truth
 * first, each reconstruction in its column, the zoomed crop under each, grey for a diverged run.
 */
class ComparisonGridTest {
    private static final int CELL = 220;
    private static final int GAP = 6;
    private static final int LABEL = 22;

    @TempDir
    Path temp;

    private static Image solid(int width, int height, float r, float g, float b) {
        float[] pixels = new float[width * height * 3];
        for (int p = 0; p < width * height; p++) {
            pixels[3 * p] = r;
            pixels[3 * p + 1] = g;
            pixels[3 * p + 2] = b;
        }
        return new Image(width, height, 3, pixels);
    }

    private static ComparisonRun run(String model, Image reconstruction) {
        return new ComparisonRun("img", model, 10, 20.0, 0.5, 1, 1, 1, new double[] {20.0}, reconstruction == null ? 0 : -1,
                reconstruction);
    }

    private static Color at(BufferedImage picture, int x, int y) {
        return new Color(picture.getRGB(x, y));
    }

    @Test
    void everyCellHoldsItsPictureAndItsCropUnderIt() throws Exception {
        // Left half red, right half blue: the central crop straddles both.
        Image truth = solid(8, 4, 1, 0, 0);
        for (int y = 0; y < 4; y++) {
            for (int x = 4; x < 8; x++) {
                truth.pixels()[3 * (y * 8 + x)] = 0;
                truth.pixels()[3 * (y * 8 + x) + 2] = 1;
            }
        }
        Image green = solid(8, 4, 0, 1, 0);
        Path png = temp.resolve("grid.png");
        ComparisonGrid.write(List.of(new ComparisonGrid.Row("img", truth, List.of(run("a", green), run("b", null)))), png);
        BufferedImage picture = ImageIO.read(png.toFile());
        int height = Math.round((float) CELL * 4 / 8);
        assertEquals(GAP + 3 * (CELL + GAP), picture.getWidth());
        assertEquals(GAP + 2 * (LABEL + height) + 2 * GAP, picture.getHeight());
        assertEquals(Color.WHITE, at(picture, 1, 1), "background");
        int top = GAP + LABEL;
        int cropTop = top + height + GAP + LABEL;
        int[] left = {GAP, GAP + CELL + GAP, GAP + 2 * (CELL + GAP)};
        // Ground truth: red on the left, blue on the right, in the picture and in the crop.
        assertEquals(Color.RED, at(picture, left[0] + 10, top + height / 2));
        assertEquals(Color.BLUE, at(picture, left[0] + CELL - 10, top + height / 2));
        assertEquals(Color.RED, at(picture, left[0] + 10, cropTop + height / 2));
        assertEquals(Color.BLUE, at(picture, left[0] + CELL - 10, cropTop + height / 2));
        // The model's column: green, picture and crop; the diverged model's: grey.
        assertEquals(Color.GREEN, at(picture, left[1] + CELL / 2, top + height / 2));
        assertEquals(Color.GREEN, at(picture, left[1] + CELL / 2, cropTop + height / 2));
        assertEquals(Color.LIGHT_GRAY, at(picture, left[2] + CELL / 2, top + height / 2));
        assertEquals(Color.LIGHT_GRAY, at(picture, left[2] + CELL / 2, cropTop + height / 2));
        // Gaps between cells stay white.
        assertEquals(Color.WHITE, at(picture, left[1] - GAP / 2, top + height / 2));
        // Labels are drawn in the label band above each cell.
        boolean ink = false;
        for (int x = left[1]; x < left[1] + CELL && !ink; x++) {
            for (int y = GAP; y < top; y++) {
                ink |= !at(picture, x, y).equals(Color.WHITE);
            }
        }
        assertEquals(true, ink, "the model's label is drawn");
        int[] row = new int[CELL];
        picture.getRGB(left[1], top + height - 1, CELL, 1, row, 0, CELL);
        assertEquals(1, Arrays.stream(row).distinct().count(), "the reconstruction fills its cell to its last row");
    }

    @Test
    void everyRowOfAManyImageComparisonIsWholeWithAMarginUnderTheLast() throws Exception {
        // Three images of different shapes, each with its own colour for the truth and the model.
        Image[] truths = {solid(8, 4, 1, 0, 0), solid(4, 8, 0, 0, 1), solid(6, 6, 1, 1, 0)};
        Image[] models = {solid(8, 4, 0, 1, 0), solid(4, 8, 0, 1, 1), solid(6, 6, 1, 0, 1)};
        Color[] truthColours = {Color.RED, Color.BLUE, Color.YELLOW};
        Color[] modelColours = {Color.GREEN, Color.CYAN, Color.MAGENTA};
        List<ComparisonGrid.Row> rows = new java.util.ArrayList<>();
        for (int r = 0; r < 3; r++) {
            rows.add(new ComparisonGrid.Row("img" + r, truths[r], List.of(run("a", models[r]))));
        }
        Path png = temp.resolve("grid.png");
        ComparisonGrid.write(rows, png);
        BufferedImage picture = ImageIO.read(png.toFile());
        assertEquals(GAP + 2 * (CELL + GAP), picture.getWidth());
        int y = GAP;
        for (int r = 0; r < 3; r++) {
            int height = Math.round((float) CELL * truths[r].height() / truths[r].width());
            int top = y + LABEL;
            int cropTop = top + height + GAP + LABEL;
            for (int edge : new int[] {top, top + height - 1, cropTop, cropTop + height - 1}) {
                assertEquals(truthColours[r], at(picture, GAP + CELL / 2, edge), "row " + r + ", truth at y " + edge);
                assertEquals(modelColours[r], at(picture, 2 * GAP + CELL + CELL / 2, edge), "row " + r + ", model at y " + edge);
            }
            assertEquals(Color.WHITE, at(picture, GAP + CELL / 2, top + height + GAP / 2), "row " + r + ": gap over the crop");
            y = cropTop + height + 2 * GAP;
        }
        assertEquals(y - GAP, picture.getHeight(), "one gap of margin under the last crop");
        assertEquals(Color.WHITE, at(picture, GAP + CELL / 2, picture.getHeight() - 1), "the margin is white");
    }
}
