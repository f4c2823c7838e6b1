package io.sl2a.tasks.occupancy;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.fit.FitDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A network fitted to a voxelised occupancy (1 inside, 0 outside) on the cube
 * {@code linspace(-1, 1, n)^3}, by MSE in minibatches over all voxels as WIRE's
 * {@code wire_occupancy.py} trains; judged by the IoU of its prediction thresholded at 0.5. The
 * voxels lie on a grid, so SL2A takes its per-axis path in 3-D as in 2-D.
 */
public final class OccupancyFit {
    /** The prediction is "inside" above this. */
    public static final float LEVEL = 0.5f;
    /** Points evaluated at once when the whole grid is predicted. */
    private static final int CHUNK = 1 << 18;

    /** IoU after an epoch. */
    public record IouPoint(int epoch, double iou) {
    }

    /**
     * The trained parameters, the final IoU, its history, the training time and the epochs run;
     * {@code saved}: what continues the run from where it ended. A run stopped before its last epoch,
     * or while its final prediction was being made, has no {@code field} (and an IoU of NaN).
     */
    public record Result(Map<String, float[]> parameters, double iou, List<IouPoint> iouHistory, double trainSeconds,
            int epochs, boolean gridPath, float[] field, Saved saved) {
        /** Whether the run went all the way, its prediction on the grid included. */
        public boolean finished() {
            return field != null;
        }
    }

    /**
     * Where a run stands, all that continues it exactly: the parameters, Adam's moments, the place
     * in the run, the IoU measured so far and the seconds trained; {@code state.epoch()} is the
     * number of epochs when training is done.
     */
    public record Saved(Map<String, float[]> parameters, Map<String, float[]> moments, TrainingState state,
            List<IouPoint> iouHistory, double trainSeconds) {
    }

    /**
     * How a run may be stopped and checkpointed: {@code stop} is asked between two steps (and
     * between two chunks of a prediction on the grid); every {@code checkpointEvery} epochs (0:
     * never), and once training is done, before the grid is predicted, the run goes to {@code
     * checkpoints}.
     */
    public record Control(BooleanSupplier stop, int checkpointEvery, Consumer<Saved> checkpoints) {
    }

    private OccupancyFit() {
    }

    /** The voxels as training points: coordinates, grid indices and 0/1 targets. */
    static FitData points(boolean[] inside, int n) {
        GridCoordinates grid = GridCoordinates.volume(n);
        float[] targets = new float[inside.length];
        for (int p = 0; p < inside.length; p++) {
            targets[p] = inside[p] ? 1.0f : 0.0f;
        }
        return new FitData(grid.coordinates(3), targets, inside.length, 3, 1, grid);
    }

    /**
     * Trains, measuring the IoU every {@code iouEvery} epochs and after the last; {@code stop} may
     * end it between two steps. The returned field is the prediction on the whole grid.
     */
    public static Result fit(boolean[] inside, int n, ModelConfig config, TrainingOptions training, int iouEvery,
            Backend backend, BooleanSupplier stop, Consumer<EpochResult> afterEpoch) {
        return fit(inside, n, config, training, iouEvery, backend, null, new Control(stop, 0, saved -> { }), afterEpoch);
    }

    /**
     * Trains from the start or, with {@code from}, from where a stopped run left it (the same
     * inside, grid, model and options), checkpointing and stopping as {@code control} says; a
     * stop skips the IoU being measured (that point is missing from the history).
     */
    public static Result fit(boolean[] inside, int n, ModelConfig config, TrainingOptions training, int iouEvery,
            Backend backend, Saved from, Control control, Consumer<EpochResult> afterEpoch) {
        List<IouPoint> history = from == null ? new ArrayList<>() : new ArrayList<>(from.iouHistory());
        double[] seconds = {from == null ? 0 : from.trainSeconds()};
        FitDriver.Start start = from == null ? FitDriver.Start.SEEDED
                : new FitDriver.Start(from.parameters(), from.state(), from.moments());
        int epochs = training.epochs();
        long stepsPerEpoch = (inside.length + Math.min(training.batchSize(), inside.length) - 1)
                / Math.min(training.batchSize(), inside.length);
        return FitDriver.fit(new FitDriver.Points(points(inside, n), true), config, training, start,
                backend, control.stop(), (network, result) -> {
            seconds[0] += result.seconds();
            int done = result.epoch() + 1;
            if (iouEvery > 0 && done % iouEvery == 0 && done < epochs) {
                float[] field = predict(network, n, control.stop());
                if (field != null) {
                    history.add(new IouPoint(done, iou(field, inside)));
                }
            }
            afterEpoch.accept(result);
            if (control.checkpointEvery() > 0 && done % control.checkpointEvery() == 0 && done < epochs) {
                control.checkpoints().accept(saved(network, new TrainingState(done, 0, done * stepsPerEpoch, 0, 0),
                        history, seconds[0]));
            }
        }, (network, run) -> {
            boolean trained = run.stopped() == null;
            Saved saved = saved(network, trained ? new TrainingState(epochs, 0, epochs * stepsPerEpoch, 0, 0)
                    : run.stopped(), history, seconds[0]);
            float[] field = null;
            double iou = Double.NaN;
            List<IouPoint> measured = history;
            if (trained) {
                // Saved before the prediction on the whole grid, which a large grid takes a while over.
                control.checkpoints().accept(saved);
                field = predict(network, n, control.stop());
                if (field != null) {
                    iou = iou(field, inside);
                    measured = new ArrayList<>(history);
                    measured.add(new IouPoint(epochs, iou));
                }
            }
            return new Result(saved.parameters(), iou, measured, seconds[0], run.epochs(), run.gridPath(), field,
                    saved);
        });
    }

    private static Saved saved(DeviceNetwork network, TrainingState state, List<IouPoint> history, double seconds) {
        return new Saved(network.parameters(), network.optimizerState(), state, List.copyOf(history), seconds);
    }

    /** The network on every voxel of the grid, in chunks so that a large grid never holds its coordinates at once. */
    public static float[] predict(DeviceNetwork network, int n) {
        return predict(network, n, () -> false);
    }

    /** As {@link #predict(DeviceNetwork, int)}, or null once {@code stop} says so (asked between two chunks). */
    static float[] predict(DeviceNetwork network, int n, BooleanSupplier stop) {
        int points = Math.multiplyExact(n, Math.multiplyExact(n, n));
        float[] field = new float[points];
        float[] coords = new float[3 * Math.min(CHUNK, points)];
        for (int first = 0; first < points; first += CHUNK) {
            if (stop.getAsBoolean()) {
                return null;
            }
            int count = Math.min(CHUNK, points - first);
            for (int q = 0; q < count; q++) {
                int p = first + q;
                coords[3 * q] = GridCoordinates.linspace(p % n, n);
                coords[3 * q + 1] = GridCoordinates.linspace((p / n) % n, n);
                coords[3 * q + 2] = GridCoordinates.linspace(p / (n * n), n);
            }
            System.arraycopy(network.predict(coords, count), 0, field, first, count);
        }
        return field;
    }

    /** Intersection over union of {@code field > LEVEL} and {@code inside}; 1 when both are empty. */
    public static double iou(float[] field, boolean[] inside) {
        long both = 0;
        long either = 0;
        for (int p = 0; p < inside.length; p++) {
            boolean predicted = field[p] > LEVEL;
            both += predicted && inside[p] ? 1 : 0;
            either += predicted || inside[p] ? 1 : 0;
        }
        return either == 0 ? 1.0 : (double) both / either;
    }
}
