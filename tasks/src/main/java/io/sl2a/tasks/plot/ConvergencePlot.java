package io.sl2a.tasks.plot;

import io.sl2a.tasks.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws how the reconstruction PSNR evolves over training, as a PNG line chart. */
public final class ConvergencePlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** Twelve colours a reader tells apart (Tableau's and ColorBrewer's), for a line per model of compare. */
    static final Color[] LINE_COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207), new Color(0, 0, 0),
        new Color(255, 187, 120)};

    static {
        // Charts are drawn off-screen; without this AWT looks for a display on servers and in CI.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ConvergencePlot() {
    }

    /**
     * Plots {@code psnrPerEpoch[i]} at epoch {@code i + 1} and writes the chart to {@code png}
     * atomically. Infinite values (a perfect fit) and NaN are left out of the line, since they would
     * break the axis scaling.
     *
     * @throws IllegalArgumentException if there are no values
     */
    public static void writePsnrCurve(double[] psnrPerEpoch, String title, Path png) throws IOException {
        if (psnrPerEpoch.length == 0) {
            throw new IllegalArgumentException("no PSNR values to plot");
        }
        java.util.Map<String, double[]> one = new java.util.LinkedHashMap<>();
        one.put("PSNR", psnrPerEpoch);
        writePsnrCurves(one, title, png, false);
    }

    /**
     * One line per entry ({@code name -> psnrPerEpoch}), with a legend: PSNR against epoch for
     * several models. Entries without values are skipped.
     */
    public static void writePsnrCurves(java.util.Map<String, double[]> curves, String title, Path png) throws IOException {
        writePsnrCurves(curves, title, png, true);
    }

    private static void writePsnrCurves(java.util.Map<String, double[]> curves, String title, Path png, boolean legend)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle("epoch").yAxisTitle("PSNR (dB)").build();
        chart.getStyler().setLegendVisible(legend);
        chart.getStyler().setSeriesColors(LINE_COLOURS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        boolean any = false;
        for (java.util.Map.Entry<String, double[]> curve : curves.entrySet()) {
            double[] psnrPerEpoch = curve.getValue();
            if (psnrPerEpoch.length == 0) {
                continue;
            }
            double[] epochs = new double[psnrPerEpoch.length];
            double[] values = new double[psnrPerEpoch.length];
            for (int i = 0; i < psnrPerEpoch.length; i++) {
                epochs[i] = i + 1;
                values[i] = Double.isFinite(psnrPerEpoch[i]) ? psnrPerEpoch[i] : Double.NaN;
            }
            XYSeries series = chart.addSeries(curve.getKey(), epochs, values);
            series.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("no PSNR values to plot");
        }
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes);
    }
}
