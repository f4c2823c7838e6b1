package io.sl2a.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run of {@code sl2a compare} or {@code sl2a ablation} inside an experiment: the images and
 * training of one scale, its rows, and its pictures (grid.png and convergence.png).
 */
final class ComparisonFits {
    /**
     * How the fits of an image experiment run at one scale.
     *
     * @param batch every fit's batch, or 0 for each model's own
     */
    record Settings(Map<String, Path> images, int downscale, int epochs, int batch, long pointsPerImage) {
        String describe() {
            return String.format(java.util.Locale.ROOT, "%d image(s) (%s)%s, %d epochs%s", images.size(),
                    String.join(", ", images.keySet()), downscale > 1 ? " shrunk " + downscale + "x" : "", epochs,
                    batch > 0 ? ", batch " + batch : "");
        }

        double points(int fitsPerImage) {
            return (double) fitsPerImage * images.size() * epochs * pointsPerImage;
        }
    }

    /** The image settings of the ablations: {@code quickImages} of the samples at the quick scale. */
    static Settings ablationSettings(Scale scale, DataSources data, int paperImages, String... quickImages) {
        return switch (scale) {
            case TINY -> new Settings(ImageExperiment.named(data, "camera.png"), 8, 2, 256, 32 * 32);
            case QUICK -> new Settings(ImageExperiment.named(data, quickImages), 2, 150, 4096, 128 * 128);
            case PAPER -> {
                List<Path> div2k = data.div2kImages();
                yield new Settings(ImageExperiment.named(div2k.subList(0, Math.min(paperImages, div2k.size()))), 1,
                        500, 0, 512 * 512);
            }
        };
    }

    private final List<FitRow> rows;
    private final List<Figure> figures;

    private ComparisonFits(List<FitRow> rows, List<Figure> figures) {
        this.rows = rows;
        this.figures = figures;
    }

    /**
     * Runs {@code sl2a COMMAND IMAGES --SELECTOR NAMES} into {@code context.directory()/folder}
     * (reused when it finished before).
     */
    static ComparisonFits run(ExperimentContext context, String folder, String command, String selector,
            List<String> names, Settings settings) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        settings.images().values().forEach(p -> args.add(p.toString()));
        args.addAll(List.of("--" + selector, String.join(",", names), "--epochs", Integer.toString(settings.epochs()),
                "--downscale", Integer.toString(settings.downscale())));
        if (settings.batch() > 0) {
            args.addAll(List.of("--batch", Integer.toString(settings.batch())));
        }
        Path out = context.directory().resolve(folder);
        context.sl2a(out, "results.json", args);
        List<FitRow> rows = FitRow.ofComparison(context.json(out.resolve("results.json")), out);
        return new ComparisonFits(rows, List.of(
                new Figure(context.reportPath(out.resolve("grid.png")), "Ground truth and each fit (PSNR in its label)"),
                new Figure(context.reportPath(out.resolve("convergence.png")), "Mean PSNR against epoch")));
    }

    List<FitRow> rows() {
        return rows;
    }

    List<Figure> figures() {
        return figures;
    }

    /** Mean PSNR per label. */
    Map<String, Double> meanPsnr() {
        return FitRow.meanBy(rows, FitRow::psnr);
    }

    /** Per label: its mean PSNR, SSIM, parameters and training seconds, as a table. */
    MarkdownTable table() {
        Map<String, Double> psnr = meanPsnr();
        Map<String, Double> ssim = FitRow.meanBy(rows, FitRow::ssim);
        Map<String, Double> seconds = FitRow.meanBy(rows, FitRow::seconds);
        Map<String, Double> params = FitRow.meanBy(rows, r -> r.params());
        MarkdownTable table = new MarkdownTable("model", "params (K)", "mean PSNR (dB)", "mean SSIM",
                "mean training time (s)");
        psnr.keySet().forEach(label -> table.row(label, Claims.format(maxParams(label) / 1000.0, ""),
                Claims.format(psnr.get(label), ""), Claims.format(ssim.get(label), ""),
                Claims.format(seconds.get(label), "")));
        return table;
    }

    /** The label's parameters on the widest image (colour: the paper's counts are for RGB). */
    long maxParams(String label) {
        return rows.stream().filter(r -> r.model().equals(label)).mapToLong(FitRow::params).max().orElse(0);
    }

    /** Per image: the label's PSNR (NaN where it did not finish). */
    double[] psnrByImage(String label) {
        return rows.stream().filter(r -> r.model().equals(label)).mapToDouble(FitRow::psnr).toArray();
    }
}
