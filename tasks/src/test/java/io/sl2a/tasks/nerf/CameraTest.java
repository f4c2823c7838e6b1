package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Camera}: the Blender convention's focal length, rays through pixel centres, projection, downscaling. */
class CameraTest {
    private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    /** A camera at (1, 2, 3) turned 90 degrees about z: its +x is world +y, its -z world -z. */
    private static final double[] TURNED = {0, -1, 0, 1, 1, 0, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1};

    @Test
    void focalLengthIsTheBlenderOne() {
        Camera camera = Camera.of(800, 800, ScenePoses.CAMERA_ANGLE_X, IDENTITY);
        // lego's focal length as nerf-pytorch prints it.
        assertEquals(1111.1110311937682, camera.focal(), 1e-9);
    }

    @Test
    void raysGoThroughPixelCentresDownMinusZ() {
        Camera camera = Camera.of(4, 2, Math.PI / 2, IDENTITY); // focal 2
        float[] origins = new float[3 * 8];
        float[] directions = new float[3 * 8];
        camera.rays(origins, directions);
        // Pixel (0, 0): camera-space direction (-1.5 / 2, 0.5 / 2, -1), normalised.
        double norm = Math.sqrt(0.75 * 0.75 + 0.25 * 0.25 + 1);
        assertArrayEquals(new float[] {(float) (-0.75 / norm), (float) (0.25 / norm), (float) (-1 / norm)},
                new float[] {directions[0], directions[1], directions[2]}, 1e-6f);
        // Pixel (3, 1), the last: (1.5 / 2, -0.5 / 2, -1).
        assertArrayEquals(new float[] {(float) (0.75 / norm), (float) (-0.25 / norm), (float) (-1 / norm)},
                new float[] {directions[21], directions[22], directions[23]}, 1e-6f);
        for (int k = 0; k < 8; k++) {
            double length = Math.sqrt(directions[3 * k] * directions[3 * k] + directions[3 * k + 1] * directions[3 * k + 1]
                    + directions[3 * k + 2] * directions[3 * k + 2]);
            assertEquals(1, length, 1e-6);
            assertEquals(0, origins[3 * k] + origins[3 * k + 1] + origins[3 * k + 2]);
        }
    }

    @Test
    void aPointProjectsToItsPixelAndLiesOnThatPixelsRay() {
        Camera camera = Camera.of(64, 48, 0.9, TURNED);
        // The optical axis: the point straight ahead lands on the picture's centre.
        assertArrayEquals(new double[] {32, 24, 5}, camera.project(new double[] {1, 2, -2}), 1e-12);
        // Camera +x is world +y, so a point further along world +y lands right of the centre.
        double[] world = {0.7, 2.4, -1.5};
        double[] pixel = camera.project(world);
        assertTrue(pixel[0] > 32 && pixel[1] < 24, "right of and above the centre: " + pixel[0] + ", " + pixel[1]);
        double[] origin = new double[3];
        double[] direction = new double[3];
        camera.ray(pixel[0], pixel[1], origin, direction);
        assertArrayEquals(new double[] {1, 2, 3}, origin, 0);
        double distance = Math.sqrt(Math.pow(world[0] - 1, 2) + Math.pow(world[1] - 2, 2) + Math.pow(world[2] - 3, 2));
        for (int a = 0; a < 3; a++) {
            assertEquals(world[a], origin[a] + distance * direction[a], 1e-9);
        }
        // The depth is along the viewing axis, not along the ray.
        assertEquals(4.5, pixel[2], 1e-12);
    }

    @Test
    void theRayOfAPixelCentreMatchesRays() {
        Camera camera = Camera.of(5, 3, 0.7, TURNED);
        float[] origins = new float[45];
        float[] directions = new float[45];
        camera.rays(origins, directions);
        double[] origin = new double[3];
        double[] direction = new double[3];
        camera.ray(2.5, 1.5, origin, direction); // pixel (2, 1), index 7
        for (int a = 0; a < 3; a++) {
            assertEquals(direction[a], directions[21 + a], 1e-6);
            assertEquals(origin[a], origins[21 + a], 1e-6);
        }
    }

    @Test
    void downscalingKeepsTheFieldOfViewAndScalesPixelPositions() {
        Camera camera = Camera.of(800, 600, ScenePoses.CAMERA_ANGLE_X, TURNED);
        Camera half = camera.downscaled(2);
        assertEquals(400, half.width());
        assertEquals(300, half.height());
        assertEquals(camera.focal() / 2, half.focal(), 1e-9);
        double[] world = {0.2, 2.5, 0.1};
        double[] full = camera.project(world);
        double[] small = half.project(world);
        assertEquals(full[0] / 2, small[0], 1e-9);
        assertEquals(full[1] / 2, small[1], 1e-9);
        assertEquals(full[2], small[2], 1e-12);
        assertTrue(camera.downscaled(1) == camera);
        assertThrows(IllegalArgumentException.class, () -> camera.downscaled(7));
        assertThrows(IllegalArgumentException.class, () -> camera.downscaled(0));
    }

    @Test
    void singularOrNonRigidMatricesAreRefusedInOneSentence() {
        double[] singular = IDENTITY.clone();
        singular[10] = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Camera.of(8, 8, 0.7, singular));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        double[] scaled = IDENTITY.clone();
        scaled[0] = 2;
        scaled[5] = 0.5; // determinant 1, but not a rotation
        e = assertThrows(IllegalArgumentException.class, () -> Camera.of(8, 8, 0.7, scaled));
        assertTrue(e.getMessage().contains("orthonormal"), e.getMessage());
        double[] bottom = IDENTITY.clone();
        bottom[12] = 1;
        assertThrows(IllegalArgumentException.class, () -> Camera.of(8, 8, 0.7, bottom));
        assertThrows(IllegalArgumentException.class, () -> Camera.of(8, 8, 0.7, new double[12]));
        assertThrows(IllegalArgumentException.class, () -> Camera.of(8, 8, 0, IDENTITY));
        assertThrows(IllegalArgumentException.class, () -> Camera.of(0, 8, 0.7, IDENTITY));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // A mirror (determinant -1) is rigid enough: the convention allows it.
        double[] mirror = IDENTITY.clone();
        mirror[0] = -1;
        assertEquals(8, Camera.of(8, 8, 0.7, mirror).width());
    }

    @Test
    void lookAtOriginPutsTheOriginOnTheOpticalAxisUpright() {
        for (double[] eye : new double[][] {{4, 0, 0}, {1, -2, 3}, {0, 0, 4}, {-0.5, 3, 0.1}}) {
            Camera camera = Camera.of(100, 100, 0.7, ScenePoses.lookAtOrigin(eye));
            double[] centre = camera.project(new double[] {0, 0, 0});
            assertEquals(50, centre[0], 1e-9);
            assertEquals(50, centre[1], 1e-9);
            if (eye[0] != 0 || eye[1] != 0) {
                // Upright: a point above the origin is higher in the picture (a smaller row).
                assertTrue(camera.project(new double[] {0, 0, 0.5})[1] < 50);
            }
        }
    }
}
