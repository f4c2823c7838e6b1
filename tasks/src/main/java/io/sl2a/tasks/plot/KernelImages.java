package io.sl2a.tasks.plot;

import io.sl2a.tasks.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Square matrices (kernels) as images side by side, each on its own scale from its smallest to its
 * largest entry (viridis), with a title: the NTK figure.
 */
public final class KernelImages {
    /** One matrix and its title. */
    public record Kernel(String title, double[][] values) {
    }

    private static final int SIDE = 220;
    private static final int PAD = 16;
    private static final int TITLE = 24;
    private static final int COLUMNS = 4;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private KernelImages() {
    }

    public static void write(List<Kernel> kernels, Path png) throws IOException {
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("no kernels to draw");
        }
        int columns = Math.min(COLUMNS, kernels.size());
        int rows = (kernels.size() + columns - 1) / columns;
        int width = PAD + columns * (SIDE + PAD);
        int height = PAD + rows * (SIDE + TITLE + PAD);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < kernels.size(); i++) {
            int x = PAD + (i % columns) * (SIDE + PAD);
            int y = PAD + (i / columns) * (SIDE + TITLE + PAD);
            Kernel kernel = kernels.get(i);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(kernel.title(), x, y + 14);
            g.drawImage(picture(kernel.values()), x, y + TITLE, null);
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        AtomicFiles.write(png, bytes.toByteArray());
    }

    /** The matrix resampled to SIDE x SIDE (nearest entry), coloured between its extremes. */
    private static BufferedImage picture(double[][] values) {
        int n = values.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double range = max > min ? max - min : 1;
        BufferedImage picture = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int py = 0; py < SIDE; py++) {
            for (int px = 0; px < SIDE; px++) {
                double v = values[py * n / SIDE][px * n / SIDE];
                picture.setRGB(px, py, FrequencyHeatmap.colour((v - min) / range, 1.0).getRGB());
            }
        }
        return picture;
    }
}
