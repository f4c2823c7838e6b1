package io.sl2a.tasks.inverse;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.objectives.MeasuredMse;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.LearningRateSchedule;
import io.sl2a.nn.train.MeasuredTrainer;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.render.Renderer;
import java.util.Map;
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
        LayerGraph graph = config.graph();
        boolean grid = usesGrid(config);
        GridCoordinates points = GridCoordinates.image(width, height);
        AdamSettings adam = AdamSettings.PYTORCH;
        double[] seconds = new double[1];
        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, operator.points(), adam,
                grid ? points.axisLength() : 0, new MeasuredMse(operator))) {
            network.setParameters(graph.initialParameters(seed));
            if (grid) {
                network.setGridAxes(points.axisValues());
            }
            MeasuredTrainer trainer = new MeasuredTrainer(network, grid ? points.pointIndex() : points.coordinates(2),
                    measurement, adam, LearningRateSchedule.reference(lr, steps));
            int ran = trainer.train(stop, result -> {
                seconds[0] += result.seconds();
                afterStep.accept(result);
            });
            return new Result(Renderer.render(network, width, height), network.parameters(), seconds[0], grid, ran);
        }
    }
}
