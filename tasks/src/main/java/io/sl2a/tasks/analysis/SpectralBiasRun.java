package io.sl2a.tasks.analysis;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.LearningRateSchedule;
import io.sl2a.program.StepScalars;
import java.util.function.IntConsumer;

/**
 * One model through the spectral-bias protocol: full-batch Adam (constant learning rate) on the
 * 1-D target, recording the relative error per frequency of the prediction every
 * {@code logEvery} steps. As the reference records it, the prediction of step t is that step's own
 * forward pass, before its update.
 */
public final class SpectralBiasRun {
    /** What a run recorded: the steps logged, delta[frequency][log], the loss at each log, the final fit. */
    public record Result(String model, long params, int[] steps, double[][] delta, double[] loss, float[] finalFit,
            boolean diverged) {
        /** The first logged step at which a frequency's error is below the threshold, or -1. */
        public int firstBelow(int frequency, double threshold) {
            for (int i = 0; i < steps.length; i++) {
                if (delta[frequency][i] < threshold) {
                    return steps[i];
                }
            }
            return -1;
        }
    }

    private SpectralBiasRun() {
    }

    public static Result run(String name, ModelConfig config, Backend backend, int steps, int logEvery,
            double learningRate,
            long seed, IntConsumer stepDone) {
        float[] x = SpectralTarget.coordinates(SpectralTarget.POINTS);
        float[] target = SpectralTarget.values(x);
        FrequencyError error = new FrequencyError(target, SpectralTarget.FREQUENCIES);
        int n = x.length;
        LayerGraph graph = config.graph();
        LearningRateSchedule.requirePositive(learningRate);
        AdamSettings adam = AdamSettings.PYTORCH;
        int logs = (steps - 1) / logEvery + 1;
        int[] logged = new int[logs];
        double[][] delta = new double[SpectralTarget.FREQUENCIES.length][logs];
        double[] loss = new double[logs];
        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, n, adam, 0)) {
            network.setParameters(graph.initialParameters(seed));
            int log = 0;
            for (int step = 0; step < steps; step++) {
                network.trainStep(x, target, n, StepScalars.adam(learningRate, adam.beta1(), adam.beta2(), step + 1));
                if (step % logEvery == 0) {
                    float[] prediction = network.lastPrediction(n);
                    double[] d = error.of(prediction);
                    double mse = network.lastSquaredError(n) / n;
                    if (!Double.isFinite(mse)) {
                        return new Result(name, config.parameterCount(), java.util.Arrays.copyOf(logged, log),
                                truncate(delta, log), java.util.Arrays.copyOf(loss, log), null, true);
                    }
                    logged[log] = step;
                    loss[log] = mse;
                    for (int k = 0; k < d.length; k++) {
                        delta[k][log] = d[k];
                    }
                    log++;
                }
                stepDone.accept(step + 1);
            }
            return new Result(name, config.parameterCount(), logged, delta, loss, network.predict(x, n), false);
        }
    }

    private static double[][] truncate(double[][] values, int length) {
        double[][] result = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
            result[k] = java.util.Arrays.copyOf(values[k], length);
        }
        return result;
    }
}
