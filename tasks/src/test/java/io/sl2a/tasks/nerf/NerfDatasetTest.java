package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NerfDataset} on a hand-written two-frame data set, and every way such a folder can be bad. */
class NerfDatasetTest {
    @TempDir
    Path dir;

    private static final String MATRIX_0 = "[[1,0,0,0],[0,1,0,0],[0,0,1,4],[0,0,0,1]]";
    private static final String MATRIX_1 = "[[0,0,1,4],[1,0,0,0],[0,1,0,0],[0,0,0,1]]";

    /** Frame 0: "./train/r_0" (no extension), frame 1: "train/r_1.png"; both 4x2 RGBA. */
    private void writeDataset() throws Exception {
        Files.createDirectories(dir.resolve("train"));
        float[] rgba = new float[4 * 8];
        for (int p = 0; p < 8; p++) {
            // Red at alpha 1, 0.2 (51/255: exact in 8 bits), 0, then repeated.
            rgba[4 * p] = 1;
            rgba[4 * p + 3] = new float[] {1, 51 / 255f, 0, 1}[p % 4];
        }
        RgbaPng.write(dir.resolve("train/r_0.png"), 4, 2, rgba);
        RgbaPng.write(dir.resolve("train/r_1.png"), 4, 2, new float[4 * 8]);
        writeTransforms("train", "{\"camera_angle_x\": 0.5, \"frames\": ["
                + "{\"file_path\": \"./train/r_0\", \"rotation\": 0.1, \"transform_matrix\": " + MATRIX_0 + "},"
                + "{\"file_path\": \"train/r_1.png\", \"transform_matrix\": " + MATRIX_1 + "}]}");
    }

    private void writeTransforms(String split, String json) throws Exception {
        Files.writeString(dir.resolve("transforms_" + split + ".json"), json);
    }

    @Test
    void loadsFramesCompositedOnWhiteWithTheirCameras() throws Exception {
        writeDataset();
        NerfDataset data = NerfDataset.load(dir, "train", 1, 1);
        List<NerfDataset.View> views = data.views();
        assertEquals(2, views.size());
        assertEquals("train/r_0", views.get(0).name());
        assertEquals("train/r_1", views.get(1).name());
        Image image = views.get(0).image();
        assertEquals(3, image.channels());
        assertEquals(4, image.width());
        // Opaque red stays red; red at 0.2 over white is (1, 0.8, 0.8); transparent is white.
        assertEquals(1, image.get(0, 0, 0), 1e-6);
        assertEquals(0, image.get(0, 0, 1), 1e-6);
        assertEquals(1, image.get(1, 0, 0), 1e-6);
        assertEquals(0.8, image.get(1, 0, 1), 1e-6);
        assertEquals(1, image.get(2, 0, 1), 1e-6);
        // A fully transparent black picture is all white.
        for (float v : views.get(1).image().pixels()) {
            assertEquals(1, v, 1e-6);
        }
        Camera camera = views.get(1).camera();
        assertEquals(0.5 * 4 / Math.tan(0.25), camera.focal(), 1e-12);
        assertEquals(4, camera.position()[0], 0);
        // Cameras 4 from the origin: the scene taken as half that, so 2 to 6 (nerf-pytorch's Blender range).
        assertEquals(new NerfDataset.NearFar(2, 6), data.nearFar());
        assertEquals(new NerfDataset.NearFar(3, 5), data.nearFar(1));
    }

    @Test
    void everyKthTakesFramesZeroKTwoK() throws Exception {
        writeDataset();
        assertEquals(List.of("train/r_0"), NerfDataset.load(dir, "train", 2, 1).views().stream()
                .map(NerfDataset.View::name).toList());
        assertEquals(1, NerfDataset.load(dir, "train", 5, 1).views().size());
    }

    @Test
    void downscaleAveragesAreasAndShrinksTheCamera() throws Exception {
        writeDataset();
        NerfDataset.View view = NerfDataset.load(dir, "train", 1, 2).views().get(0);
        assertEquals(2, view.image().width());
        assertEquals(1, view.image().height());
        assertEquals(2, view.camera().width());
        assertEquals(0.5 * 2 / Math.tan(0.25), view.camera().focal(), 1e-12);
        // The left 2x2 block: red, red at 0.2, red, red at 0.2 over white; composited, then averaged.
        assertEquals(1, view.image().get(0, 0, 0), 1e-6);
        assertEquals(0.4, view.image().get(0, 0, 1), 1e-6);
        UserInputException e = assertThrows(UserInputException.class, () -> NerfDataset.load(dir, "train", 1, 3));
        assertTrue(e.getMessage().contains("r_0.png"), e.getMessage());
    }

    private String refusal(String split) {
        UserInputException e = assertThrows(UserInputException.class, () -> NerfDataset.load(dir, split, 1, 1));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badFoldersAreRefusedInOneLineNamingTheFile() throws Exception {
        writeDataset();
        assertTrue(refusal("val").contains("transforms_val.json: no such file"), refusal("val"));

        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": [");
        assertTrue(refusal("bad").contains("transforms_bad.json: malformed JSON"), refusal("bad"));
        writeTransforms("bad", "[1, 2]");
        assertTrue(refusal("bad").contains("not a JSON object"), refusal("bad"));
        writeTransforms("bad", "{\"frames\": []}");
        assertTrue(refusal("bad").contains("no \"camera_angle_x\""), refusal("bad"));
        writeTransforms("bad", "{\"camera_angle_x\": \"wide\", \"frames\": []}");
        assertTrue(refusal("bad").contains("camera_angle_x"), refusal("bad"));
        writeTransforms("bad", "{\"camera_angle_x\": 0.5}");
        assertTrue(refusal("bad").contains("no \"frames\""), refusal("bad"));
        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": []}");
        assertTrue(refusal("bad").contains("\"frames\" is empty"), refusal("bad"));
        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": [{\"transform_matrix\": " + MATRIX_0 + "}]}");
        assertTrue(refusal("bad").contains("frame 0 has no \"file_path\""), refusal("bad"));
        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": [{\"file_path\": \"./train/r_0\"}]}");
        assertTrue(refusal("bad").contains("frame 0 has no \"transform_matrix\""), refusal("bad"));
        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": [{\"file_path\": \"./train/r_0\","
                + " \"transform_matrix\": [[1,0,0],[0,1,0],[0,0,1]]}]}");
        assertTrue(refusal("bad").contains("not 4 rows of 4 numbers"), refusal("bad"));

        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": [{\"file_path\": \"./train/r_9\","
                + " \"transform_matrix\": " + MATRIX_0 + "}]}");
        assertTrue(refusal("bad").contains("r_9.png: no such file"), refusal("bad"));

        RgbaPng.write(dir.resolve("train/big.png"), 8, 2, new float[4 * 16]);
        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": [{\"file_path\": \"./train/r_0\","
                + " \"transform_matrix\": " + MATRIX_0 + "}, {\"file_path\": \"./train/big\", \"transform_matrix\": "
                + MATRIX_0 + "}]}");
        assertTrue(refusal("bad").matches(".*image .*big\\.png is 8x2 but .*r_0\\.png is 4x2.*"), refusal("bad"));

        writeTransforms("bad", "{\"camera_angle_x\": 0.5, \"frames\": [{\"file_path\": \"./train/r_0\","
                + " \"transform_matrix\": [[1,0,0,0],[0,1,0,0],[0,0,0,4],[0,0,0,1]]}]}");
        String singular = refusal("bad");
        assertTrue(singular.contains("transforms_bad.json: frame 0 (./train/r_0)") && singular.contains("singular"),
                singular);

        Files.writeString(dir.resolve("train/r_0.png"), "not a picture");
        assertTrue(refusal("train").contains("r_0.png: not a PNG or JPEG image"), refusal("train"));
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        writeDataset();
        assertThrows(UserInputException.class, () -> NerfDataset.load(dir, "train", 0, 1));
        assertThrows(UserInputException.class, () -> NerfDataset.load(dir, "train", 1, 0));
    }
}
