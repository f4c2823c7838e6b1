package io.sl2a.tasks.plot;

import io.sl2a.tasks.inverse.DegreeSearch;
import io.sl2a.tasks.inverse.ValidationCurve;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** validation.png: each candidate degree's PSNR on the held-out observations against the steps trained. */
public final class ValidationPlot {
    private ValidationPlot() {
    }

    public static void write(DegreeSearch.Choice choice, String yLabel, Path png) throws IOException {
        Map<String, double[][]> lines = new LinkedHashMap<>();
        for (ValidationCurve curve : choice.curves()) {
            double[] x = new double[curve.steps().length];
            for (int i = 0; i < x.length; i++) {
                x[i] = curve.steps()[i];
            }
            String name = String.format(Locale.ROOT, "degree %d (best %.2f dB at step %d)", curve.degree(),
                    curve.bestPsnr(), curve.bestSteps());
            lines.put(name, new double[][] {x, curve.psnr().clone()});
        }
        String title = String.format(Locale.ROOT, "Held-out validation: chosen degree %d, %d steps (%.2f dB)",
                choice.degree(), choice.steps(), choice.psnr());
        LinePlot.write(lines, title, "optimiser step", yLabel, false, false, png);
    }
}
