package io.sl2a.tasks.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvergencePlotTest {
    @TempDir
    Path dir;

    @Test
    void writesAPngChart() throws IOException {
        Path png = dir.resolve("psnr.png");
        ConvergencePlot.writePsnrCurve(new double[] {12.5, 18.0, 22.1, 25.3, 26.0}, "astronaut, 5 epochs", png);
        BufferedImage chart = ImageIO.read(png.toFile());
        assertEquals(800, chart.getWidth());
        assertEquals(500, chart.getHeight());
    }

    @Test
    void toleratesAPerfectFitAndASingleEpoch() throws IOException {
        Path png = dir.resolve("perfect.png");
        ConvergencePlot.writePsnrCurve(new double[] {30.0, Double.POSITIVE_INFINITY}, "perfect", png);
        assertEquals(800, ImageIO.read(png.toFile()).getWidth());
        ConvergencePlot.writePsnrCurve(new double[] {30.0}, "one", png);
        assertEquals(800, ImageIO.read(png.toFile()).getWidth());
        ConvergencePlot.writePsnrCurve(new double[] {Double.POSITIVE_INFINITY}, "nothing finite", png);
        assertEquals(800, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void rejectsNoValuesAndWritesNothing() {
        Path png = dir.resolve("empty.png");
        assertThrows(IllegalArgumentException.class, () -> ConvergencePlot.writePsnrCurve(new double[0], "none", png));
        assertFalse(Files.exists(png));
    }
}
