package io.sl2a.nn.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.objectives.MeasuredMse;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.operators.SparseMatrix;
import io.sl2a.nn.train.LearningRateSchedule;
import io.sl2a.nn.train.MeasuredTrainer;
import io.sl2a.program.StepScalars;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A network trained through a measurement operator: the loss is taken on {@code A f}, and its
 * gradient reaches every parameter through the adjoint (checked against finite differences of
 * the host's {@code mean((A f - y)^2)}); with the identity as operator a step is exactly a
 * full-batch step on the signal itself.
 */
class MeasuredTrainingTest {
    private static final int POINTS = 9;
    private static final int CHANNELS = 2;
    private static final AdamSettings ADAM = AdamSettings.PYTORCH;

    private static float[] uniform(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    private static SparseMatrix randomOperator(int rows, SplittableRandom random) {
        SparseMatrix.Builder builder = new SparseMatrix.Builder(POINTS);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < 4; k++) {
                builder.add(random.nextInt(POINTS), (float) (random.nextDouble() * 2 - 1));
            }
            builder.endRow();
        }
        return builder.build();
    }

    private static double hostLoss(DeviceNetwork network, SparseMatrix a, float[] coords, float[] measurement) {
        float[] measured = a.apply(network.predict(coords, POINTS), CHANNELS);
        double sum = 0;
        for (int i = 0; i < measured.length; i++) {
            double d = measured[i] - measurement[i];
            sum += d * d;
        }
        return sum / measured.length;
    }

    @Test
    void gradientsThroughTheOperatorMatchFiniteDifferencesOfTheMeasuredLoss() {
        SplittableRandom random = new SplittableRandom(21);
        LayerGraph graph = GraphGradientTest.fanOutGraph();
        float[] coords = uniform(random, POINTS * 2);
        SparseMatrix a = randomOperator(6, random);
        float[] measurement = uniform(random, 6 * CHANNELS);
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(backend, graph, POINTS, ADAM, 0,
                        new MeasuredMse(MeasurementOperator.of("random", a)))) {
            Map<String, float[]> parameters = graph.initialParameters(5);
            network.setParameters(parameters);
            new MeasuredTrainer(network, coords, measurement, ADAM,
                    new LearningRateSchedule(0.0, 0.1, 1)).train(() -> false, r -> { });
            double loss = hostLoss(network, a, coords, measurement);
            assertEquals(loss, MeasuredMse.lastSquaredError(network, 6) / (6 * CHANNELS), 1e-5 * loss,
                    "the device's measured loss");
            Map<String, float[]> gradients = network.gradients();
            for (Parameter p : graph.parameters()) {
                float[] analytic = gradients.get(p.name());
                double scale = 0;
                for (float g : analytic) {
                    scale = Math.max(scale, Math.abs(g));
                }
                assertTrue(scale > 1e-4, p.name() + " has a gradient");
                float[] values = parameters.get(p.name());
                for (int i = 0; i < values.length; i += Math.max(1, values.length / 5)) {
                    double eps = 1e-3;
                    float original = values[i];
                    values[i] = (float) (original + eps);
                    network.setParameters(parameters);
                    double plus = hostLoss(network, a, coords, measurement);
                    values[i] = (float) (original - eps);
                    network.setParameters(parameters);
                    double minus = hostLoss(network, a, coords, measurement);
                    values[i] = original;
                    double numeric = (plus - minus) / (2 * eps);
                    assertTrue(Math.abs(numeric - analytic[i]) <= 3e-2 * scale + 1e-4,
                            p.name() + "[" + i + "]: through the adjoint " + analytic[i] + ", finite differences " + numeric);
                }
                network.setParameters(parameters);
            }
        }
    }

    @Test
    void throughTheIdentityAStepIsAFullBatchStepOnTheSignal() {
        SplittableRandom random = new SplittableRandom(22);
        LayerGraph graph = GraphGradientTest.fanOutGraph();
        float[] coords = uniform(random, POINTS * 2);
        float[] signal = uniform(random, POINTS * CHANNELS);
        SparseMatrix.Builder identity = new SparseMatrix.Builder(POINTS);
        for (int p = 0; p < POINTS; p++) {
            identity.add(p, 1.0f);
            identity.endRow();
        }
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork measured = DeviceNetwork.create(backend, graph, POINTS, ADAM, 0,
                        new MeasuredMse(MeasurementOperator.of("identity", identity.build())));
                DeviceNetwork plain = DeviceNetwork.create(backend, graph, POINTS, ADAM, 0)) {
            measured.setParameters(graph.initialParameters(6));
            plain.setParameters(graph.initialParameters(6));
            measured.setFullBatch(coords);
            MeasuredMse.setMeasurement(measured, signal);
            for (int step = 1; step <= 3; step++) {
                StepScalars scalars = StepScalars.adam(1e-2, ADAM.beta1(), ADAM.beta2(), step);
                measured.trainStepFullBatch(scalars);
                plain.trainStep(coords, signal, POINTS, scalars);
            }
            Map<String, float[]> expected = plain.parameters();
            measured.parameters().forEach((name, values) -> {
                for (int i = 0; i < values.length; i++) {
                    assertEquals(expected.get(name)[i], values[i], 1e-6f, name + "[" + i + "]");
                }
            });
        }
    }

    @Test
    void anOperatorOfAnotherSizeThanTheRenderingIsRefused() {
        SparseMatrix.Builder builder = new SparseMatrix.Builder(POINTS + 1);
        builder.add(0, 1.0f);
        builder.endRow();
        MeasurementOperator operator = MeasurementOperator.of("wrong", builder.build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphCompiler.compile(GraphGradientTest.fanOutGraph(), POINTS, ADAM, 0,
                        new MeasuredMse(operator)));
        assertTrue(e.getMessage().contains("measures 10 points"), e.getMessage());
    }
}
