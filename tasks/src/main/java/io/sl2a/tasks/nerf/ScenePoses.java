package io.sl2a.tasks.nerf;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Camera-to-world matrices looking at the origin, placed as in the Blender NeRF-synthetic scenes:
 * the world's up is +z, the cameras lie on a sphere about the origin (radius 4.0311 in those scenes),
 * upright (the picture's up in the vertical plane through the origin) and looking at its centre.
 */
public final class ScenePoses {
    /** The Blender scenes' camera distance from the origin. */
    public static final double RADIUS = 4.0311;
    /** The Blender scenes' horizontal field of view (lego's camera_angle_x). */
    public static final double CAMERA_ANGLE_X = 0.6911112070083618;

    private ScenePoses() {
    }

    /**
     * {@code count} positions drawn uniformly over the area of the upper hemisphere (z >= 0) of
     * {@code radius}, as the Blender training and validation views are; the same seed gives the same poses.
     */
    public static List<double[]> upperHemisphere(int count, double radius, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> poses = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            // Archimedes: on a sphere, height is uniform where area is.
            double z = random.nextDouble();
            double azimuth = 2 * Math.PI * random.nextDouble();
            double ring = Math.sqrt(Math.max(0, 1 - z * z));
            poses.add(lookAtOrigin(new double[] {
                radius * ring * Math.cos(azimuth), radius * ring * Math.sin(azimuth), radius * z}));
        }
        return poses;
    }

    /** {@code count} positions evenly around a circle at {@code elevation} radians above the horizon, as the Blender test views. */
    public static List<double[]> orbit(int count, double radius, double elevation) {
        List<double[]> poses = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double azimuth = 2 * Math.PI * k / count;
            double ring = Math.cos(elevation);
            poses.add(lookAtOrigin(new double[] {
                radius * ring * Math.cos(azimuth), radius * ring * Math.sin(azimuth), radius * Math.sin(elevation)}));
        }
        return poses;
    }

    /**
     * The row-major camera-to-world matrix of a camera at {@code eye} looking at the origin: its -z axis
     * towards the origin, its +x horizontal (perpendicular to world +z), its +y up. Straight above or
     * below the origin, where no direction is horizontal, its +y is world +y.
     *
     * @throws IllegalArgumentException if {@code eye} is the origin
     */
    public static double[] lookAtOrigin(double[] eye) {
        double distance = Math.sqrt(eye[0] * eye[0] + eye[1] * eye[1] + eye[2] * eye[2]);
        if (!(distance > 0)) {
            throw new IllegalArgumentException("a camera at the origin cannot look at it");
        }
        double[] back = {eye[0] / distance, eye[1] / distance, eye[2] / distance}; // camera +z
        double[] right = cross(new double[] {0, 0, 1}, back);
        double length = Math.sqrt(right[0] * right[0] + right[1] * right[1] + right[2] * right[2]);
        if (length < 1e-9) {
            right = cross(new double[] {0, 1, 0}, back);
            length = Math.sqrt(right[0] * right[0] + right[1] * right[1] + right[2] * right[2]);
        }
        for (int a = 0; a < 3; a++) {
            right[a] /= length;
        }
        double[] up = cross(back, right);
        return new double[] {
            right[0], up[0], back[0], eye[0],
            right[1], up[1], back[1], eye[1],
            right[2], up[2], back[2], eye[2],
            0, 0, 0, 1};
    }

    private static double[] cross(double[] u, double[] v) {
        return new double[] {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    }
}
