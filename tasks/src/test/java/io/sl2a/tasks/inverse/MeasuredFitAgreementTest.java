package io.sl2a.tasks.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.backend.opencl.OpenClBackend;
import io.sl2a.backend.opencl.OpenClDevices;
import io.sl2a.backend.opencl.OpenClUnavailableException;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.tasks.metrics.Psnr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training through an operator follows the same curve on opencl as on cpu (area downsampling and
 * the Radon transform, 30 steps of a small SL2A on a 32x32 slice), and makes progress.
 */
class MeasuredFitAgreementTest {
    private static final int SIZE = 32;
    private static final int STEPS = 30;

    private static boolean openClPresent() {
        try {
            return !OpenClDevices.list().isEmpty();
        } catch (OpenClUnavailableException e) {
            return false;
        }
    }

    private static float[] slice() {
        float[] values = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double r = Math.hypot(x - 15.5, y - 15.5);
                values[y * SIZE + x] = (float) (r < 12 ? 0.6 + 0.3 * Math.sin(0.4 * x) : 0.05);
            }
        }
        return values;
    }

    private record Run(List<Double> mse, float[] rendering) {
    }

    private static Run run(Backend backend, MeasurementOperator operator) {
        float[] measurement = operator.matrix().apply(slice(), 1);
        List<Double> mse = new ArrayList<>();
        MeasuredFit.Result result = MeasuredFit.fit(SIZE, SIZE, operator, measurement, new Sl2aConfig(2, 1, 16, 32, 2,
                16,
                true, true), STEPS, 3e-3, 7, backend, () -> false, (EpochResult r) -> mse.add(r.mse()));
        return new Run(mse, result.reconstruction().pixels());
    }

    @Test
    void openClFollowsTheCpuThroughBothOperators() {
        assumeTrue(openClPresent(), "skipped: no OpenCL platform (apt-get install pocl-opencl-icd)");
        for (MeasurementOperator operator : List.of(AreaDownsampling.operator(SIZE, SIZE, 4),
                RadonTransform.operator(SIZE, SIZE, 10))) {
            Run cpu;
            try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO)) {
                cpu = run(backend, operator);
            }
            Run openCl;
            try (OpenClBackend backend = new OpenClBackend(null)) {
                openCl = run(backend, operator);
            }
            for (int step = 0; step < STEPS; step++) {
                double a = cpu.mse().get(step);
                double b = openCl.mse().get(step);
                assertEquals(a, b, 0.02 * a, operator.name() + " step " + (step + 1));
            }
            assertTrue(cpu.mse().get(STEPS - 1) < 0.3 * cpu.mse().get(0),
                    operator.name() + " makes progress: " + cpu.mse());
            assertTrue(Psnr.psnr(cpu.rendering(), openCl.rendering()) > 40, operator.name() + " renderings agree");
        }
    }
}
