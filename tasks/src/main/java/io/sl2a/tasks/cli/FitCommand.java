package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.nn.checkpoint.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
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

/** {@code sl2a fit IMAGE}: fits a model (SL2A unless --model says otherwise) to an image and writes the model, pictures and metrics. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit a network (SL2A, or another --model) to an image (PNG or JPEG, grey or colour).",
        footer = {"", "Writes into DIR: model.safetensors, reconstruction.png, convergence.png, metrics.json."})
public final class FitCommand implements Callable<Integer> {
    static final int DEFAULT_EPOCHS = 100;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to fit.")
    Path image;

    @Option(names = "--epochs", defaultValue = "" + DEFAULT_EPOCHS, description = "Passes over the pixels (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--batch", description = "Points per minibatch (default: the model's, 16384 for sl2a; see: sl2a models).")
    Integer batchOption;

    @Option(names = "--lr", description = "Adam learning rate (default: the model's, 1e-3 for sl2a; see: sl2a models).")
    Double lrOption;

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
        if (batchOption != null && batchOption < 1) {
            throw new UserInputException("--batch must be at least 1, got " + batchOption);
        }
        if (epochs < 1) {
            throw new UserInputException("--epochs must be at least 1, got " + epochs);
        }
        ModelCheckpoint start = init == null ? null : CheckpointFiles.load(init);
        ModelCatalog.Entry defaults = start != null ? ModelCatalog.entry(start.config().model()) : modelOptions.entry();
        int batch = batchOption != null ? batchOption : defaults.batch();
        double lr = lrOption != null ? lrOption : defaults.learningRate();
        AdamSettings adam = adam(lr);
        Image picture = AreaDownscale.downscale(ImageReader.read(image), downscale);
        ModelConfig config = start != null ? checkedAgainstOptions(start.config(), picture)
                : modelOptions.build(2, picture.channels());
        AtomicFiles.requireWritableDirectory(out);
        int maxRows = Math.min(batch, picture.pixelCount());
        MemoryBudget.require(config, maxRows, ImageFit.usesGrid(config, !noGrid) ? Math.max(picture.width(), picture.height()) : 0,
                ImageFit.dataBytes(picture), "--batch, --width or --degree");

        TrainingOptions training = new TrainingOptions(epochs, batch, adam, seed);
        FitSettings settings = new FitSettings(config, training, start == null ? null : start.parameters(), !noGrid);
        try (Backend backend = backendOptions.open()) {
            System.err.printf("sl2a fit: %s %s, %s, %,d parameters, %s%n", image, picture.describeShape(), config.model(),
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

    private static AdamSettings adam(double lr) {
        try {
            return AdamSettings.withLearningRate(lr);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--lr must be a positive number, got " + lr);
        }
    }

    private int keepLastGood(TrainingDivergedException e, ModelConfig config) {
        Map<String, float[]> good = e.lastGoodParameters();
        Path model = out.resolve(FitOutputs.MODEL);
        CheckpointFiles.save(config, good, model);
        System.err.printf("sl2a fit: %s; kept the model after %d good epochs in %s%n", e.getMessage(), e.lastGoodEpoch(), model);
        return 3;
    }

    /** With --init the checkpoint decides the architecture; options that contradict it are errors. */
    private ModelConfig checkedAgainstOptions(ModelConfig fromCheckpoint, Image picture) {
        modelOptions.requireAgreement(fromCheckpoint);
        if (fromCheckpoint.outFeatures() != picture.channels() || fromCheckpoint.inFeatures() != 2) {
            throw new UserInputException("checkpoint " + init + " has " + fromCheckpoint.outFeatures()
                    + " output channels but the image has " + picture.channels());
        }
        return fromCheckpoint;
    }
}
