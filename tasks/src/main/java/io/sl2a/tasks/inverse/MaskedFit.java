package io.sl2a.tasks.inverse;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.fit.FitDriver;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.render.Renderer;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A network fitted to the observed pixels of an image only (the loss never sees the others) and
 * rendered on the whole grid: the inpainting task. The observed pixels keep their places on the
 * image's grid, so SL2A still takes its per-axis path.
 */
public final class MaskedFit {
    /** The rendering, the trained parameters, the training time, and the optimiser steps run. */
    public record Result(Image reconstruction, Map<String, float[]> parameters, double trainSeconds, boolean gridPath,
            int steps) {
    }

    private MaskedFit() {
    }

    /** The observed pixels as training points, with their grid indices. */
    public static FitData observedPoints(Image image, PixelMask mask) {
        FitData all = FitData.image(image.width(), image.height(), image.channels(), image.pixels());
        int kept = mask.observedCount();
        int channels = image.channels();
        float[] coords = new float[2 * kept];
        float[] targets = new float[channels * kept];
        float[] index = new float[2 * kept];
        int at = 0;
        for (int p = 0; p < mask.observed().length; p++) {
            if (!mask.observed()[p]) {
                continue;
            }
            System.arraycopy(all.coords(), 2 * p, coords, 2 * at, 2);
            System.arraycopy(all.grid().pointIndex(), 2 * p, index, 2 * at, 2);
            System.arraycopy(all.targets(), channels * p, targets, channels * at, channels);
            at++;
        }
        GridCoordinates grid = new GridCoordinates(all.grid().axisValues(), all.grid().axisLength(), index);
        return new FitData(coords, targets, kept, 2, channels, grid);
    }

    public static Result fit(Image image, PixelMask mask, ModelConfig config, TrainingOptions training,
            Map<String, float[]> initial, Backend backend, Consumer<EpochResult> afterEpoch) {
        return fit(observedPoints(image, mask), image.width(), image.height(), config, training, initial, backend,
                () -> false, (network, result) -> afterEpoch.accept(result));
    }

    /**
     * Fits {@code points} (some of an image's pixels, on its grid) and renders the whole
     * {@code width x height} grid; {@code afterEpoch} sees the network between epochs (to score it on
     * held-out pixels), {@code stop} may end the run at the start of an epoch.
     */
    public static Result fit(FitData points, int width, int height, ModelConfig config, TrainingOptions training,
            Map<String, float[]> initial, Backend backend, BooleanSupplier stop,
            BiConsumer<DeviceNetwork, EpochResult> afterEpoch) {
        int perEpoch = StepBudget.stepsPerEpoch(points.points(), training.batchSize());
        return FitDriver.fit(new FitDriver.Points(points, true), config, training, FitDriver.Start.from(initial), backend,
                stop, afterEpoch, (network, run) -> new Result(Renderer.render(network, width, height),
                        network.parameters(), run.trainSeconds(), run.gridPath(), run.epochs() * perEpoch));
    }
}
