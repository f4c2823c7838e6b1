package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.compare.ComparisonGrid;
import io.sl2a.tasks.compare.ComparisonRun;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.inverse.HarmonicFill;
import io.sl2a.tasks.inverse.MaskedFit;
import io.sl2a.tasks.inverse.PixelMask;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
        footer = {"", "Writes into DIR: observed.png, inpainted.png, baseline.png, comparison.png, metrics.json,"
                + " model.safetensors."})
public final class InpaintCommand implements Callable<Integer>, CommandDefaults {
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
        InverseOutputs.requireTraining("--epochs", training.epochs, batching.batch, training.lr);
        Image image = ImageReader.read(imagePath);
        PixelMask mask = maskPath != null
                ? PixelMask.fromImage(ImageReader.read(maskPath), image.width(), image.height(), maskPath.toString())
                : PixelMask.random(image.width(), image.height(), keep, training.seed);
        ModelSpec entry = modelOptions.spec();
        ModelConfig config = modelOptions.build(2, image.channels());
        int batch = batching.batch != null ? batching.batch : entry.batch();
        double lr = training.lr != null ? training.lr : entry.learningRate();
        int maxRows = Math.min(batch, mask.observedCount());
        MemoryBudget.require(config, maxRows, ImageFit.usesGrid(config, true) ? Math.max(image.width(),
                image.height()) : 0,
                ImageFit.dataBytes(image), "--batch, --width or --degree");
        OutputDirectory.claim(output.out);
        System.err.printf("sl2a inpaint: %s %dx%d, %,d of %,d pixels observed, %s, %,d parameters%n", imagePath,
                image.width(), image.height(), mask.observedCount(), image.pixelCount(), config.model(),
                config.parameterCount());
        TrainingOptions settings = new TrainingOptions(training.epochs, batch, lr,
                config.spec().adam(), training.seed);
        MaskedFit.Result fit;
        try (Backend backend = backendOptions.open(); ConsoleProgress bar = new ConsoleProgress("inpaint",
                training.epochs)) {
            fit = MaskedFit.fit(image, mask, config, settings, null, backend, bar::epochDone);
        }
        long start = System.nanoTime();
        Image baseline = HarmonicFill.fill(image, mask);
        double baselineSeconds = (System.nanoTime() - start) / 1e9;
        Scores network = Scores.of(fit.reconstruction(), image, mask);
        Scores harmonic = Scores.of(baseline, image, mask);
        try {
            write(image, mask, config, fit, baseline, network, harmonic, baselineSeconds, lr, batch);
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
            Scores harmonic, double baselineSeconds, double lr, int batch) throws IOException {
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
        model.put("epochs", training.epochs);
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
        root.put("note", "psnr over every pixel and over the unobserved ones; ssim over the whole image (a windowed"
                + " measure, not defined on a scattered subset); renderings clamped to [0, 1]");
        AtomicFiles.write(output.out.resolve("metrics.json"), InverseOutputs.JSON.writeValueAsBytes(root));
    }

    private static ComparisonRun run(String image, String label, Scores scores, double seconds, Image picture) {
        return InverseOutputs.column(image, label, scores.psnr(), scores.ssim(), seconds, picture);
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--epochs", "100", "--seed", "42", "--out", "inpaint");
    }
}
