package io.sl2a.tasks.inverse;

import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.fit.FitDriver;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The degree search of the inverse problems, run the same way for each: hold out a share of the
 * observations, fit each candidate on the rest with the run's own schedule, score it on the held-out
 * share {@link DegreeSearch#EVALUATIONS} times, and choose. Two kinds of observation: points
 * (inpainting's observed pixels, direct super-resolution's low-resolution pixels) and measurements
 * through an operator (super-resolution's area downsampling, CT's sinogram). The refit on every
 * observation is the command's own fit, stopped at the chosen step.
 */
public final class HeldOutSearch {
    /** The choice, the split it was made on, and the seconds the search took. */
    public record Outcome(DegreeSearch.Choice choice, HoldOut split, double seconds) {
    }

    private HeldOutSearch() {
    }

    /**
     * Candidates fitted to a share of {@code observed} for {@code epochs} epochs of {@code batch}
     * points; the curve's steps are optimiser steps. {@code configs} builds the model at a degree;
     * {@code report} hears one line per candidate.
     */
    public static Outcome points(FitData observed, List<Integer> candidates, IntFunction<ModelConfig> configs,
            int epochs, int batch, double lr, long seed, Backend backend, BooleanSupplier stop, Consumer<String> report) {
        long start = System.nanoTime();
        HoldOut split = HoldOut.split(observed.points(), HoldOut.SHARE, seed);
        FitData fitShare = ObservationRows.points(observed, split.fit());
        FitData held = ObservationRows.points(observed, split.validation());
        int perEpoch = StepBudget.stepsPerEpoch(fitShare.points(), batch);
        DegreeSearch.Choice choice = DegreeSearch.search(candidates, degree -> {
            ModelConfig config = configs.apply(degree);
            ValidationCurve.Recorder curve = new ValidationCurve.Recorder(degree);
            double seconds = FitDriver.fit(new FitDriver.Points(fitShare, true), config,
                    new TrainingOptions(epochs, batch, lr, config.spec().adam(), seed), FitDriver.Start.SEEDED, backend,
                    stop, (network, result) -> {
                        int done = result.epoch() + 1;
                        if (DegreeSearch.evaluatesAt(done, epochs)) {
                            curve.add(done * perEpoch, HeldOutScore.points(network, held));
                        }
                    }, (network, run) -> run.trainSeconds());
            return reported(curve.curve(seconds), report);
        });
        return new Outcome(choice, split, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Candidates fitted through the rows of {@code operator} not held out, for {@code steps} steps on
     * the {@code width x height} grid; {@code peak} is the measurement's range for the held-out PSNR.
     */
    public static Outcome measured(int width, int height, MeasurementOperator operator, float[] measurement,
            int channels, double peak, List<Integer> candidates, IntFunction<ModelConfig> configs, int steps, double lr,
            long seed, Backend backend, BooleanSupplier stop, Consumer<String> report) {
        long start = System.nanoTime();
        HoldOut split = HoldOut.split(operator.measurements(), HoldOut.SHARE, seed);
        MeasurementOperator fitOperator = ObservationRows.operator(operator, split.fit());
        float[] fitValues = ObservationRows.values(measurement, channels, split.fit());
        MeasurementOperator heldOperator = ObservationRows.operator(operator, split.validation());
        float[] heldValues = ObservationRows.values(measurement, channels, split.validation());
        DegreeSearch.Choice choice = DegreeSearch.search(candidates, degree -> {
            ModelConfig config = configs.apply(degree);
            ValidationCurve.Recorder curve = new ValidationCurve.Recorder(degree);
            // As MeasuredFit: every step takes the whole grid.
            double seconds = FitDriver.fit(new FitDriver.Measured(GridCoordinates.image(width, height), fitOperator,
                    fitValues), config, new TrainingOptions(steps, operator.points(), lr, config.spec().adam(), seed),
                    FitDriver.Start.SEEDED, backend, stop, (network, result) -> {
                        int done = result.epoch() + 1;
                        if (DegreeSearch.evaluatesAt(done, steps)) {
                            curve.add(done, HeldOutScore.measured(network, width, height, heldOperator, heldValues,
                                    peak));
                        }
                    }, (network, run) -> run.trainSeconds());
            return reported(curve.curve(seconds), report);
        });
        return new Outcome(choice, split, (System.nanoTime() - start) / 1e9);
    }

    private static ValidationCurve reported(ValidationCurve curve, Consumer<String> report) {
        report.accept(String.format(Locale.ROOT, "degree %d: held-out %.2f dB at its best, step %d (%.1f s)",
                curve.degree(), curve.bestPsnr(), curve.bestSteps(), curve.seconds()));
        return curve;
    }
}
