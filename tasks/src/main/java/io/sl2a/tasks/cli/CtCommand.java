package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.tasks.compare.ComparisonGrid;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.inverse.CtSlice;
import io.sl2a.tasks.inverse.DegreeSearch;
import io.sl2a.tasks.inverse.FilteredBackProjection;
import io.sl2a.tasks.inverse.HeldOutSearch;
import io.sl2a.tasks.inverse.MeasuredFit;
import io.sl2a.tasks.inverse.RadonTransform;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.metrics.Psnr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sl2a ct IMAGE --angles N}: the slice's parallel-beam sinogram is all the network sees;
 * it is judged on the slice against filtered back-projection of the same sinogram.
 */
@Command(name = "ct", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reconstruct a CT slice from its sinogram with a model; compare with filtered back-projection.",
        footer = {"",
                "IMAGE: PNG (8/16-bit) or JPEG, or a 2-D .npy array; scaled to [0, 1] by its minimum and maximum.",
            "Here sl2a's --degree is chosen among 16, 32 and 64 by PSNR on a held-out tenth of the sinogram's entries,"
                + " with the stopping step; --degree N fixes it (no search; the paper's 128 is noisier on a 128x128"
                + " slice, see docs/results.md).",
            "Writes into DIR: sinogram.png, reconstruction.png, fbp.png, comparison.png, validation.png (with a"
                + " search), metrics.json, model.safetensors."})
public final class CtCommand implements Callable<Integer>, CommandDefaults {
    /**
     * SL2A's degree where the search does not choose it (the memory check of a run given --degree
     * uses the degree given): 32, the best of 32, 64 and 128 (the paper's) on the 128x128 sample from
     * 100 angles (see docs/results.md); higher degrees fill the slice with noise.
     */
    static final int SL2A_DEGREE = 32;
    /**
     * Adam steps unless told otherwise, each rendering and projecting the whole slice. 300 left every
     * held-out curve rising and lost to back-projection in SSIM; 1,000 beats it on both samples.
     */
    static final int STEPS = 1000;

    @Option(names = "--steps", paramLabel = "N", description = "Adam steps, each on the whole sinogram (default: "
            + STEPS + "; --epochs is the same).")
    Integer steps;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The CT slice: the ground truth.")
    Path imagePath;

    @Option(names = "--angles", defaultValue = "100", description = "Projection angles, evenly over [0, 180) degrees"
            + " (default: ${DEFAULT-VALUE}).")
    int angles;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA", description = "Standard deviation of Gaussian"
            + " noise added to the sinogram, in its units (line integrals of the [0, 1] slice) (default: ${DEFAULT-VALUE}).")
    double noise;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    TrainingFlags training;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        InverseOutputs.requireOneLength(steps, training.epochs);
        InverseOutputs.requireTraining("--epochs", training.epochs == null ? 1 : training.epochs, null, training.lr);
        if (angles < 1) {
            throw new UserInputException("--angles must be at least 1, got " + angles);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new UserInputException("--noise must be a finite number >= 0, got " + noise);
        }
        Image truth = CtSlice.read(imagePath);
        ModelSpec entry = modelOptions.spec();
        String noSearch = InverseOutputs.noSearchReason(modelOptions);
        // The memory check takes the largest model the run may build.
        ModelConfig config = modelOptions.build(2, 1, noSearch == null ? DegreeSearch.CANDIDATES.getLast() : SL2A_DEGREE);
        int length = steps != null ? steps : training.epochs != null ? training.epochs : STEPS;
        double lr = training.lr != null ? training.lr : entry.learningRate();
        MeasurementOperator radon = RadonTransform.operator(truth.width(), truth.height(), angles);
        float[] sinogram = radon.matrix().apply(truth.pixels(), 1);
        addNoise(sinogram);
        MemoryBudget.requireMeasured(config, MeasuredFit.usesGrid(config) ? Math.max(truth.width(), truth.height()) : 0,
                radon, 16L * truth.pixelCount() + 8L * sinogram.length,
                        "the slice's size, --angles, --width or --degree");
        OutputDirectory.claim(output.out);
        System.err.printf(Locale.ROOT, "sl2a ct: %s %dx%d, %d angles, %,d line integrals%s, %s, %,d steps%s%n",
                imagePath, truth.width(), truth.height(), angles, sinogram.length,
                noise > 0 ? String.format(Locale.ROOT, " (noise sigma %g)", noise) : "", config.model(), length,
                noSearch == null ? ", degree chosen among " + DegreeSearch.CANDIDATES + " on a held-out tenth" : "");
        MeasuredFit.Result fit;
        InverseOutputs.Search search;
        try (StopOnSignal signal = new StopOnSignal(); Backend backend = backendOptions.open()) {
            int stopAfter = length;
            if (noSearch == null) {
                // PSNR on the sinogram's scale: its largest line integral is the peak.
                double peak = 0;
                for (float v : sinogram) {
                    peak = Math.max(peak, Math.abs(v));
                }
                HeldOutSearch.Outcome outcome = HeldOutSearch.measured(truth.width(), truth.height(), radon, sinogram,
                        1, peak > 0 ? peak : 1, DegreeSearch.CANDIDATES, degree -> modelOptions.build(2, 1, degree),
                        length, lr, training.seed, backend, signal::requested,
                        line -> System.err.println("sl2a ct: " + line));
                DegreeSearch.Choice choice = outcome.choice();
                search = new InverseOutputs.Search(choice, outcome.split(), outcome.seconds(),
                        "psnr of the held-out sinogram entries, peak the sinogram's largest value", null);
                config = modelOptions.build(2, 1, choice.degree());
                // The refit follows the chosen candidate's schedule and stops where it predicted the
                // held-out line integrals best; it fits the whole sinogram.
                stopAfter = choice.steps();
                System.err.printf(Locale.ROOT, "sl2a ct: chose degree %d, %d steps (held-out %.2f dB);"
                        + " refitting on the whole sinogram%n", choice.degree(), stopAfter, choice.psnr());
            } else {
                search = InverseOutputs.Search.skipped(noSearch);
            }
            int last = stopAfter;
            int[] done = new int[1];
            try (ConsoleProgress bar = new ConsoleProgress("ct", last, " steps",
                    r -> String.format(Locale.ROOT, "sinogram MSE %.3g", r.mse()))) {
                fit = MeasuredFit.fit(truth.width(), truth.height(), radon, sinogram, config, length, lr,
                        training.seed, backend, () -> signal.requested() || done[0] >= last, result -> {
                            bar.epochDone(result);
                            done[0] = result.epoch() + 1;
                        });
            }
        }
        long start = System.nanoTime();
        Image fbp = InverseOutputs.clamped(new Image(truth.width(), truth.height(), 1,
                FilteredBackProjection.reconstruct(sinogram, truth.width(), truth.height(), angles)));
        double fbpSeconds = (System.nanoTime() - start) / 1e9;
        InverseOutputs.Scores network = InverseOutputs.Scores.of(fit.reconstruction(), truth);
        InverseOutputs.Scores classical = InverseOutputs.Scores.of(fbp, truth);
        try {
            write(truth, sinogram, config, fit, fbp, network, classical, fbpSeconds, lr, search);
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + output.out + ": " + IoErrors.reason(e));
        }
        System.err.printf(Locale.ROOT,
                "sl2a ct: %s %.2f dB / SSIM %.3f, filtered back-projection %.2f dB / SSIM %.3f%s;"
                + " wrote %s%n", config.model(), network.psnr(), network.ssim(), classical.psnr(), classical.ssim(),
                search.choice() != null ? " (degree chosen on held-out line integrals)" : "", output.out);
        return 0;
    }

    private void addNoise(float[] sinogram) {
        if (noise == 0) {
            return;
        }
        SplittableRandom random = new SplittableRandom(training.seed ^ 0x5DEECE66DL);
        for (int i = 0; i < sinogram.length; i++) {
            sinogram[i] += (float) (noise * random.nextGaussian());
        }
    }

    private void write(Image truth, float[] sinogram, ModelConfig config, MeasuredFit.Result fit, Image fbp,
            InverseOutputs.Scores network, InverseOutputs.Scores classical, double fbpSeconds,
                    double lr, InverseOutputs.Search search) throws IOException {
        ImageWriter.writePng(sinogramPicture(sinogram, truth.width()), output.out.resolve("sinogram.png"));
        ImageWriter.writePng(fit.reconstruction(), output.out.resolve("reconstruction.png"));
        ImageWriter.writePng(fbp, output.out.resolve("fbp.png"));
        String label = ComparisonRunner.fileLabel(imagePath);
        ComparisonGrid.write(List.of(new ComparisonGrid.Row(label, truth, List.of(
                InverseOutputs.networkColumn(label, config, network, fit),
                InverseOutputs.column(label, "FBP", classical.psnr(), classical.ssim(), fbpSeconds, fbp)))),
                output.out.resolve("comparison.png"));
        InverseOutputs.writeModel(output.out, config, fit);
        ObjectNode root = InverseOutputs.metricsOf(imagePath, truth);
        root.put("angles", angles);
        root.put("noise", noise);
        root.put("seed", training.seed);
        ObjectNode model = InverseOutputs.networkEntry(root, "reconstruction", config, fit, lr, network);
        model.put("psnr_field_of_view", fieldOfViewPsnr(fit.reconstruction(), truth));
        search.into(root);
        search.plot(output.out, "PSNR of the held-out sinogram entries (dB)");
        ObjectNode base = root.putObject("fbp");
        base.put("method", "filtered back-projection, ramp filter, linear interpolation");
        classical.into(base, fbpSeconds);
        base.put("psnr_field_of_view", fieldOfViewPsnr(fbp, truth));
        root.put("note",
                "the slice scaled to [0, 1] by its minimum and maximum; psnr and ssim against it, reconstructions"
                + " clamped to [0, 1]; sinogram: rotate (bilinear, zero outside) and sum columns, angles 180 a / angles;"
                + " psnr_field_of_view: over the disc inscribed in the slice, which every angle sees (what lies outside it"
                + " leaves the image at some angles)");
        AtomicFiles.write(output.out.resolve("metrics.json"), InverseOutputs.JSON.writeValueAsBytes(root));
    }

    /** PSNR over the pixels inside the disc inscribed in the image. */
    static double fieldOfViewPsnr(Image result, Image truth) {
        double cx = (truth.width() - 1) / 2.0;
        double cy = (truth.height() - 1) / 2.0;
        double radius = Math.min(truth.width(), truth.height()) / 2.0;
        double sum = 0;
        long count = 0;
        for (int y = 0; y < truth.height(); y++) {
            for (int x = 0; x < truth.width(); x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
                    double d = result.get(x, y, 0) - truth.get(x, y, 0);
                    sum += d * d;
                    count++;
                }
            }
        }
        return Psnr.fromMse(sum / count);
    }

    /** The sinogram as a picture: one row per angle, scaled by its largest value. */
    private static Image sinogramPicture(float[] sinogram, int width) {
        float max = 0;
        for (float v : sinogram) {
            max = Math.max(max, Math.abs(v));
        }
        float[] values = new float[sinogram.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = max > 0 ? Math.max(0, sinogram[i] / max) : 0;
        }
        return new Image(width, sinogram.length / width, 1, values);
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--seed", "42", "--out", "ct");
    }
}
