package io.sl2a.tasks.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** Fitting an occupancy: the voxels as points, the IoU, and a small SL2A learning a ball. */
class OccupancyFitTest {
    private static boolean[] ball(int n, double radius) {
        boolean[] inside = new boolean[n * n * n];
        for (int p = 0; p < inside.length; p++) {
            double x = -1 + 2.0 * (p % n) / (n - 1);
            double y = -1 + 2.0 * ((p / n) % n) / (n - 1);
            double z = -1 + 2.0 * (p / (n * n)) / (n - 1);
            inside[p] = x * x + y * y + z * z < radius * radius;
        }
        return inside;
    }

    @Test
    void iouCountsTheOverlapOverTheUnion() {
        boolean[] inside = {true, true, false, false};
        assertEquals(1.0 / 3, OccupancyFit.iou(new float[] {0.9f, 0.2f, 0.7f, 0.5f}, inside), 1e-12,
                "one voxel in both, three in either (0.5 is not above the level)");
        assertEquals(1.0, OccupancyFit.iou(new float[] {0.9f, 0.6f, 0f, 0f}, inside));
        assertEquals(1.0, OccupancyFit.iou(new float[2], new boolean[2]), "both empty");
    }

    @Test
    void theVoxelsAreTrainingPointsWithXFastest() {
        boolean[] inside = ball(4, 0.9);
        FitData data = OccupancyFit.points(inside, 4);
        assertEquals(64, data.points());
        assertEquals(3, data.inFeatures());
        // voxel 1: i = 1, j = 0, k = 0
        assertEquals(-1f / 3, data.coords()[3], 1e-6f);
        assertEquals(-1f, data.coords()[4]);
        for (int p = 0; p < 64; p++) {
            assertEquals(inside[p] ? 1f : 0f, data.targets()[p]);
        }
    }

    @Test
    void aSmallSl2aLearnsABallOnTheGridPath() {
        int n = 12;
        boolean[] inside = ball(n, 0.6);
        Sl2aConfig config = new Sl2aConfig(3, 1, 8, 32, 2, 16, true, true);
        TrainingOptions training = new TrainingOptions(30, 512, 5e-3, 3);
        OccupancyFit.Result result;
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO)) {
            result = OccupancyFit.fit(inside, n, config, training, 10, backend, () -> false, r -> { });
        }
        assertTrue(result.gridPath());
        assertEquals(30, result.epochs());
        assertEquals(3, result.iouHistory().size(), "at epochs 10, 20 and the last");
        assertEquals(30, result.iouHistory().get(2).epoch());
        assertEquals(result.iou(), OccupancyFit.iou(result.field(), inside), 1e-12);
        assertTrue(result.iou() > 0.85, "IoU " + result.iou());
    }
}
