package io.sl2a.tasks.occupancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ReluConfig;
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

    /**
     * Each IoU of the history is measured after its epoch's last step: a run stopped once epoch 4 is
     * done has measured at epoch 4 what the whole run did, once (a stopped run predicts no final
     * field: --resume finishes it); every K-th epoch plus the last are measured (K = 1: every epoch).
     */
    @Test
    void theIouOfAnEpochIsMeasuredAfterItsLastStep() {
        int n = 8;
        boolean[] inside = ball(n, 0.6);
        ReluConfig config = new ReluConfig(new MlpShape(3, 1, 16, 1));
        TrainingOptions training = new TrainingOptions(8, 128, 1e-2, 3);
        OccupancyFit.Result whole;
        OccupancyFit.Result stopped;
        OccupancyFit.Result everyEpoch;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA)) {
            whole = OccupancyFit.fit(inside, n, config, training, 4, backend, () -> false, r -> { });
            stopped = OccupancyFit.fit(inside, n, config, training, 4, backend, () -> done.get() >= 4,
                    r -> done.set(r.epoch() + 1));
            everyEpoch = OccupancyFit.fit(inside, n, config, training, 1, backend, () -> false, r -> { });
        }
        assertEquals(java.util.List.of(4, 8), whole.iouHistory().stream().map(OccupancyFit.IouPoint::epoch).toList());
        assertEquals(4, stopped.epochs());
        assertEquals(java.util.List.of(4), stopped.iouHistory().stream().map(OccupancyFit.IouPoint::epoch).toList(),
                "epoch 4 once");
        assertEquals(whole.iouHistory().get(0).iou(), stopped.iouHistory().get(0).iou(), 0.0);
        assertTrue(Double.isNaN(stopped.iou()) && stopped.field() == null, "a stopped run predicts no final field");
        assertEquals(java.util.List.of(1, 2, 3, 4, 5, 6, 7, 8),
                everyEpoch.iouHistory().stream().map(OccupancyFit.IouPoint::epoch).toList());
        assertEquals(whole.iouHistory().get(0).iou(), everyEpoch.iouHistory().get(3).iou(), 0.0);
        assertEquals(whole.iou(), everyEpoch.iou(), 0.0);
    }
}
