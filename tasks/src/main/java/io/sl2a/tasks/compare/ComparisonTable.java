package io.sl2a.tasks.compare;

import java.util.List;
import java.util.Locale;

/**
 * The paper's Table 1 shape in Markdown: a row per model with its parameter count, PSNR and SSIM on
 * every image, their means over the images, and the mean training time; a diverged run says so.
 */
public final class ComparisonTable {
    private ComparisonTable() {
    }

    public static String markdown(List<String> images, List<String> models, List<ComparisonRun> runs) {
        StringBuilder table = new StringBuilder("| model | params |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (String image : images) {
            table.append(" ").append(image).append(" PSNR | ").append(image).append(" SSIM |");
            rule.append("---:|---:|");
        }
        table.append(" mean PSNR | mean SSIM | mean train s |\n");
        rule.append("---:|---:|---:|\n");
        table.append(rule);
        for (String model : models) {
            List<ComparisonRun> ofModel = runs.stream().filter(r -> r.model().equals(model)).toList();
            table.append("| ").append(model).append(" | ")
                    .append(ofModel.isEmpty() ? "" : String.format(Locale.ROOT, "%,d", ofModel.get(0).params())).append(" |");
            double psnr = 0;
            double ssim = 0;
            double seconds = 0;
            boolean complete = true;
            for (String image : images) {
                ComparisonRun run = ofModel.stream().filter(r -> r.image().equals(image)).findFirst().orElse(null);
                if (run == null || run.diverged()) {
                    table.append(run == null ? " — | — |" : " diverged (epoch " + (run.divergedAtEpoch() + 1) + ") | — |");
                    complete = false;
                } else {
                    table.append(String.format(Locale.ROOT, " %.2f | %.4f |", run.psnr(), run.ssim()));
                    psnr += run.psnr();
                    ssim += run.ssim();
                    seconds += run.trainSeconds();
                }
            }
            int n = images.size();
            table.append(complete ? String.format(Locale.ROOT, " %.2f | %.4f | %.1f |%n", psnr / n, ssim / n, seconds / n)
                    : " — | — | — |\n");
        }
        table.append("\nparams: the model on the first image (grey images have fewer output weights).\n");
        return table.toString();
    }
}
