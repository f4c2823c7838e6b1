package io.sl2a.tasks.inverse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.objectives.MeasuredMse;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.nn.train.LearningRateSchedule;
import io.sl2a.nn.train.MeasuredTrainer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Through each real operator (area downsampling, the Radon transform) the gradient of a small
 * SL2A's measured loss, on its grid path, matches central finite differences of
 * {@code mean((A f - y)^2)} computed on the host.
 */
class OperatorGradientTest {
    private static final int SIZE = 8;

    private static double loss(DeviceNetwork network, MeasurementOperator operator, float[] measurement) {
        float[] coords = GridCoordinates.image(SIZE, SIZE).coordinates(2);
        float[] measured = operator.matrix().apply(network.predict(coords, SIZE * SIZE), 1);
        double sum = 0;
        for (int i = 0; i < measured.length; i++) {
            double d = measured[i] - measurement[i];
            sum += d * d;
        }
        return sum / measured.length;
    }

    @Test
    void gradientsThroughAreaDownsamplingAndTheRadonTransformMatchFiniteDifferences() {
        Sl2aConfig config = new Sl2aConfig(2, 1, 6, 8, 1, 4, true, true);
        AdamSettings adam = AdamSettings.PYTORCH;
        for (MeasurementOperator operator : List.of(AreaDownsampling.operator(SIZE, SIZE, 2),
                RadonTransform.operator(SIZE, SIZE, 5))) {
            SplittableRandom random = new SplittableRandom(31);
            float[] measurement = new float[operator.measurements()];
            for (int i = 0; i < measurement.length; i++) {
                measurement[i] = (float) random.nextDouble();
            }
            GridCoordinates grid = GridCoordinates.image(SIZE, SIZE);
            try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                    DeviceNetwork network = DeviceNetwork.create(backend, config.graph(), operator.points(), adam,
                            grid.axisLength(), new MeasuredMse(operator))) {
                Map<String, float[]> parameters = config.graph().initialParameters(9);
                network.setParameters(parameters);
                network.setGridAxes(grid.axisValues());
                // Rate 0: one step computes the gradients and leaves the parameters as they are.
                new MeasuredTrainer(network, grid.pointIndex(), measurement, adam, new LearningRateSchedule(0, 0.1, 1))
                        .train(() -> false, r -> { });
                Map<String, float[]> gradients = network.gradients();
                for (Parameter p : config.graph().parameters()) {
                    float[] analytic = gradients.get(p.name());
                    double scale = 0;
                    for (float g : analytic) {
                        scale = Math.max(scale, Math.abs(g));
                    }
                    float[] values = parameters.get(p.name());
                    for (int i = 0; i < values.length; i += Math.max(1, values.length / 4)) {
                        double eps = 1e-3;
                        float original = values[i];
                        values[i] = (float) (original + eps);
                        network.setParameters(parameters);
                        double plus = loss(network, operator, measurement);
                        values[i] = (float) (original - eps);
                        network.setParameters(parameters);
                        double minus = loss(network, operator, measurement);
                        values[i] = original;
                        network.setParameters(parameters);
                        double numeric = (plus - minus) / (2 * eps);
                        assertTrue(Math.abs(numeric - analytic[i]) <= 3e-2 * scale + 1e-4, operator.name() + ", "
                                + p.name() + "[" + i + "]: through the adjoint " + analytic[i] + ", finite differences "
                                + numeric);
                    }
                }
            }
        }
    }
}
