package io.sl2a.tasks.inverse;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.fit.FitDriver;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.render.Renderer;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A network whose rendering of a whole image is only ever seen through a measurement operator
 * (area downsampling, the Radon transform): every step renders the image grid, measures it and
 * steps on the measurement's MSE. The grid is the reference's (linspace over each axis), so
 * SL2A takes its per-axis path.
 */
public final class MeasuredFit {
    /** The rendering, the trained parameters, the training time, and the steps run. */
    public record Result(Image reconstruction, Map<String, float[]> parameters, double trainSeconds, boolean gridPath,
            int steps) {
    }

    private MeasuredFit() {
    }

    /** Whether the fit runs on the grid's per-axis tables (the model's first layer takes them). */
    public static boolean usesGrid(ModelConfig config) {
        return ImageFit.usesGrid(config, true);
    }

    /**
     * Trains for {@code steps} steps at a rate decaying from {@code lr} to a tenth (the schedule of
     * every fit here), seeded initialisation; {@code stop} may end it early between two steps.
     */
    public static Result fit(int width, int height, MeasurementOperator operator, float[] measurement,
            ModelConfig config,
            int steps, double lr, long seed, Backend backend, BooleanSupplier stop, Consumer<EpochResult> afterStep) {
        return fit(width, height, operator, measurement, config, steps, lr, seed, backend, stop,
                (network, result) -> afterStep.accept(result));
    }

    /** As above, {@code afterStep} seeing the network between steps (to score it on held-out measurements). */
    public static Result fit(int width, int height, MeasurementOperator operator, float[] measurement,
            ModelConfig config, int steps, double lr, long seed, Backend backend, BooleanSupplier stop,
            BiConsumer<DeviceNetwork, EpochResult> afterStep) {
        TrainingOptions training = new TrainingOptions(steps, operator.points(), lr, config.spec().adam(), seed);
        return FitDriver.fit(new FitDriver.Measured(GridCoordinates.image(width, height), operator, measurement), config,
                training, FitDriver.Start.SEEDED, backend, stop, afterStep,
                (network, run) -> new Result(Renderer.render(network, width, height), network.parameters(),
                        run.trainSeconds(), run.gridPath(), run.epochs()));
    }
}
