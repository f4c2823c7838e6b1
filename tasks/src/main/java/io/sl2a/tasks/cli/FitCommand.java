package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.train.LearningRateSchedule;
import io.sl2a.nn.train.TrainingDivergedException;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.fit.CheckpointFiles;
import io.sl2a.tasks.fit.FitOutputs;
import io.sl2a.tasks.fit.FitResult;
import io.sl2a.tasks.fit.FitSettings;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.fit.ProgressReporter;
import io.sl2a.tasks.fit.TrainingStateFile;
import io.sl2a.tasks.image.AreaDownscale;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.Plural;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sl2a fit IMAGE}: fits a model (SL2A unless --model says otherwise) to an image and writes the model, pictures
 * and metrics.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit a network (SL2A, or another --model) to an image (PNG or JPEG, grey or colour).",
        footer = {"", "Writes into DIR: model.safetensors, reconstruction.png, convergence.png, metrics.json."})
public final class FitCommand implements Callable<Integer>, CommandDefaults {
    static final int DEFAULT_EPOCHS = 100;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to fit.")
    Path image;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ParamsFlag size;

    @Option(names = "--downscale", paramLabel = "F",
            description = "Shrink the image by F with area averaging first (default: 1).")
    Double downscaleOption;

    @Option(names = "--init", paramLabel = "CKPT",
            description = "Start from this checkpoint (its architecture is used).")
    Path init;

    @Option(names = "--no-grid", description = "Expand the Chebyshev basis at every pixel instead of once per pixel row"
            + " and column (same results up to rounding, slower; for comparison).")
    boolean noGrid;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Every N epochs, write the model, the training"
            + " state and the metrics so far (a run stopped by Ctrl-C or SIGTERM writes them too).")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the stopped run in DIR (its settings, Adam state,"
            + " schedule and shuffling) and write into DIR.")
    Path resume;

    @Mixin
    TrainingFlags training;

    @Mixin
    BatchFlag batching;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    /** Exit code of a run stopped by a signal (its work is saved; --resume continues it). */
    static final int INTERRUPTED = Main.INTERRUPTED;

    /**
     * Set when the fit runs as one job of many ({@link FitJob}): its status lines go here instead of
     * stderr, with no progress bar and no signal handlers, since the sweep around it owns the
     * process, its console and Ctrl-C.
     */
    PrintStream jobLog;

    @Override
    public Integer call() {
        if (batching.batch != null && batching.batch < 1) {
            throw new UserInputException("--batch must be at least 1, got " + batching.batch);
        }
        if (training.epochs < 1) {
            throw new UserInputException("--epochs must be at least 1, got " + training.epochs);
        }
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw new UserInputException("--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
        Path outDirectory = resume != null ? resume : output.out;
        if (resume != null) {
            requireOwnDirectory(training.given("--out"), output.out, resume);
        }
        // Taken before the state is read: a run still writing into DIR is neither read half-way nor joined.
        OutputDirectory.claim(outDirectory);
        TrainingStateFile.Saved resumed = resume == null ? null : TrainingStateFile.read(resume.resolve(TrainingStateFile.NAME));
        if (resumed != null) {
            requireSameRun(resumed.run());
        }
        ModelCheckpoint start = resumed != null ? (resumed.model() != null ? resumed.model()
                : CheckpointFiles.load(resume.resolve(FitOutputs.MODEL)))
                : init == null ? null : CheckpointFiles.load(init);
        if (start != null && size.budget() != null) {
            throw new UserInputException("--params cannot resize the model of " + (resume != null ? "--resume"
                    : "--init") + ": the checkpoint decides its size");
        }
        ModelSpec defaults = start != null ? start.config().spec() : modelOptions.sizedTo(size.budget()).spec();
        int epochs = resumed != null ? resumed.run().epochs() : training.epochs;
        int batch = resumed != null ? resumed.run().batch() : batching.batch(defaults.batch());
        double lr = resumed != null ? resumed.run().learningRate() : training.lr(defaults.learningRate());
        long seed = resumed != null ? resumed.run().seed() : training.seed;
        boolean grid = resumed != null ? resumed.run().grid() : !noGrid;
        requirePositive(lr);
        Image picture = AreaDownscale.downscale(ImageReader.read(image), downscaleOption != null ? downscaleOption : 1);
        if (resumed != null && (picture.width() != resumed.run().width() || picture.height() != resumed.run().height()
                || picture.channels() != resumed.run().channels())) {
            throw new UserInputException("the run in " + resume + " fitted a " + resumed.run().width() + "x"
                    + resumed.run().height() + " image of " + resumed.run().channels() + " channel(s), not "
                    + picture.describeShape());
        }
        ModelConfig config = ModelOptions.boundTo(start != null ? checkedAgainstOptions(start.config(), picture)
                : modelOptions.buildForImages(picture.channels()), picture);
        int maxRows = Math.min(batch, picture.pixelCount());
        MemoryBudget.require(config, maxRows, ImageFit.usesGrid(config, grid) ? Math.max(picture.width(),
                picture.height()) : 0,
                ImageFit.dataBytes(picture), "--batch, --width or --degree");
        if (resumed != null && resumed.model() != null) {
            restoreModel(resumed.model(), resume.resolve(FitOutputs.MODEL));
        }

        TrainingOptions training = new TrainingOptions(epochs, batch, lr, config.spec().adam(), seed);
        FitSettings settings = new FitSettings(config, training, start == null ? null : start.parameters(), grid);
        String initGiven = resumed != null ? resumed.run().init() : init == null ? null : init.toString();
        // A job has no signal handlers of its own (null is not closed by try).
        try (StopOnSignal signal = jobLog == null ? new StopOnSignal() : null; Backend backend = backendOptions.open()) {
            FitOutputs.RunInfo info = new FitOutputs.RunInfo(image.toString(), picture.width(), picture.height(),
                    picture.channels(), backend.description(), batch, lr, seed, initGiven);
            status().printf("sl2a fit: %s %s, %s, %,d parameters, %s%s%n", image, picture.describeShape(),
                    config.model(),
                    config.parameterCount(), backend.description(), resumed == null ? ""
                            : ", resuming at epoch " + (resumed.state().epoch() + 1) + " of " + epochs);
            FitResult result;
            ImageFit.Control control = new ImageFit.Control(signal == null ? () -> false : signal::requested,
                    checkpointEvery == null ? 0 : checkpointEvery,
                    partial -> FitOutputs.write(partial, info, outDirectory));
            try (ProgressReporter progress = jobLog == null ? new ConsoleProgress("fit", epochs) : ProgressReporter.SILENT) {
                result = ImageFit.fit(picture, settings, resumed, backend, progress, control);
            } catch (TrainingDivergedException e) {
                return keepLastGood(e, config, outDirectory);
            }
            FitOutputs.write(result, info, outDirectory, !result.finished());
            status().print(backend.profileReport());
            if (!result.finished()) {
                status().printf("sl2a fit: stopped after %d of %d epochs; wrote %s (continue with: sl2a fit %s --resume %s)%n",
                        result.psnrPerEpoch().length, epochs, outDirectory, image, outDirectory);
                return INTERRUPTED;
            }
            status().printf("sl2a fit: PSNR %.2f dB, SSIM %.4f after %s in %.1f s (%,.0f samples/s); wrote %s%n",
                    result.psnr(), result.ssim(), Plural.of(epochs, "epoch"), result.trainSeconds(),
                    result.samplesPerSecond(),
                            outDirectory);
        }
        return 0;
    }

    /** Where the status lines go: stderr, or a job's log. */
    private PrintStream status() {
        return jobLog != null ? jobLog : System.err;
    }

    /**
     * A resumed run keeps its own settings: an option given again with the run's own value is
     * accepted (a retyped command with {@code --resume DIR} added), one that would change the
     * run is refused.
     */
    private void requireSameRun(TrainingStateFile.Run run) {
        refuseChange("--epochs", () -> training.epochs == run.epochs());
        refuseChange("--batch", () -> batching.batch != null && batching.batch == run.batch());
        refuseChange("--lr", () -> training.lr != null && Double.compare(training.lr, run.learningRate()) == 0);
        refuseChange("--seed", () -> training.seed == run.seed());
        refuseChange("--no-grid", () -> noGrid == !run.grid());
        refuseChange("--init", () -> init != null && init.toString().equals(run.init()));
    }

    private void refuseChange(String flag, BooleanSupplier sameAsTheRun) {
        if (training.given(flag) && !sameAsTheRun.getAsBoolean()) {
            throw new UserInputException(flag + " cannot change a run continued with --resume (it keeps its own)");
        }
    }

    /** {@code --out} beside {@code --resume DIR} must name DIR: a run continues where its state is. */
    static void requireOwnDirectory(boolean outGiven, Path out, Path resume) {
        if (outGiven && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new UserInputException("--out " + out + " is not --resume " + resume + ": a resumed run writes into"
                    + " its own directory");
        }
    }

    /**
     * Puts the state's model back as {@code model.safetensors} where that file holds another (a run
     * killed after writing a newer model and before its state): the directory then holds the one
     * run the state continues.
     */
    private static void restoreModel(ModelCheckpoint model, Path file) {
        byte[] expected = model.toBytes();
        try {
            if (Files.isRegularFile(file) && Arrays.equals(expected, Files.readAllBytes(file))) {
                return;
            }
        } catch (IOException e) {
            // Unreadable: written again below.
        }
        CheckpointFiles.save(model.config(), model.parameters(), file);
        System.err.println("sl2a fit: " + file + " did not hold the model of its training state (a run stopped between"
                + " writing the two); put the state's back");
    }

    private static void requirePositive(double lr) {
        try {
            LearningRateSchedule.requirePositive(lr);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--lr must be a positive number, got " + lr);
        }
    }

    private int keepLastGood(TrainingDivergedException e, ModelConfig config, Path directory) {
        Map<String, float[]> good = e.lastGoodParameters();
        Path model = directory.resolve(FitOutputs.MODEL);
        CheckpointFiles.save(config, good, model);
        status().printf("sl2a fit: %s; kept the model after %d good epochs in %s%n", e.getMessage(),
                e.lastGoodEpoch(), model);
        return 3;
    }

    /** With --init the checkpoint decides the architecture; options that contradict it are errors. */
    private ModelConfig checkedAgainstOptions(ModelConfig fromCheckpoint, Image picture) {
        modelOptions.requireAgreement(fromCheckpoint, resume != null ? "the run in " + resume
                : "the checkpoint given with --init");
        if (fromCheckpoint.outFeatures() != picture.channels() || fromCheckpoint.inFeatures() != 2) {
            throw new UserInputException("checkpoint " + init + " has " + fromCheckpoint.outFeatures()
                    + " output channels but the image has " + picture.channels());
        }
        return fromCheckpoint;
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--epochs", Integer.toString(DEFAULT_EPOCHS), "--seed", "42", "--out", "out");
    }
}
