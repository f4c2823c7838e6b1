package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.compare.ComparisonGrid;
import io.sl2a.tasks.compare.ComparisonRun;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.inverse.DegreeSearch;
import io.sl2a.tasks.inverse.HarmonicFill;
import io.sl2a.tasks.inverse.HeldOutSearch;
import io.sl2a.tasks.inverse.MaskedFit;
import io.sl2a.tasks.inverse.PixelMask;
import io.sl2a.tasks.inverse.StepBudget;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sl2a inpaint IMAGE --keep F}: a network trained on a fraction of the pixels (or on a
 * user's mask) and judged on all of them, beside the classical harmonic fill.
 */
@Command(name = "inpaint", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit a model to the observed pixels of an image and fill the others; compare with harmonic fill.",
        footer = {"", "sl2a's --degree is chosen among 16, 32 and 64 by PSNR on a held-out tenth of the observed"
                + " pixels, with the stopping step; --degree N fixes it (no search).",
            "Writes into DIR: observed.png, inpainted.png, baseline.png, comparison.png, validation.png (with a"
                + " search), metrics.json, model.safetensors."})
public final class InpaintCommand implements Callable<Integer>, CommandDefaults {
    /**
     * Adam steps unless told otherwise. Counted in steps because an epoch is one step on a small
     * image at the models' batch of 16,384: "100 epochs" left a 128x128 image at 22 dB where harmonic
     * fill reaches 38 (issue 23).
     */
    static final int STEPS = 1500;
    /** Observed pixels a step unless told otherwise: a 256x256 image at keep 0.7 takes 23 steps an epoch. */
    static final int BATCH = 2048;
    /** SL2A's degree when another model's options are given but no search runs: the refit's default. */
    static final int DEFAULT_DEGREE = 64;

    @Option(names = "--steps", paramLabel = "N", description = "Adam steps, in whole epochs over the observed pixels"
            + " (default: " + STEPS + "; --epochs counts epochs instead).")
    Integer steps;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image (PNG or JPEG): the ground truth.")
    Path imagePath;

    @Option(names = "--keep", defaultValue = "0.7", paramLabel = "F",
            description = "Fraction of the pixels observed, drawn at random with --seed (default: ${DEFAULT-VALUE}).")
    double keep;

    @Option(names = "--mask", paramLabel = "FILE.png", description = "Observe the pixels that are white in this image"
            + " (of the image's size) instead of a random fraction.")
    Path maskPath;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    TrainingFlags training;

    @Mixin
    BatchFlag batching;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        InverseOutputs.requireOneLength(steps, training.epochs);
        InverseOutputs.requireTraining("--epochs", training.epochs == null ? 1 : training.epochs, batching.batch,
                training.lr);
        Image image = ImageReader.read(imagePath);
        PixelMask mask = maskPath != null
                ? PixelMask.fromImage(ImageReader.read(maskPath), image.width(), image.height(), maskPath.toString())
                : PixelMask.random(image.width(), image.height(), keep, training.seed);
        ModelSpec entry = modelOptions.spec();
        String noSearch = InverseOutputs.noSearchReason(modelOptions);
        if (noSearch == null && mask.observedCount() < 2) {
            noSearch = "a single observed pixel: nothing to hold out";
        }
        ModelConfig config = modelOptions.build(2, image.channels(), DegreeSearch.CANDIDATES.getLast());
        int batch = batching.batch != null ? batching.batch : BATCH;
        double lr = training.lr != null ? training.lr : entry.learningRate();
        int maxRows = Math.min(batch, mask.observedCount());
        MemoryBudget.require(config, maxRows, ImageFit.usesGrid(config, true) ? Math.max(image.width(),
                image.height()) : 0,
                ImageFit.dataBytes(image), "--batch, --width or --degree");
        OutputDirectory.claim(output.out);
        FitData observed = MaskedFit.observedPoints(image, mask);
        // The run's length in steps; --epochs counts passes over the observed pixels instead.
        int epochs = training.epochs != null ? training.epochs
                : StepBudget.epochsFor(steps != null ? steps : STEPS, observed.points(), batch);
        System.err.printf("sl2a inpaint: %s %dx%d, %,d of %,d pixels observed, %s, %,d epochs of %,d steps%s%n",
                imagePath, image.width(), image.height(), mask.observedCount(), image.pixelCount(), entry.name(),
                epochs, StepBudget.stepsPerEpoch(observed.points(), batch),
                noSearch == null ? ", degree chosen among " + DegreeSearch.CANDIDATES + " on a held-out tenth" : "");
        MaskedFit.Result fit;
        InverseOutputs.Search search;
        try (StopOnSignal signal = new StopOnSignal(); Backend backend = backendOptions.open()) {
            int stopAfter = epochs;
            if (noSearch == null) {
                HeldOutSearch.Outcome outcome = HeldOutSearch.points(observed, DegreeSearch.CANDIDATES,
                        degree -> modelOptions.build(2, image.channels(), degree), epochs, batch, lr, training.seed,
                        backend, signal::requested, line -> System.err.println("sl2a inpaint: " + line));
                DegreeSearch.Choice choice = outcome.choice();
                search = new InverseOutputs.Search(choice, outcome.split(), outcome.seconds(),
                        "psnr of the held-out observed pixels (peak 1)", null);
                config = modelOptions.build(2, image.channels(), choice.degree());
                // The refit follows the chosen candidate's schedule (same epochs, same decay) and stops
                // where it predicted the held-out pixels best; it sees the held-out pixels too.
                stopAfter = choice.steps() / StepBudget.stepsPerEpoch(outcome.split().fit().length, batch);
                System.err.printf(Locale.ROOT, "sl2a inpaint: chose degree %d, %d epochs (held-out %.2f dB);"
                        + " refitting on every observed pixel%n", choice.degree(), stopAfter, choice.psnr());
            } else {
                search = InverseOutputs.Search.skipped(noSearch);
                config = modelOptions.build(2, image.channels(), DEFAULT_DEGREE);
            }
            int last = stopAfter;
            int[] done = new int[1];
            try (ConsoleProgress bar = new ConsoleProgress("inpaint", last)) {
                fit = MaskedFit.fit(observed, image.width(), image.height(), config, new TrainingOptions(epochs, batch,
                        lr, config.spec().adam(), training.seed), null, backend,
                        () -> signal.requested() || done[0] >= last, (network, result) -> {
                            bar.epochDone(result);
                            done[0] = result.epoch() + 1;
                        });
            }
        }
        long start = System.nanoTime();
        Image baseline = HarmonicFill.fill(image, mask);
        double baselineSeconds = (System.nanoTime() - start) / 1e9;
        Scores network = Scores.of(fit.reconstruction(), image, mask);
        Scores harmonic = Scores.of(baseline, image, mask);
        try {
            write(image, mask, config, fit, baseline, network, harmonic, baselineSeconds, lr, batch, search);
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + output.out + ": " + IoErrors.reason(e));
        }
        System.err.printf("sl2a inpaint: %s %.2f dB (unobserved %.2f dB), harmonic fill %.2f dB (unobserved %.2f dB);"
                + " wrote %s%n", config.model(), network.psnr(), network.psnrUnobserved(), harmonic.psnr(),
                harmonic.psnrUnobserved(), output.out);
        return 0;
    }

    /** PSNR over every pixel and over the unobserved ones, SSIM over the whole image. */
    record Scores(double psnr, double psnrUnobserved, double ssim) {
        static Scores of(Image result, Image truth, PixelMask mask) {
            int channels = truth.channels();
            double sum = 0;
            long count = 0;
            for (int p = 0; p < mask.observed().length; p++) {
                if (mask.observed()[p]) {
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    double d = result.pixels()[p * channels + c] - truth.pixels()[p * channels + c];
                    sum += d * d;
                    count++;
                }
            }
            double unobserved = count == 0 ? Double.NaN : Psnr.fromMse(sum / count);
            return new Scores(Psnr.psnr(result.pixels(), truth.pixels()), unobserved, Ssim.ssim(result, truth));
        }
    }

    private void write(Image image, PixelMask mask, ModelConfig config, MaskedFit.Result fit, Image baseline,
            Scores network,
            Scores harmonic, double baselineSeconds, double lr, int batch, InverseOutputs.Search search)
            throws IOException {
        Image observed = mask.apply(image);
        ImageWriter.writePng(observed, output.out.resolve("observed.png"));
        ImageWriter.writePng(fit.reconstruction(), output.out.resolve("inpainted.png"));
        ImageWriter.writePng(baseline, output.out.resolve("baseline.png"));
        String label = ComparisonRunner.fileLabel(imagePath);
        Scores shown = Scores.of(observed, image, mask);
        List<ComparisonRun> columns = List.of(
                run(label, "observed", shown, 0, observed),
                run(label, config.model(), network, fit.trainSeconds(), fit.reconstruction()),
                run(label, "harmonic fill", harmonic, baselineSeconds, baseline));
        ComparisonGrid.write(List.of(new ComparisonGrid.Row(label, image, columns)),
                output.out.resolve("comparison.png"));
        AtomicFiles.write(output.out.resolve("model.safetensors"), new ModelCheckpoint(config,
                fit.parameters()).toBytes());
        ObjectNode root = InverseOutputs.JSON.createObjectNode();
        root.put("image", imagePath.toString());
        root.put("width", image.width());
        root.put("height", image.height());
        root.put("channels", image.channels());
        root.put("observed_pixels", mask.observedCount());
        root.put("keep", (double) mask.observedCount() / image.pixelCount());
        root.put("mask", maskPath == null ? "random" : maskPath.toString());
        root.put("seed", training.seed);
        ObjectNode model = root.putObject("network");
        model.put("model", config.model());
        model.put("params", config.parameterCount());
        if (config.spec().option("degree") != null) {
            model.put("degree", (Integer) config.optionValues().get(config.spec().option("degree")));
        }
        model.put("steps", fit.steps());
        model.put("lr", lr);
        model.put("batch", batch);
        model.put("grid_path", fit.gridPath());
        model.put("train_seconds", fit.trainSeconds());
        model.put("psnr", network.psnr());
        model.put("psnr_unobserved", network.psnrUnobserved());
        model.put("ssim", network.ssim());
        ObjectNode base = root.putObject("baseline");
        base.put("method", "harmonic fill (Laplace's equation, SOR)");
        base.put("seconds", baselineSeconds);
        base.put("psnr", harmonic.psnr());
        base.put("psnr_unobserved", harmonic.psnrUnobserved());
        base.put("ssim", harmonic.ssim());
        search.into(root);
        search.plot(output.out, "PSNR of the held-out observed pixels (dB)");
        root.put("note", "psnr over every pixel and over the unobserved ones; ssim over the whole image (a windowed"
                + " measure, not defined on a scattered subset); renderings clamped to [0, 1]");
        AtomicFiles.write(output.out.resolve("metrics.json"), InverseOutputs.JSON.writeValueAsBytes(root));
    }

    private static ComparisonRun run(String image, String label, Scores scores, double seconds, Image picture) {
        return InverseOutputs.column(image, label, scores.psnr(), scores.ssim(), seconds, picture);
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--seed", "42", "--out", "inpaint");
    }
}
