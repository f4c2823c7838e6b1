package io.sl2a.nn;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.program.StepScalars;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The grid path (per-axis tables, gather and scatter) computes the same training step as the
 * general path that expands every point, up to float rounding.
 */
class GridPathTest {
    private static final double TOLERANCE = 1e-5;

    @Test
    void gridTrainingStepsEqualTheGeneralPath() {
        int width = 23;
        int height = 17;
        int channels = 3;
        Sl2aConfig config = new Sl2aConfig(2, channels, 12, 32, 2, 8, true, true);
        SplittableRandom random = new SplittableRandom(3);
        float[] pixels = new float[width * height * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        FitData data = FitData.image(width, height, channels, pixels);
        GridCoordinates grid = data.grid();
        // A batch of scattered points, some repeated on a row or column.
        int rows = 150;
        float[] indices = new float[rows * 2];
        float[] coords = new float[rows * 2];
        float[] targets = new float[rows * channels];
        for (int r = 0; r < rows; r++) {
            int point = random.nextInt(width * height);
            System.arraycopy(grid.pointIndex(), point * 2, indices, r * 2, 2);
            System.arraycopy(data.coords(), point * 2, coords, r * 2, 2);
            System.arraycopy(pixels, point * channels, targets, r * channels, channels);
        }
        AdamSettings adam = AdamSettings.PYTORCH;
        Map<String, float[]> initial = config.graph().initialParameters(11);
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO);
                DeviceNetwork general = DeviceNetwork.create(backend, config.graph(), 200, adam, 0);
                DeviceNetwork onGrid = DeviceNetwork.create(backend, config.graph(), 200, adam, grid.axisLength())) {
            general.setParameters(initial);
            onGrid.setParameters(initial);
            onGrid.setGridAxes(grid.axisValues());
            for (int step = 1; step <= 3; step++) {
                StepScalars scalars = StepScalars.adam(1e-2, 0.9, 0.999, step);
                general.trainStep(coords, targets, rows, scalars);
                onGrid.trainStepOnGrid(indices, targets, rows, scalars);
                assertClose("prediction at step " + step, general.lastPrediction(rows), onGrid.lastPrediction(rows));
                for (Map.Entry<String, float[]> g : general.gradients().entrySet()) {
                    assertClose("gradient " + g.getKey() + " at step " + step, g.getValue(),
                            onGrid.gradients().get(g.getKey()));
                }
            }
            for (Map.Entry<String, float[]> p : general.parameters().entrySet()) {
                assertClose("parameter " + p.getKey(), p.getValue(), onGrid.parameters().get(p.getKey()));
            }
        }
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        TensorAssertions.assertClose(what, expected, actual, TOLERANCE);
    }
}
