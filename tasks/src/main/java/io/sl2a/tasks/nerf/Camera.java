package io.sl2a.tasks.nerf;

import java.util.Arrays;

/**
 * A pinhole camera in the NeRF-synthetic (Blender) convention that nerf-pytorch's load_blender.py and
 * torch-ngp's provider.py read: the focal length in pixels is {@code 0.5 * width / tan(0.5 * camera_angle_x)},
 * and a 4x4 camera-to-world matrix places it in the world the OpenGL way, the camera looking down its
 * own -z axis with +y up and +x right in the picture.
 *
 * <p>Pixel (i, j) is column i, row j counted from the top left; its centre is the continuous position
 * (i + 0.5, j + 0.5), and its ray leaves the camera's centre in the camera-space direction
 * ((px - W/2) / focal, -(py - H/2) / focal, -1). Immutable.
 */
public final class Camera {
    /** How far from a rotation the 3x3 part may be: in its determinant and in R^T R against the identity. */
    static final double RIGID_TOLERANCE = 1e-3;

    private final int width;
    private final int height;
    private final double cameraAngleX;
    private final double focal;
    /** Row-major camera-to-world, bottom row (0, 0, 0, 1). */
    private final double[] c2w;

    private Camera(int width, int height, double cameraAngleX, double[] c2w) {
        this.width = width;
        this.height = height;
        this.cameraAngleX = cameraAngleX;
        this.focal = 0.5 * width / Math.tan(0.5 * cameraAngleX);
        this.c2w = c2w;
    }

    /**
     * @param cameraAngleX horizontal field of view in radians, in (0, pi)
     * @param cameraToWorld 16 numbers, row-major; its 3x3 part must be a rotation (or a reflection), its
     *     bottom row (0, 0, 0, 1)
     * @throws IllegalArgumentException in one sentence when a size, the angle or the matrix is unusable
     */
    public static Camera of(int width, int height, double cameraAngleX, double[] cameraToWorld) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("the image size must be positive, got " + width + "x" + height);
        }
        if (!(cameraAngleX > 0 && cameraAngleX < Math.PI)) {
            throw new IllegalArgumentException("camera_angle_x must be in (0, pi) radians, got " + cameraAngleX);
        }
        if (cameraToWorld.length != 16) {
            throw new IllegalArgumentException("the camera-to-world matrix needs 16 numbers, got " + cameraToWorld.length);
        }
        double[] m = cameraToWorld.clone();
        for (double v : m) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the camera-to-world matrix has a value that is not a finite number");
            }
        }
        requireRigid(m);
        return new Camera(width, height, cameraAngleX, m);
    }

    /**
     * Rays of every pixel, row-major from the top left: 3 floats each of origin and unit direction.
     *
     * @throws IllegalArgumentException if an array does not hold {@code 3 * width * height} floats
     */
    public void rays(float[] origins, float[] directions) {
        int needed = 3 * width * height;
        if (origins.length != needed || directions.length != needed) {
            throw new IllegalArgumentException("rays of " + width + "x" + height + " need " + needed + " floats each, got "
                    + origins.length + " and " + directions.length);
        }
        double[] origin = new double[3];
        double[] direction = new double[3];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                ray(i + 0.5, j + 0.5, origin, direction);
                int k = 3 * (j * width + i);
                for (int a = 0; a < 3; a++) {
                    origins[k + a] = (float) origin[a];
                    directions[k + a] = (float) direction[a];
                }
            }
        }
    }

    /** The ray through the continuous pixel position (px, py) into {@code origin} and the unit {@code direction}. */
    public void ray(double px, double py, double[] origin, double[] direction) {
        double x = (px - 0.5 * width) / focal;
        double y = -(py - 0.5 * height) / focal;
        double z = -1;
        double dx = c2w[0] * x + c2w[1] * y + c2w[2] * z;
        double dy = c2w[4] * x + c2w[5] * y + c2w[6] * z;
        double dz = c2w[8] * x + c2w[9] * y + c2w[10] * z;
        double norm = Math.sqrt(dx * dx + dy * dy + dz * dz);
        direction[0] = dx / norm;
        direction[1] = dy / norm;
        direction[2] = dz / norm;
        origin[0] = c2w[3];
        origin[1] = c2w[7];
        origin[2] = c2w[11];
    }

    /**
     * Where a world point lands: {px, py, depth}, the continuous pixel position and the distance in
     * front of the camera along its viewing axis (negative behind it, where px and py are mirrored).
     */
    public double[] project(double[] world) {
        double[] camera = toCamera(world[0], world[1], world[2]);
        double depth = -camera[2];
        return new double[] {0.5 * width + focal * camera[0] / depth, 0.5 * height - focal * camera[1] / depth, depth};
    }

    /** A world point in this camera's own frame (x right, y up, looking down -z). */
    double[] toCamera(double x, double y, double z) {
        double tx = x - c2w[3];
        double ty = y - c2w[7];
        double tz = z - c2w[11];
        // The inverse of the rotation is its transpose, which requireRigid guarantees.
        return new double[] {
            c2w[0] * tx + c2w[4] * ty + c2w[8] * tz,
            c2w[1] * tx + c2w[5] * ty + c2w[9] * tz,
            c2w[2] * tx + c2w[6] * ty + c2w[10] * tz};
    }

    /**
     * The same view at {@code width / factor x height / factor} pixels with the same field of view, as
     * nerf-pytorch's half_res halves the focal length with the picture.
     *
     * @throws IllegalArgumentException if the factor is below 1 or does not divide both sides (the smaller
     *     picture would then not cover the same field of view as an area-averaged image)
     */
    public Camera downscaled(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("the downscale factor must be at least 1, got " + factor);
        }
        if (width % factor != 0 || height % factor != 0) {
            throw new IllegalArgumentException("the downscale factor " + factor + " does not divide the image size "
                    + width + "x" + height);
        }
        return factor == 1 ? this : new Camera(width / factor, height / factor, cameraAngleX, c2w);
    }

    /** The same view at {@code factor} times the pixels a side (for supersampling). */
    Camera upscaled(int factor) {
        return new Camera(width * factor, height * factor, cameraAngleX, c2w);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Focal length in pixels. */
    public double focal() {
        return focal;
    }

    /** Horizontal field of view in radians. */
    public double cameraAngleX() {
        return cameraAngleX;
    }

    /** A copy of the camera-to-world matrix, 16 numbers row-major. */
    public double[] cameraToWorld() {
        return c2w.clone();
    }

    /** The camera's centre in the world. */
    public double[] position() {
        return new double[] {c2w[3], c2w[7], c2w[11]};
    }

    private static void requireRigid(double[] m) {
        if (Math.abs(m[12]) > RIGID_TOLERANCE || Math.abs(m[13]) > RIGID_TOLERANCE || Math.abs(m[14]) > RIGID_TOLERANCE
                || Math.abs(m[15] - 1) > RIGID_TOLERANCE) {
            throw new IllegalArgumentException("the camera-to-world matrix's bottom row must be 0 0 0 1, got "
                    + m[12] + " " + m[13] + " " + m[14] + " " + m[15]);
        }
        double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
        if (Math.abs(Math.abs(det) - 1) > RIGID_TOLERANCE) {
            throw new IllegalArgumentException("the camera-to-world matrix is not a rigid motion: its 3x3 part has"
                    + " determinant " + (float) det + (Math.abs(det) < 1e-9 ? " (singular)" : "") + ", not +-1");
        }
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                // Column a dotted with column b: the entries of R^T R.
                double dot = m[a] * m[b] + m[4 + a] * m[4 + b] + m[8 + a] * m[8 + b];
                if (Math.abs(dot - (a == b ? 1 : 0)) > RIGID_TOLERANCE) {
                    throw new IllegalArgumentException("the camera-to-world matrix is not a rigid motion: its 3x3 part"
                            + " is not orthonormal (columns " + a + " and " + b + " dot to " + (float) dot + ")");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Camera[" + width + "x" + height + ", focal " + focal + ", c2w " + Arrays.toString(c2w) + "]";
    }
}
