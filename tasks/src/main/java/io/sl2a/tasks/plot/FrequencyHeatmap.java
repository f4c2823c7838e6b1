package io.sl2a.tasks.plot;

import io.sl2a.tasks.io.AtomicFiles;
import java.awt.BasicStroke;
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
 * Panels of step against frequency with a value as colour, one panel per model, on one shared
 * colour scale: the spectral-bias figure. Drawn with Java2D because XChart's heat map is
 * categorical (a labelled cell per column), and these panels have hundreds of columns.
 */
public final class FrequencyHeatmap {
    /** One panel: its title, the row labels (bottom to top) and values[row][column] over steps. */
    public record Panel(String title, List<String> rowLabels, int[] steps, double[][] values, boolean stoppedEarly) {
    }

    private static final int PANEL_WIDTH = 720;
    private static final int PANEL_HEIGHT = 120;
    private static final int LEFT = 90;
    private static final int RIGHT = 110;
    private static final int TOP = 40;
    private static final int GAP = 56;
    private static final int BOTTOM = 50;
    /** viridis at five stops: dark purple (0) to yellow (1). */
    private static final Color[] STOPS = {new Color(68, 1, 84), new Color(59, 82, 139), new Color(33, 145, 140),
        new Color(94, 201, 98), new Color(253, 231, 37)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private FrequencyHeatmap() {
    }

    /** The colour of a value on [0, max], values above max drawn as max. */
    static Color colour(double value, double max) {
        double t = Double.isFinite(value) ? Math.max(0, Math.min(1, value / max)) : 1;
        double position = t * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) position);
        double f = position - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** The panels over steps 0..lastStep, values on [0, max]. */
    public static void write(List<Panel> panels, String title, String scaleLabel, double max, String xLabel, int lastStep,
            Path png) throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to draw");
        }
        int height = TOP + panels.size() * (PANEL_HEIGHT + GAP) - GAP + BOTTOM;
        int width = LEFT + PANEL_WIDTH + RIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 22);
        for (int p = 0; p < panels.size(); p++) {
            drawPanel(g, panels.get(p), TOP + p * (PANEL_HEIGHT + GAP), max, Math.max(1, lastStep), xLabel);
        }
        drawScale(g, TOP, Math.min(height - TOP - BOTTOM, 3 * PANEL_HEIGHT), max, scaleLabel);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        AtomicFiles.write(png, bytes.toByteArray());
    }

    private static void drawPanel(Graphics2D g, Panel panel, int top, double max, int lastStep, String xLabel) {
        int rows = panel.rowLabels().size();
        double rowHeight = (double) PANEL_HEIGHT / rows;
        int[] steps = panel.steps();
        boolean stoppedEarly = panel.stoppedEarly();
        for (int c = 0; c < steps.length; c++) {
            int x0 = LEFT + (int) Math.round((double) steps[c] / lastStep * PANEL_WIDTH);
            int x1 = c + 1 < steps.length ? LEFT + (int) Math.round((double) steps[c + 1] / lastStep * PANEL_WIDTH)
                    : stoppedEarly ? x0 + 1 : LEFT + PANEL_WIDTH;
            for (int r = 0; r < rows; r++) {
                g.setColor(colour(panel.values()[r][c], max));
                int y0 = top + (int) Math.round((rows - 1 - r) * rowHeight);
                int y1 = top + (int) Math.round((rows - r) * rowHeight);
                g.fillRect(x0, y0, Math.max(1, x1 - x0), y1 - y0);
            }
        }
        if (stoppedEarly) {
            // a run that stopped early (diverged): the rest of its panel is grey
            int from = steps.length == 0 ? LEFT : LEFT + (int) Math.round((double) steps[steps.length - 1] / lastStep
                    * PANEL_WIDTH);
            g.setColor(new Color(200, 200, 200));
            g.fillRect(from, top, LEFT + PANEL_WIDTH - from, PANEL_HEIGHT);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, top, PANEL_WIDTH, PANEL_HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), LEFT, top - 6);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int r = 0; r < rows; r++) {
            String label = panel.rowLabels().get(r);
            int y = top + (int) Math.round((rows - r - 0.5) * rowHeight) + 4;
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y);
        }
        for (int tick = 0; tick <= 5; tick++) {
            int step = (int) Math.round((double) lastStep * tick / 5);
            int x = LEFT + (int) Math.round((double) step / lastStep * PANEL_WIDTH);
            g.drawLine(x, top + PANEL_HEIGHT, x, top + PANEL_HEIGHT + 4);
            String text = Integer.toString(step);
            g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, top + PANEL_HEIGHT + 17);
        }
        g.drawString(xLabel, LEFT + PANEL_WIDTH / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, top + PANEL_HEIGHT + 31);
    }

    private static void drawScale(Graphics2D g, int top, int length, double max, String label) {
        int x = LEFT + PANEL_WIDTH + 30;
        for (int i = 0; i < length; i++) {
            g.setColor(colour(max * (length - 1 - i) / (length - 1), max));
            g.fillRect(x, top + i, 18, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, top, 18, length);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            int y = top + length - (int) Math.round((double) length * tick / 4);
            g.drawString((tick == 4 ? "\u2265" : "") + String.format("%.2f", value), x + 22, y + 4);
        }
        g.drawString(label, x - 4, top + length + 18);
    }
}
