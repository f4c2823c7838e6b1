package io.sl2a.nn.train;

import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.program.StepScalars;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The reference training loop, for any network: every epoch, a fresh random permutation of the points split into
 * minibatches; one Adam step per minibatch at the epoch's scheduled learning rate. Reproducible:
 * each epoch's permutation depends only on the seed and the epoch, so a stopped run can continue.
 */
public final class Trainer {
    private final DeviceNetwork network;
    private final FitData data;
    private final TrainingOptions options;

    public Trainer(DeviceNetwork network, FitData data, TrainingOptions options) {
        if (data.inFeatures() != network.inFeatures() || data.outFeatures() != network.outFeatures()) {
            throw new IllegalArgumentException("data dimensions do not match the network");
        }
        // The last batch of an epoch, or the only one when the data are fewer than a batch, may be smaller.
        if (Math.min(options.batchSize(), data.points()) > network.maxRows()) {
            throw new IllegalArgumentException("batch larger than the network was compiled for");
        }
        this.network = network;
        this.data = data;
        this.options = options;
    }

    /**
     * Trains for all epochs, calling {@code afterEpoch} after each. Throws
     * {@link TrainingDivergedException} if the loss stops being finite.
     */
    public void train(Consumer<EpochResult> afterEpoch) {
        train(TrainingState.START, () -> false, afterEpoch);
    }

    /**
     * Trains from {@code start} (a state an earlier call returned, with the network's parameters
     * and Adam moments as they were then) to the last epoch, or until {@code stop} says so between
     * two steps. Returns null when every epoch ran, else the state to continue from. A run stopped
     * and continued takes exactly the steps of one that was not.
     */
    public TrainingState train(TrainingState start, BooleanSupplier stop, Consumer<EpochResult> afterEpoch) {
        int points = data.points();
        int in = data.inFeatures();
        int out = data.outFeatures();
        int batch = Math.min(options.batchSize(), points);
        boolean onGrid = network.gridAxisLength() > 0;
        if (onGrid) {
            if (data.grid() == null || data.grid().axisLength() != network.gridAxisLength()) {
                throw new IllegalArgumentException("network compiled for a grid but the data has no matching grid");
            }
            network.setGridAxes(data.grid().axisValues());
        }
        if (start.position() >= points) {
            throw new IllegalArgumentException("training state at point " + start.position() + " of " + points);
        }
        float[] pointInputs = onGrid ? data.grid().pointIndex() : data.coords();
        float[] batchInputs = new float[batch * in];
        float[] batchTargets = new float[batch * out];
        int[] order = new int[points];
        LearningRateSchedule schedule = LearningRateSchedule.reference(options.learningRate(), options.epochs());
        AdamSettings adam = options.adam();
        Map<String, float[]> lastGood = network.parameters();
        long step = start.step();
        int first = start.position();
        double epochError = start.epochSquaredError();
        double epochSeconds = start.epochSeconds();
        for (int epoch = start.epoch(); epoch < options.epochs(); epoch++) {
            long begin = System.nanoTime();
            // The device keeps a running sum of squared errors; an epoch's is the difference of
            // two reads, so the host never writes to the device between steps (a write would force
            // a backend such as TornadoVM to re-upload). Float accumulation costs well under 0.01 dB.
            double sumBefore = network.squaredErrorSum();
            shuffle(order, epochRandom(options.seed(), epoch));
            double rate = schedule.rateAt(epoch);
            for (; first < points; first += Math.min(batch, points - first)) {
                if (stop.getAsBoolean()) {
                    epochError += network.squaredErrorSum() - sumBefore;
                    epochSeconds += (System.nanoTime() - begin) / 1e9;
                    if (!allFinite(network.parameters())) {
                        throw new TrainingDivergedException(epoch, epoch, lastGood);
                    }
                    return new TrainingState(epoch, first, step, epochError, epochSeconds);
                }
                int rows = Math.min(batch, points - first);
                gather(order, first, rows, pointInputs, in, batchInputs);
                gather(order, first, rows, data.targets(), out, batchTargets);
                step++;
                StepScalars scalars = StepScalars.adam(rate, adam.beta1(), adam.beta2(), step);
                if (onGrid) {
                    network.trainStepOnGrid(batchInputs, batchTargets, rows, scalars);
                } else {
                    network.trainStep(batchInputs, batchTargets, rows, scalars);
                }
            }
            double mse = (epochError + network.squaredErrorSum() - sumBefore) / ((double) points * out);
            double seconds = epochSeconds + (System.nanoTime() - begin) / 1e9;
            first = 0;
            epochError = 0;
            epochSeconds = 0;
            Map<String, float[]> current = network.parameters();
            if (!Double.isFinite(mse) || !allFinite(current)) {
                throw new TrainingDivergedException(epoch, epoch, lastGood);
            }
            lastGood = current;
            afterEpoch.accept(new EpochResult(epoch, mse, rate, seconds));
        }
        return null;
    }

    /** The shuffling stream of one epoch: a function of the seed and the epoch alone, so a run can resume mid-way. */
    private static SplittableRandom epochRandom(long seed, int epoch) {
        return new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1));
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static void gather(int[] order, int first, int rows, float[] source, int width, float[] destination) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(source, order[first + r] * width, destination, r * width, width);
        }
    }

    static boolean allFinite(Map<String, float[]> parameters) {
        for (float[] values : parameters.values()) {
            for (float value : values) {
                if (!Float.isFinite(value)) {
                    return false;
                }
            }
        }
        return true;
    }
}
