package io.sl2a.tasks.fit;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.objectives.MeasuredMse;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.LearningRateSchedule;
import io.sl2a.nn.train.MeasuredTrainer;
import io.sl2a.nn.train.Trainer;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.nn.train.TrainingState;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * The one fit driver: a network of any model is compiled on its backend for what it is fitted to,
 * initialised (or resumed), trained by the trainer of that signal until every epoch ran or
 * {@code stop} says so, then handed, still on its backend, to whoever reads the result out of it (a
 * rendering, a predicted volume, a checkpoint). Image fits ({@code fit}, with resume and
 * checkpoints), point fits (inpainting, direct super-resolution, occupancy) and measured fits (CT,
 * super-resolution through its operator) all run through it.
 */
public final class FitDriver {
    /** What a network is fitted to. */
    public sealed interface Signal permits Points, Measured {
    }

    /**
     * Points and their targets, in minibatches ({@link io.sl2a.nn.graph.PointMse}); on the grid's
     * per-axis tables when {@code gridWanted} and the model's first layer takes them.
     */
    public record Points(FitData data, boolean gridWanted) implements Signal {
    }

    /**
     * A measurement of the whole grid through an operator ({@link MeasuredMse}): every step renders
     * every point of {@code grid} and compares its measurement with {@code measurement}.
     */
    public record Measured(GridCoordinates grid, MeasurementOperator operator, float[] measurement) implements Signal {
    }

    /**
     * Where training starts: the initial parameters (null: the model's seeded initialisation) and,
     * for a resumed run, its place and Adam's moments (null: a fresh one).
     */
    public record Start(Map<String, float[]> parameters, TrainingState state, Map<String, float[]> moments) {
        public static final Start SEEDED = new Start(null, TrainingState.START, null);

        public static Start from(Map<String, float[]> parameters) {
            return new Start(parameters, TrainingState.START, null);
        }
    }

    /**
     * How the training went: its seconds, the epochs it ran (fewer when stopped), the path it took,
     * and where a stopped run stood (null when it ran to the end).
     */
    public record Run(double trainSeconds, int epochs, boolean gridPath, TrainingState stopped) {
    }

    private FitDriver() {
    }

    /**
     * Fits; {@code afterEpoch} sees the network between epochs (a measured fit's steps), {@code
     * finish} the trained network, whose answer is returned. Throws
     * {@link io.sl2a.nn.train.TrainingDivergedException} (with the last good parameters) if the loss
     * stops being finite.
     */
    public static <T> T fit(Signal signal, ModelConfig config, TrainingOptions training, Start start, Backend backend,
            BooleanSupplier stop, BiConsumer<DeviceNetwork, EpochResult> afterEpoch,
            BiFunction<DeviceNetwork, Run, T> finish) {
        return switch (signal) {
            case Points points -> points(points, config, training, start, backend, stop, afterEpoch, finish);
            case Measured measured -> measured(measured, config, training, start, backend, stop, afterEpoch, finish);
        };
    }

    private static <T> T points(Points signal, ModelConfig config, TrainingOptions training, Start start, Backend backend,
            BooleanSupplier stop, BiConsumer<DeviceNetwork, EpochResult> afterEpoch,
            BiFunction<DeviceNetwork, Run, T> finish) {
        LayerGraph graph = config.graph();
        FitData data = signal.data();
        boolean grid = ImageFit.usesGrid(config, signal.gridWanted());
        int maxRows = Math.min(training.batchSize(), data.points());
        double[] seconds = new double[1];
        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, maxRows, training.adam(),
                grid ? data.grid().axisLength() : 0)) {
            initialise(network, graph, training, start);
            TrainingState stopped = new Trainer(network, data, training).train(start.state(), stop, result -> {
                seconds[0] += result.seconds();
                afterEpoch.accept(network, result);
            });
            int epochs = stopped == null ? training.epochs() : stopped.epoch();
            return finish.apply(network, new Run(seconds[0], epochs, grid, stopped));
        }
    }

    private static <T> T measured(Measured signal, ModelConfig config, TrainingOptions training, Start start,
            Backend backend, BooleanSupplier stop, BiConsumer<DeviceNetwork, EpochResult> afterEpoch,
            BiFunction<DeviceNetwork, Run, T> finish) {
        if (start.state() != TrainingState.START) {
            throw new IllegalArgumentException("a measured fit starts from its first step: it has no resume");
        }
        LayerGraph graph = config.graph();
        boolean grid = ImageFit.usesGrid(config, true);
        GridCoordinates points = signal.grid();
        double[] seconds = new double[1];
        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, signal.operator().points(), training.adam(),
                grid ? points.axisLength() : 0, new MeasuredMse(signal.operator()))) {
            initialise(network, graph, training, start);
            if (grid) {
                network.setGridAxes(points.axisValues());
            }
            MeasuredTrainer trainer = new MeasuredTrainer(network, grid ? points.pointIndex() : points.coordinates(2),
                    signal.measurement(), training.adam(), LearningRateSchedule.reference(training.learningRate(),
                            training.epochs()));
            int ran = trainer.train(stop, result -> {
                seconds[0] += result.seconds();
                afterEpoch.accept(network, result);
            });
            return finish.apply(network, new Run(seconds[0], ran, grid, null));
        }
    }

    private static void initialise(DeviceNetwork network, LayerGraph graph, TrainingOptions training, Start start) {
        network.setParameters(start.parameters() != null ? start.parameters() : graph.initialParameters(training.seed()));
        if (start.moments() != null) {
            network.setOptimizerState(start.moments());
        }
    }
}
