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
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Super-resolution without an operator (INCODE's {@code train_sr.ipynb}): the network is fitted
 * to the low-resolution pixels at their own coordinates and rendered on the high-resolution grid.
 * Where a low-resolution pixel sits on that grid is a choice: {@link Alignment#CENTRES} puts it at
 * the mean of the coordinates of the block it averages (what the observation means);
 * {@link Alignment#CORNERS} spreads the low-resolution grid over [-1, 1] by itself (linspace), as
 * the references' scripts do, which shifts it by up to half a low-resolution pixel at the borders.
 */
public final class DirectSuperResolution {
    public enum Alignment { CENTRES, CORNERS }

    private DirectSuperResolution() {
    }

    /** The low-resolution pixels as training points, on their own per-axis grid. */
    public static FitData observedPoints(Image low, int scale, Alignment alignment) {
        int width = low.width();
        int height = low.height();
        int axisLength = Math.max(width, height);
        float[] values = new float[2 * axisLength];
        for (int x = 0; x < width; x++) {
            values[x] = position(x, width, scale, alignment);
        }
        for (int y = 0; y < height; y++) {
            values[axisLength + y] = position(y, height, scale, alignment);
        }
        float[] index = GridCoordinates.image(width, height).pointIndex();
        GridCoordinates grid = new GridCoordinates(values, axisLength, index);
        return new FitData(grid.coordinates(2), low.pixels(), width * height, 2, low.channels(), grid);
    }

    /** The coordinate of low-resolution position {@code i} of {@code n} on the high-resolution grid's axis. */
    static float position(int i, int n, int scale, Alignment alignment) {
        if (alignment == Alignment.CORNERS) {
            return GridCoordinates.linspace(i, n);
        }
        int high = n * scale;
        return (float) (-1.0 + 2.0 * (i * scale + (scale - 1) / 2.0) / (high - 1));
    }

    public static MeasuredFit.Result fit(Image low, int scale, Alignment alignment, ModelConfig config,
            TrainingOptions training, Backend backend, BooleanSupplier stop, Consumer<EpochResult> afterEpoch) {
        return fit(observedPoints(low, scale, alignment), low.width() * scale, low.height() * scale, config, training,
                backend, stop, (network, result) -> afterEpoch.accept(result));
    }

    /**
     * Fits {@code points} (some or all of {@link #observedPoints}) and renders the {@code width x
     * height} high-resolution grid; the result's steps are optimiser steps (epochs times the batches
     * of one), not epochs.
     */
    public static MeasuredFit.Result fit(FitData points, int width, int height, ModelConfig config,
            TrainingOptions training, Backend backend, BooleanSupplier stop,
            BiConsumer<DeviceNetwork, EpochResult> afterEpoch) {
        int perEpoch = StepBudget.stepsPerEpoch(points.points(), training.batchSize());
        return FitDriver.fit(new FitDriver.Points(points, true), config, training, FitDriver.Start.SEEDED, backend, stop,
                afterEpoch, (network, run) -> new MeasuredFit.Result(Renderer.render(network, width, height),
                        network.parameters(), run.trainSeconds(), run.gridPath(), run.epochs() * perEpoch));
    }
}
