package io.sl2a.tasks.plot;

import io.sl2a.tasks.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Lines of y against x with a legend, as a PNG (the spectral-bias fits, NTK eigenvalue spectra). */
public final class LinePlot {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private LinePlot() {
    }

    /** {@code lines}: name -> {x, y}; non-finite values (and, on a log axis, values not above 0) are left out. */
    public static void write(Map<String, double[][]> lines, String title, String xLabel, String yLabel, boolean logX,
            boolean logY, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setSeriesColors(ConvergencePlot.LINE_COLOURS);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setXAxisDecimalPattern("#0.##");
        boolean any = false;
        for (Map.Entry<String, double[][]> line : lines.entrySet()) {
            double[] x = line.getValue()[0];
            double[] y = line.getValue()[1].clone();
            for (int i = 0; i < y.length; i++) {
                if (!Double.isFinite(y[i]) || (logY && y[i] <= 0)) {
                    y[i] = Double.NaN;
                }
            }
            if (x.length == 0) {
                continue;
            }
            XYSeries series = chart.addSeries(line.getKey(), x, y);
            series.setMarker(SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("no lines to plot");
        }
        AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
