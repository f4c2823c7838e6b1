package io.sl2a.tasks.compare;

import io.sl2a.tasks.image.BufferedImageConversion;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The comparison as one picture: per image, the ground truth and every model's reconstruction side
 * by side, each labelled with its PSNR, and under each the same zoomed crop (the central quarter of
 * each side, enlarged without smoothing so the models' artefacts show).
 */
public final class ComparisonGrid {
    private static final int CELL = 220;
    private static final int LABEL = 22;
    private static final int GAP = 6;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ComparisonGrid() {
    }

    /** A ground truth and its label; the runs of one image in model order. */
    public record Row(String image, Image groundTruth, List<ComparisonRun> runs) {
    }

    public static void write(List<Row> rows, Path png) throws IOException {
        int columns = 1 + rows.stream().mapToInt(r -> r.runs().size()).max().orElse(0);
        int[] heights = rows.stream().mapToInt(r -> cellHeight(r.groundTruth())).toArray();
        // Each row: its label and picture, a gap, its crop's label and crop, then two gaps before
        // the next row (one under the last): the loop below advances by the same amounts.
        int total = GAP;
        for (int h : heights) {
            total += 2 * (LABEL + h) + GAP * 3;
        }
        total -= GAP;
        BufferedImage canvas = new BufferedImage(GAP + columns * (CELL + GAP), total, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = GAP;
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int h = heights[r];
            column(g, 0, y, h, row.groundTruth(), row.image() + ": ground truth");
            for (int m = 0; m < row.runs().size(); m++) {
                ComparisonRun run = row.runs().get(m);
                String label = run.diverged() ? run.model() + ": diverged"
                        : String.format(Locale.ROOT, "%s: %.2f dB", run.model(), run.psnr());
                column(g, m + 1, y, h, run.diverged() ? null : run.reconstruction(), label);
            }
            y += 2 * (LABEL + h) + GAP * 3;
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(canvas, "png", out));
    }

    private static int cellHeight(Image image) {
        return Math.max(1, Math.round((float) CELL * image.height() / image.width()));
    }

    /**
     * One column of a row: the labelled picture at {@code y} and, under it, its zoomed crop; grey
     * where there is no picture (a diverged run).
     */
    private static void column(Graphics2D g, int column, int y, int h, Image image, String label) {
        int x = GAP + column * (CELL + GAP);
        int cropY = y + LABEL + h + GAP;
        g.setColor(Color.BLACK);
        g.drawString(label, x + 2, y + LABEL - 6);
        g.setColor(Color.DARK_GRAY);
        g.drawString("zoom", x + 2, cropY + LABEL - 6);
        if (image == null) {
            g.setColor(Color.LIGHT_GRAY);
            g.fillRect(x, y + LABEL, CELL, h);
            g.fillRect(x, cropY + LABEL, CELL, h);
            return;
        }
        BufferedImage picture = BufferedImageConversion.toBufferedImage(image);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(picture, x, y + LABEL, CELL, h, null);
        int cw = Math.max(1, image.width() / 4);
        int ch = Math.max(1, image.height() / 4);
        int cx = (image.width() - cw) / 2;
        int cy = (image.height() - ch) / 2;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(picture, x, cropY + LABEL, x + CELL, cropY + LABEL + h, cx, cy, cx + cw, cy + ch, null);
    }
}
