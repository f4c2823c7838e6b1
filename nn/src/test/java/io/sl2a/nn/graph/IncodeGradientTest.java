package io.sl2a.nn.graph;

import io.sl2a.nn.models.IncodeConfig;
import io.sl2a.nn.models.IncodeHarmonizer;
import io.sl2a.nn.models.IncodeImage;
import io.sl2a.nn.models.MlpShape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * INCODE's whole backward, harmonizer included (convolutions, batch norms with their residuals,
 * max pooling, average pooling, the SiLU MLP, and the coefficients every composer layer reads),
 * against finite differences of its forward on a small image.
 */
class IncodeGradientTest {
    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(3);
        int height = 9;
        int width = 8;
        float[] image = new float[3 * height * width];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextDouble();
        }
        IncodeConfig config = new IncodeConfig(new MlpShape(2, 2, 6, 1), 3f, 2f, new IncodeHarmonizer(3, 1, 5, 4, 0.1f),
                IncodeConfig.PENALTY, new IncodeImage(height, width, image));
        GraphGradientTest.assertGradientsMatch(config.graph(), 4, 3e-3, (parameters, ignored) -> {
        // INCODE's MLP starts at N(0, 0.001^2), where the harmonizer's gradients are a millionth of
        // the composer's; general values (and batch-norm affines away from 1 and 0) test them all.
            for (Map.Entry<String, float[]> p : parameters.entrySet()) {
            String name = p.getKey();
            if (name.startsWith("aux_mlp") && name.endsWith("weight")) {
                fill(p.getValue(), random, -0.6, 0.6);
            } else if (name.matches("feature_extractor.*\\.(1|bn\\d)\\.weight")) {
                fill(p.getValue(), random, 0.6, 1.4);
            } else if (name.matches("feature_extractor.*\\.(1|bn\\d)\\.bias")) {
                fill(p.getValue(), random, -0.3, 0.3);
            }
            }
        });
    }

    private static void fill(float[] values, SplittableRandom random, double lo, double hi) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
    }
}
