package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped samples/nerf-bunny/ (tests run in the module directory) loads as scripts/make-nerf-sample.sh made it. */
class NerfBunnySampleTest {
    private static final Path SAMPLE = Path.of("../samples/nerf-bunny");

    @Test
    void loadsEverySplit() {
        NerfDataset train = NerfDataset.load(SAMPLE, "train", 1, 1);
        assertEquals(25, train.views().size());
        assertEquals(5, NerfDataset.load(SAMPLE, "val", 1, 1).views().size());
        NerfDataset test = NerfDataset.load(SAMPLE, "test", 1, 2);
        assertEquals(10, test.views().size());
        assertEquals(50, test.views().get(0).image().width());
        NerfDataset.View view = train.views().get(0);
        assertEquals(100, view.image().width());
        assertEquals(100, view.image().height());
        assertEquals(0.5 * 100 / Math.tan(0.5 * ScenePoses.CAMERA_ANGLE_X), view.camera().focal(), 1e-9);
        NerfDataset.NearFar range = train.nearFar();
        assertEquals(2.01555, range.near(), 1e-9);
        assertEquals(6.04665, range.far(), 1e-9);
        // The bunny, fitted to the unit sphere, covers a part of the picture and leaves its corners empty.
        float[] pixels = view.image().pixels();
        int drawn = 0;
        for (int p = 0; p < view.image().pixelCount(); p++) {
            if (pixels[3 * p] + pixels[3 * p + 1] + pixels[3 * p + 2] < 2.9) {
                drawn++;
            }
        }
        assertTrue(drawn > 500 && drawn < 5000, "the bunny covers a part of the picture: " + drawn + " pixels");
        assertEquals(1, pixels[0], 0, "the corner is background, white");
    }
}
