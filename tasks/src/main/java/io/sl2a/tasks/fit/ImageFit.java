package io.sl2a.tasks.fit;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.Trainer;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import io.sl2a.tasks.render.Renderer;
import java.util.Map;

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
     * Runs the fit. Throws {@link io.sl2a.nn.train.TrainingDivergedException} if the loss becomes
     * NaN; it carries the last good parameters.
     */
    public static FitResult fit(Image image, FitSettings settings, Backend backend, ProgressReporter progress) {
        ModelConfig config = settings.config();
        LayerGraph graph = config.graph();
        int points = image.pixelCount();
        int maxRows = Math.min(settings.training().batchSize(), points);
        FitData data = FitData.image(image.width(), image.height(), image.channels(), image.pixels());
        int gridAxisLength = usesGrid(config, settings.useGrid()) ? data.grid().axisLength() : 0;
        Map<String, float[]> initial = settings.initialParameters() != null ? settings.initialParameters()
                : graph.initialParameters(settings.training().seed());
        double[] psnrPerEpoch = new double[settings.training().epochs()];
        double[] seconds = new double[1];
        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, maxRows, settings.training().adam(),
                gridAxisLength)) {
            network.setParameters(initial);
            new Trainer(network, data, settings.training()).train(result -> {
                psnrPerEpoch[result.epoch()] = result.psnr();
                seconds[0] += result.seconds();
                progress.epochDone(result);
            });
            Image reconstruction = Renderer.render(network, image.width(), image.height());
            double psnr = Psnr.psnr(reconstruction.pixels(), image.pixels());
            double ssim = Ssim.ssim(reconstruction, image);
            double samplesPerSecond = (double) points * settings.training().epochs() / seconds[0];
            return new FitResult(config, network.parameters(), reconstruction, psnr, ssim, psnrPerEpoch, seconds[0],
                    samplesPerSecond, network.gridAxisLength() > 0);
        }
    }
}
