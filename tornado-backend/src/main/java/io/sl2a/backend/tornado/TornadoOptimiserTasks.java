package io.sl2a.backend.tornado;

import io.sl2a.kernels.AdamKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the optimiser's update: {@code @Parallel} loops over the kernel bodies,
 * as {@link TornadoTasks} describes.
 */
public final class TornadoOptimiserTasks {
    private TornadoOptimiserTasks() {
    }

    public static void adamUpdate(float[] scalars, float[] param, float[] grad, float[] m, float[] v, float beta1,
            float oneMinusBeta1, float beta2, float oneMinusBeta2, float eps, int size) {
        for (@Parallel int i = 0; i < size; i++) {
            AdamKernels.update(i, param, grad, m, v, scalars[0], beta1, oneMinusBeta1, beta2, oneMinusBeta2, eps,
                    scalars[1]);
        }
    }
}
