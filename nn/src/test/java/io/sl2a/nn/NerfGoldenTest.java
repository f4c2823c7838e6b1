package io.sl2a.nn;

import io.sl2a.backend.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A radiance field's whole training step pinned by PyTorch (reference/make_nerf_golden.py: an SL2A
 * position network, the density and colour heads, volume rendering over 6 rays of 5 samples, MSE,
 * three Adam steps with torch-ngp's betas and eps): the rendered colours, the loss, every gradient
 * and the parameters after three steps, to 1e-5 of each tensor's largest magnitude.
 */
class NerfGoldenTest {
    @ParameterizedTest
    @EnumSource(PytorchGoldenTest.Target.class)
    void threeStepsThroughVolumeRenderingMatchPytorch(PytorchGoldenTest.Target target) throws Exception {
        try (Backend backend = target.open()) {
            NerfGoldens.assertStepsMatch(backend);
        }
    }
}
