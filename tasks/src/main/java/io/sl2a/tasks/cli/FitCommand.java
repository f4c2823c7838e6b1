package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.nn.checkpoint.Sl2aCheckpoint;
import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.nn.train.AdamSettings;
import io.sl2a.nn.train.TrainingDivergedException;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.fit.CheckpointFiles;
import io.sl2a.tasks.fit.FitOutputs;
import io.sl2a.tasks.fit.FitResult;
import io.sl2a.tasks.fit.FitSettings;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.image.AreaDownscale;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sl2a fit IMAGE}: fits SL2A to an image and writes the model, pictures and metrics. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit an SL2A network to an image (PNG or JPEG, grey or colour).",
        footer = {"", "Writes into DIR: model.safetensors, reconstruction.png, convergence.png, metrics.json."})
public final class FitCommand implements Callable<Integer> {
    static final int DEFAULT_EPOCHS = 100;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to fit.")
    Path image;

    @Option(names = "--epochs", defaultValue = "" + DEFAULT_EPOCHS, description = "Passes over the pixels (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--degree", description = "Chebyshev degree (default: 256).")
    Integer degree;

    @Option(names = "--width", description = "Hidden width (default: 256).")
    Integer width;

    @Option(names = "--layers", description = "Low-rank hidden layers (default: 3).")
    Integer layers;

    @Option(names = "--rank", description = "Rank of the hidden layers, or 'full' for dense layers (default: 128).")
    String rank;

    @Option(names = "--no-modulation", description = "Feed y instead of x*y to each layer (ablation).")
    boolean noModulation;

    @Option(names = "--no-relu", description = "Hidden layers without ReLU (ablation).")
    boolean noRelu;

    @Option(names = "--batch", defaultValue = "16384", description = "Points per minibatch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initialisation and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--downscale", defaultValue = "1", paramLabel = "F",
            description = "Shrink the image by F with area averaging first (default: ${DEFAULT-VALUE}).")
    double downscale;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--init", paramLabel = "CKPT", description = "Start from this checkpoint (its architecture is used).")
    Path init;

    @Option(names = "--no-grid", description = "Expand the Chebyshev basis at every pixel instead of once per pixel row"
            + " and column (same results up to rounding, slower; for comparison).")
    boolean noGrid;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new UserInputException("--batch must be at least 1, got " + batch);
        }
        if (epochs < 1) {
            throw new UserInputException("--epochs must be at least 1, got " + epochs);
        }
        AdamSettings adam = adam();
        Sl2aCheckpoint start = init == null ? null : CheckpointFiles.load(init);
        Image picture = AreaDownscale.downscale(ImageReader.read(image), downscale);
        Sl2aConfig config = start != null ? checkedAgainstOptions(start.config(), picture) : configFromOptions(picture);
        AtomicFiles.requireWritableDirectory(out);
        int maxRows = Math.min(batch, picture.pixelCount());
        MemoryBudget.require(config, maxRows, noGrid ? 0 : Math.max(picture.width(), picture.height()),
                ImageFit.dataBytes(picture), "--batch, --width or --degree");

        TrainingOptions training = new TrainingOptions(epochs, batch, adam, seed);
        FitSettings settings = new FitSettings(config, training, start == null ? null : start.parameters(), !noGrid);
        try (Backend backend = backendOptions.open()) {
            System.err.printf("sl2a fit: %s %s, %,d parameters, %s%n", image, picture.describeShape(),
                    config.parameterCount(), backend.description());
            FitResult result;
            try (ConsoleProgress progress = new ConsoleProgress("fit", epochs)) {
                result = ImageFit.fit(picture, settings, backend, progress);
            } catch (TrainingDivergedException e) {
                return keepLastGood(e, config);
            }
            FitOutputs.write(result, new FitOutputs.RunInfo(image.toString(), picture.width(), picture.height(),
                    picture.channels(), backend.description(), batch, lr, seed), out);
            System.err.print(backend.profileReport());
            System.err.printf("sl2a fit: PSNR %.2f dB, SSIM %.4f after %d epochs in %.1f s (%,.0f samples/s); wrote %s%n",
                    result.psnr(), result.ssim(), epochs, result.trainSeconds(), result.samplesPerSecond(), out);
        }
        return 0;
    }

    private AdamSettings adam() {
        try {
            return AdamSettings.withLearningRate(lr);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--lr must be a positive number, got " + lr);
        }
    }

    private int keepLastGood(TrainingDivergedException e, Sl2aConfig config) {
        Map<String, float[]> good = e.lastGoodParameters();
        Path model = out.resolve(FitOutputs.MODEL);
        CheckpointFiles.save(config, good, model);
        System.err.printf("sl2a fit: %s; kept the model after %d good epochs in %s%n", e.getMessage(), e.lastGoodEpoch(), model);
        return 3;
    }

    private Sl2aConfig configFromOptions(Image picture) {
        try {
            return new Sl2aConfig(2, picture.channels(), orDefault(degree, 256), orDefault(width, 256), orDefault(layers, 3),
                    parseRank(rank == null ? "128" : rank), !noModulation, !noRelu);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("invalid model options: " + e.getMessage());
        }
    }

    /** With --init the checkpoint decides the architecture; options that contradict it are errors. */
    private Sl2aConfig checkedAgainstOptions(Sl2aConfig fromCheckpoint, Image picture) {
        requireSame("--degree", degree, fromCheckpoint.degree());
        requireSame("--width", width, fromCheckpoint.width());
        requireSame("--layers", layers, fromCheckpoint.hiddenLayers());
        if (rank != null && parseRank(rank) != fromCheckpoint.rank()) {
            throw new UserInputException("--rank " + rank + " contradicts the checkpoint given with --init ("
                    + (fromCheckpoint.fullRank() ? "full" : Integer.toString(fromCheckpoint.rank())) + ")");
        }
        if ((noModulation && fromCheckpoint.modulation()) || (noRelu && fromCheckpoint.relu())) {
            throw new UserInputException((noModulation ? "--no-modulation" : "--no-relu")
                    + " contradicts the checkpoint given with --init");
        }
        if (fromCheckpoint.outFeatures() != picture.channels() || fromCheckpoint.inFeatures() != 2) {
            throw new UserInputException("checkpoint " + init + " has " + fromCheckpoint.outFeatures()
                    + " output channels but the image has " + picture.channels());
        }
        return fromCheckpoint;
    }

    private void requireSame(String option, Integer given, int checkpointValue) {
        if (given != null && given != checkpointValue) {
            throw new UserInputException(option + " " + given + " contradicts the checkpoint given with --init ("
                    + checkpointValue + ")");
        }
    }

    static int parseRank(String text) {
        if (text.equals("full")) {
            return Sl2aConfig.FULL_RANK;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1) {
                throw new UserInputException("--rank must be at least 1 or 'full', got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UserInputException("--rank must be a number or 'full', got '" + text + "'");
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
