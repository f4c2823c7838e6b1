package io.sl2a.tasks.occupancy;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.TrainingOptions;
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

    /** The trained parameters, the final IoU, its history, the training time and the epochs run. */
    public record Result(Map<String, float[]> parameters, double iou, List<IouPoint> iouHistory, double trainSeconds,
            int epochs, boolean gridPath, float[] field) {
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
        List<IouPoint> history = new ArrayList<>();
        return FitDriver.fit(new FitDriver.Points(points(inside, n), true), config, training, FitDriver.Start.SEEDED,
                backend, stop, (network, result) -> {
            int done = result.epoch() + 1;
            if (iouEvery > 0 && done % iouEvery == 0 && done < training.epochs()) {
                history.add(new IouPoint(done, iou(predict(network, n), inside)));
            }
            afterEpoch.accept(result);
        }, (network, run) -> {
            float[] field = predict(network, n);
            double iou = iou(field, inside);
            if (history.isEmpty() || history.get(history.size() - 1).epoch() != run.epochs()) {
                history.add(new IouPoint(run.epochs(), iou)); // a run stopped on a measured epoch has it already
            }
            return new Result(network.parameters(), iou, history, run.trainSeconds(), run.epochs(), run.gridPath(), field);
        });
    }

    /** The network on every voxel of the grid, in chunks so that a large grid never holds its coordinates at once. */
    public static float[] predict(DeviceNetwork network, int n) {
        int points = Math.multiplyExact(n, Math.multiplyExact(n, n));
        float[] field = new float[points];
        float[] coords = new float[3 * Math.min(CHUNK, points)];
        for (int first = 0; first < points; first += CHUNK) {
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
