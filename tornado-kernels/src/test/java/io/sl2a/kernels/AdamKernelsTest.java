package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.uniform;

import io.sl2a.program.StepScalars;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Three Adam steps of the kernel body against a double-precision transcription of torch.optim.Adam
 * (no weight decay, no amsgrad):
 * <pre>
 * m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 * bc1 = 1 - b1^t;  bc2 = 1 - b2^t
 * p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
 * </pre>
 *
 * <p>Tolerances: m 1e-5 relative to its largest magnitude (a few float roundings per step), v 1e-4
 * (see the comment at its check);
 * the parameter 1e-6 relative to the largest |p| and, more telling, the displacement p - p0 1e-3
 * relative to the largest displacement (each step moves p by about lr, so float rounding of p, ~6e-8,
 * is ~1e-4 of it at worst).
 */
class AdamKernelsTest {

    @Test
    void threeStepsMatchTorchAdamInDouble() {
        Random random = new Random(61);
        int n = 40;
        double lr = 1e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        float[] param = uniform(random, n, -1.0, 1.0);
        float[] initial = param.clone();
        float[] m = new float[n];
        float[] v = new float[n];
        double[] refParam = TestSupport.toDouble(param);
        double[] refM = new double[n];
        double[] refV = new double[n];

        for (int t = 1; t <= 3; t++) {
            float[] grad = uniform(random, n, -1.0, 1.0);
            grad[0] = 0.0f; // a parameter that gets no gradient at all
            grad[1] = 1e-6f; // tiny gradients: eps matters
            grad[2] = -50.0f; // a large one
            StepScalars scalars = StepScalars.adam(lr, beta1, beta2, t);
            for (int i = 0; i < n; i++) {
                AdamKernels.update(i, param, grad, m, v, scalars.adamStepSize(), (float) beta1, (float) (1.0 - beta1),
                        (float) beta2, (float) (1.0 - beta2), (float) eps, scalars.adamSqrtBiasCorrection2());
            }
            double bc1 = 1.0 - Math.pow(beta1, t);
            double bc2 = 1.0 - Math.pow(beta2, t);
            double stepSize = lr / bc1;
            for (int i = 0; i < n; i++) {
                double g = grad[i];
                refM[i] = beta1 * refM[i] + (1.0 - beta1) * g;
                refV[i] = beta2 * refV[i] + (1.0 - beta2) * g * g;
                double denom = Math.sqrt(refV[i]) / Math.sqrt(bc2) + eps;
                refParam[i] -= stepSize * refM[i] / denom;
            }
            assertClose(refM, m, 1e-5, "m after step " + t);
            // The complements 1 - beta come in computed in double, as torch does, so v matches as m does.
            assertClose(refV, v, 1e-5, "v after step " + t);
            assertClose(refParam, param, 1e-6, "param after step " + t);
            double[] refDisplacement = new double[n];
            float[] displacement = new float[n];
            for (int i = 0; i < n; i++) {
                refDisplacement[i] = refParam[i] - initial[i];
                displacement[i] = (float) ((double) param[i] - initial[i]);
            }
            assertClose(refDisplacement, displacement, 1e-3, "param displacement after step " + t);
        }
        // No gradient, no move; in the first step every moved parameter moves by about lr.
        org.junit.jupiter.api.Assertions.assertEquals(initial[0], param[0], 0.0f);
    }

    @Test
    void stepScalarsAreTorchBiasCorrections() {
        StepScalars s = StepScalars.adam(1e-2, 0.9, 0.999, 4);
        // Computed in double, then rounded once to float.
        org.junit.jupiter.api.Assertions.assertEquals((float) (1e-2 / (1 - Math.pow(0.9, 4))), s.adamStepSize(), 0.0f);
        org.junit.jupiter.api.Assertions.assertEquals((float) Math.sqrt(1 - Math.pow(0.999, 4)),
                s.adamSqrtBiasCorrection2(), 0.0f);
    }
}
