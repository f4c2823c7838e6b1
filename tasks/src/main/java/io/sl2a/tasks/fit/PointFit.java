package io.sl2a.tasks.fit;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.Trainer;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.nn.train.TrainingState;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * A network of any model trained on points (on their grid's per-axis path when the model's first
 * layer takes it) by the reference trainer, then handed, still on its backend, to whoever reads
 * the result out of it (a rendering, a predicted volume): what inpainting, direct
 * super-resolution and occupancy share.
 */
public final class PointFit {
    /** How the training went: its seconds, the epochs it ran (fewer when stopped) and the path it took. */
    public record Run(double trainSeconds, int epochs, boolean gridPath) {
    }

    private PointFit() {
    }

    /**
     * Trains from {@code initial} (null: the model's seeded initialisation) until every epoch ran or
     * {@code stop} says so; {@code afterEpoch} sees the network between epochs, {@code finish} the
     * trained network, whose answer is returned.
     */
    public static <T> T fit(FitData data, ModelConfig config, TrainingOptions training, Map<String, float[]> initial,
            Backend backend, BooleanSupplier stop, BiConsumer<DeviceNetwork, EpochResult> afterEpoch,
            BiFunction<DeviceNetwork, Run, T> finish) {
        LayerGraph graph = config.graph();
        boolean grid = ImageFit.usesGrid(config, true);
        int maxRows = Math.min(training.batchSize(), data.points());
        double[] seconds = new double[1];
        int[] epochs = new int[1];
        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, maxRows, training.adam(),
                grid ? data.grid().axisLength() : 0)) {
            network.setParameters(initial != null ? initial : graph.initialParameters(training.seed()));
            new Trainer(network, data, training).train(TrainingState.START, stop, result -> {
                seconds[0] += result.seconds();
                epochs[0] = result.epoch() + 1;
                afterEpoch.accept(network, result);
            });
            return finish.apply(network, new Run(seconds[0], epochs[0], grid));
        }
    }
}
