package io.sl2a.nn.train;

import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.objectives.MeasuredMse;
import io.sl2a.program.StepScalars;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Training through a measurement operator, as the references train their inverse problems (WIRE's
 * {@code wire_SISR.py}, {@code wire_ct.py}): every step renders the whole signal, measures it and
 * takes one Adam step on the measurement's MSE; the rate decays as {@code lr * factor^(step/steps)}.
 * An "epoch" of {@link EpochResult} is one step here, its mse that of the measurement.
 */
public final class MeasuredTrainer {
    private final DeviceNetwork network;
    private final LearningRateSchedule schedule;
    private final AdamSettings adam;
    private final int measuredValues;
    private final int measurements;

    /**
     * {@code points}: what every step renders (coordinates, or grid indices when the network was
     * compiled for a grid); {@code measurement}: what the rendering's measurement is compared with.
     */
    public MeasuredTrainer(DeviceNetwork network, float[] points, float[] measurement, AdamSettings adam,
            LearningRateSchedule schedule) {
        this.network = network;
        this.schedule = schedule;
        this.adam = adam;
        this.measuredValues = measurement.length;
        this.measurements = measurement.length / network.outFeatures();
        network.setFullBatch(points);
        MeasuredMse.setMeasurement(network, measurement);
    }

    /**
     * Runs the schedule's steps, or until {@code stop} says so between two; returns the steps run.
     * Throws {@link TrainingDivergedException} (with the last finite parameters) if the loss stops
     * being finite.
     */
    public int train(BooleanSupplier stop, Consumer<EpochResult> afterStep) {
        Map<String, float[]> lastGood = network.parameters();
        for (int step = 0; step < schedule.epochs(); step++) {
            if (stop.getAsBoolean()) {
                return step;
            }
            long begin = System.nanoTime();
            double rate = schedule.rateAt(step);
            network.trainStepFullBatch(StepScalars.adam(rate, adam.beta1(), adam.beta2(), step + 1));
            double mse = MeasuredMse.lastSquaredError(network, measurements) / measuredValues;
            Map<String, float[]> current = network.parameters();
            if (!Double.isFinite(mse) || !Trainer.allFinite(current)) {
                throw new TrainingDivergedException(step, step, lastGood);
            }
            lastGood = current;
            afterStep.accept(new EpochResult(step, mse, rate, (System.nanoTime() - begin) / 1e9));
        }
        return schedule.epochs();
    }
}
