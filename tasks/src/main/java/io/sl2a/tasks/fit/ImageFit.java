package io.sl2a.tasks.fit;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import io.sl2a.tasks.render.Renderer;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Fits a network of any model to an image: pixels become targets at the reference's coordinates, the
 * trainer runs every epoch (on the pixel grid's per-axis tables unless told otherwise: the same
 * function and gradients, far fewer operations), and the final network is rendered at the image's size to measure
 * PSNR and SSIM on what the user gets (values clamped to [0, 1]).
 */
public final class ImageFit {
    private ImageFit() {
    }

    /** Bytes the job holds besides the network: coordinates, targets, reconstruction, batch copies. */
    public static long dataBytes(Image image) {
        long points = image.pixelCount();
        return 4L * points * (2 + 3L * image.channels()) + 4L * points * 2;
    }

    /** Whether training runs on the grid's per-axis tables: asked for, and the model's first layer takes them. */
    public static boolean usesGrid(ModelConfig config, boolean wanted) {
        return wanted && config.graph().acceptsGridInput();
    }

    /**
     * How a fit may be stopped and checkpointed: {@code stop} is asked between two steps; every
     * {@code checkpointEvery} epochs (0: never) the run so far goes to {@code checkpoints}.
     */
    public record Control(BooleanSupplier stop, int checkpointEvery, Consumer<FitResult> checkpoints) {
        public static final Control NONE = new Control(() -> false, 0, r -> { });
    }

    /**
     * Runs the fit. Throws {@link io.sl2a.nn.train.TrainingDivergedException} if the loss becomes
     * NaN; it carries the last good parameters.
     */
    public static FitResult fit(Image image, FitSettings settings, Backend backend, ProgressReporter progress) {
        return fit(image, settings, null, backend, progress, Control.NONE);
    }

    /**
     * Runs the fit from the start or, with {@code resume}, from where a stopped run left it (its
     * parameters are {@code settings.initialParameters()}). A stopped fit returns a result whose
     * {@link FitResult#stopped()} holds what continuing it needs.
     */
    public static FitResult fit(Image image, FitSettings settings, TrainingStateFile.Saved resume, Backend backend,
            ProgressReporter progress, Control control) {
        ModelConfig config = settings.config();
        int points = image.pixelCount();
        int epochs = settings.training().epochs();
        int maxRows = Math.min(settings.training().batchSize(), points);
        FitData data = FitData.image(image.width(), image.height(), image.channels(), image.pixels());
        double[] psnrPerEpoch = new double[epochs];
        double[] seconds = new double[1];
        FitDriver.Start start = new FitDriver.Start(settings.initialParameters(), TrainingState.START, null);
        if (resume != null) {
            System.arraycopy(resume.psnrPerEpoch(), 0, psnrPerEpoch, 0, resume.psnrPerEpoch().length);
            seconds[0] = resume.trainSeconds();
            start = new FitDriver.Start(settings.initialParameters(), resume.state(), resume.moments());
        }
        long stepsPerEpoch = (points + maxRows - 1) / maxRows;
        TrainingStateFile.Run run = new TrainingStateFile.Run(epochs, settings.training().batchSize(),
                settings.training().learningRate(), settings.training().seed(), settings.useGrid(), image.width(),
                image.height(), image.channels());
        return FitDriver.fit(new FitDriver.Points(data, settings.useGrid()), config, settings.training(), start, backend,
                control.stop(), (network, result) -> {
                    psnrPerEpoch[result.epoch()] = result.psnr();
                    seconds[0] += result.seconds();
                    progress.epochDone(result);
                    int done = result.epoch() + 1;
                    if (control.checkpointEvery() > 0 && done % control.checkpointEvery() == 0 && done < epochs) {
                        TrainingState at = new TrainingState(done, 0, done * stepsPerEpoch, 0, 0);
                        control.checkpoints().accept(result(image, config, network, psnrPerEpoch, done, seconds[0], at,
                                run));
                    }
                }, (network, fit) -> result(image, config, network, psnrPerEpoch, fit.epochs(), seconds[0], fit.stopped(),
                        run));
    }

    private static FitResult result(Image image, ModelConfig config, DeviceNetwork network, double[] psnrPerEpoch, int done,
            double seconds, TrainingState stoppedAt, TrainingStateFile.Run run) {
        Image reconstruction = Renderer.render(network, image.width(), image.height());
        double psnr = Psnr.psnr(reconstruction.pixels(), image.pixels());
        double ssim = Ssim.ssim(reconstruction, image);
        double[] history = Arrays.copyOf(psnrPerEpoch, done);
        double samplesPerSecond = seconds > 0 ? (double) image.pixelCount() * done / seconds : 0;
        Map<String, float[]> parameters = network.parameters();
        TrainingStateFile.Saved stopped = stoppedAt == null ? null
                : new TrainingStateFile.Saved(stoppedAt, run, history, seconds, network.optimizerState(),
                        new ModelCheckpoint(config, parameters));
        return new FitResult(config, parameters, reconstruction, psnr, ssim, history, seconds, samplesPerSecond,
                network.gridAxisLength() > 0, stopped);
    }
}
