package io.sl2a.tasks.nerf;

import io.sl2a.tasks.volume.TriangleMesh;
import java.util.Arrays;

/**
 * Draws a {@link ColouredMesh} as a {@link Camera} sees it, for making NeRF data sets: a z-buffer
 * rasteriser over an s x s grid of samples in each pixel, colours interpolated perspective-correctly,
 * Lambert shading under a fixed light plus ambient light. The result is straight (not premultiplied)
 * RGBA: alpha is the fraction of a pixel's samples the mesh covers, the colour the mean over those
 * samples, and the background transparent black, as in the Blender scenes' PNGs.
 *
 * <p>The light is fixed in the world, so a point looks the same from every camera: the scene has no
 * view-dependent effects. Triangles with a corner less than {@link #NEAR} in front of the camera are
 * left out rather than clipped; the generated cameras are far from the unit sphere the meshes fill.
 */
public final class SceneRenderer {
    /** Unit direction towards the light: from above (+z), in front and to the side. */
    static final double[] LIGHT = normalised(0.35, -0.5, 0.8);
    static final double AMBIENT = 0.45;
    static final double DIFFUSE = 0.55;
    /** Nearest depth a drawn triangle may reach. */
    static final double NEAR = 1e-3;

    private final TriangleMesh mesh;
    private final float[] vertices;
    private final int[] triangles;
    private final float[] colours;
    /** Area-weighted vertex normals (unit), oriented by the triangles' winding. */
    private final float[] normals;

    public SceneRenderer(ColouredMesh scene) {
        this.mesh = scene.mesh();
        this.vertices = mesh.vertices();
        this.triangles = mesh.triangles();
        this.colours = scene.colours().clone();
        this.normals = vertexNormals(vertices, triangles);
    }

    /**
     * The view of {@code camera} with {@code supersample}^2 samples a pixel: {@code 4 * width * height}
     * floats in [0, 1], R, G, B, A per pixel, row-major from the top left.
     */
    public float[] render(Camera camera, int supersample) {
        if (supersample < 1) {
            throw new IllegalArgumentException("supersample must be at least 1, got " + supersample);
        }
        // The samples of a pixel are the centres of the s x s sub-pixels of the same camera at s times the size.
        Camera fine = camera.upscaled(supersample);
        Samples samples = rasterise(fine);
        return resolve(camera, fine, samples, supersample);
    }

    /** What is nearest at each sample: the triangle (-1: none) and its perspective-correct barycentrics. */
    private record Samples(int[] triangle, float[] b0, float[] b1) {
    }

    private Samples rasterise(Camera fine) {
        int width = fine.width();
        int height = fine.height();
        int count = width * height;
        int[] nearest = new int[count];
        Arrays.fill(nearest, -1);
        float[] inverseDepth = new float[count]; // 0: nothing drawn yet (infinitely far)
        float[] b0 = new float[count];
        float[] b1 = new float[count];
        int vertexCount = mesh.vertexCount();
        double[] sx = new double[vertexCount];
        double[] sy = new double[vertexCount];
        double[] inv = new double[vertexCount];
        double[] world = new double[3];
        for (int v = 0; v < vertexCount; v++) {
            world[0] = vertices[3 * v];
            world[1] = vertices[3 * v + 1];
            world[2] = vertices[3 * v + 2];
            double[] p = fine.project(world);
            sx[v] = p[0];
            sy[v] = p[1];
            inv[v] = p[2] >= NEAR ? 1 / p[2] : 0;
        }
        for (int t = 0; t < triangles.length / 3; t++) {
            int a = triangles[3 * t];
            int b = triangles[3 * t + 1];
            int c = triangles[3 * t + 2];
            if (inv[a] == 0 || inv[b] == 0 || inv[c] == 0) {
                continue;
            }
            double area = (sx[b] - sx[a]) * (sy[c] - sy[a]) - (sy[b] - sy[a]) * (sx[c] - sx[a]);
            if (area == 0 || !Double.isFinite(area)) {
                continue;
            }
            int x0 = Math.max(0, (int) Math.floor(Math.min(sx[a], Math.min(sx[b], sx[c])) - 0.5));
            int x1 = Math.min(width - 1, (int) Math.ceil(Math.max(sx[a], Math.max(sx[b], sx[c])) - 0.5));
            int y0 = Math.max(0, (int) Math.floor(Math.min(sy[a], Math.min(sy[b], sy[c])) - 0.5));
            int y1 = Math.min(height - 1, (int) Math.ceil(Math.max(sy[a], Math.max(sy[b], sy[c])) - 0.5));
            for (int y = y0; y <= y1; y++) {
                double py = y + 0.5;
                for (int x = x0; x <= x1; x++) {
                    double px = x + 0.5;
                    // Screen-space barycentrics; dividing by the signed area makes them positive inside
                    // whichever way the triangle winds on screen. Edges count as inside, so no sample
                    // falls through the crack between two triangles.
                    double wa = ((sx[b] - px) * (sy[c] - py) - (sy[b] - py) * (sx[c] - px)) / area;
                    double wb = ((sx[c] - px) * (sy[a] - py) - (sy[c] - py) * (sx[a] - px)) / area;
                    double wc = 1 - wa - wb;
                    if (wa < 0 || wb < 0 || wc < 0) {
                        continue;
                    }
                    // 1/depth is affine in screen space; attributes over depth are too.
                    double inverse = wa * inv[a] + wb * inv[b] + wc * inv[c];
                    int s = y * width + x;
                    if (inverse > inverseDepth[s]) {
                        inverseDepth[s] = (float) inverse;
                        nearest[s] = t;
                        b0[s] = (float) (wa * inv[a] / inverse);
                        b1[s] = (float) (wb * inv[b] / inverse);
                    }
                }
            }
        }
        return new Samples(nearest, b0, b1);
    }

    private float[] resolve(Camera camera, Camera fine, Samples samples, int s) {
        boolean[] backFacing = backFacing(camera.position());
        int width = camera.width();
        int height = camera.height();
        float[] rgba = new float[4 * width * height];
        double[] shaded = new double[3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r = 0;
                double g = 0;
                double b = 0;
                int covered = 0;
                for (int dy = 0; dy < s; dy++) {
                    for (int dx = 0; dx < s; dx++) {
                        int sample = (y * s + dy) * fine.width() + x * s + dx;
                        int t = samples.triangle()[sample];
                        if (t < 0) {
                            continue;
                        }
                        shade(t, samples.b0()[sample], samples.b1()[sample], backFacing[t], shaded);
                        r += shaded[0];
                        g += shaded[1];
                        b += shaded[2];
                        covered++;
                    }
                }
                int out = 4 * (y * width + x);
                if (covered > 0) {
                    rgba[out] = (float) (r / covered);
                    rgba[out + 1] = (float) (g / covered);
                    rgba[out + 2] = (float) (b / covered);
                    rgba[out + 3] = covered / (float) (s * s);
                }
            }
        }
        return rgba;
    }

    /** The colour at barycentrics (w0, w1, 1 - w0 - w1) of triangle {@code t}, lit. */
    private void shade(int t, double w0, double w1, boolean flip, double[] out) {
        double w2 = 1 - w0 - w1;
        int a = 3 * triangles[3 * t];
        int b = 3 * triangles[3 * t + 1];
        int c = 3 * triangles[3 * t + 2];
        double nx = w0 * normals[a] + w1 * normals[b] + w2 * normals[c];
        double ny = w0 * normals[a + 1] + w1 * normals[b + 1] + w2 * normals[c + 1];
        double nz = w0 * normals[a + 2] + w1 * normals[b + 2] + w2 * normals[c + 2];
        double length = Math.sqrt(nx * nx + ny * ny + nz * nz);
        double cosine = length > 0 ? (nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2]) / length : 0;
        // A triangle seen from behind shows its other side, whose normal is the opposite one.
        if (flip) {
            cosine = -cosine;
        }
        double light = AMBIENT + DIFFUSE * Math.max(0, cosine);
        for (int k = 0; k < 3; k++) {
            double colour = w0 * colours[a + k] + w1 * colours[b + k] + w2 * colours[c + k];
            out[k] = Math.min(1, Math.max(0, colour * light));
        }
    }

    /** Whether each triangle turns its winding's normal away from {@code eye}. */
    private boolean[] backFacing(double[] eye) {
        boolean[] back = new boolean[triangles.length / 3];
        double[] n = new double[3];
        for (int t = 0; t < back.length; t++) {
            int a = 3 * triangles[3 * t];
            faceNormal(vertices, triangles, t, n);
            double toEye = (eye[0] - vertices[a]) * n[0] + (eye[1] - vertices[a + 1]) * n[1]
                    + (eye[2] - vertices[a + 2]) * n[2];
            back[t] = toEye < 0;
        }
        return back;
    }

    private static float[] vertexNormals(float[] vertices, int[] triangles) {
        double[] sums = new double[vertices.length];
        double[] n = new double[3];
        for (int t = 0; t < triangles.length / 3; t++) {
            // The cross product's length is twice the area: big triangles weigh more.
            faceNormal(vertices, triangles, t, n);
            for (int k = 0; k < 3; k++) {
                int v = 3 * triangles[3 * t + k];
                sums[v] += n[0];
                sums[v + 1] += n[1];
                sums[v + 2] += n[2];
            }
        }
        float[] normals = new float[vertices.length];
        for (int v = 0; v < vertices.length; v += 3) {
            double length = Math.sqrt(sums[v] * sums[v] + sums[v + 1] * sums[v + 1] + sums[v + 2] * sums[v + 2]);
            if (length > 0) {
                for (int a = 0; a < 3; a++) {
                    normals[v + a] = (float) (sums[v + a] / length);
                }
            }
        }
        return normals;
    }

    /** (B - A) x (C - A) of triangle {@code t}. */
    private static void faceNormal(float[] v, int[] triangles, int t, double[] out) {
        int a = 3 * triangles[3 * t];
        int b = 3 * triangles[3 * t + 1];
        int c = 3 * triangles[3 * t + 2];
        double ux = v[b] - v[a], uy = v[b + 1] - v[a + 1], uz = v[b + 2] - v[a + 2];
        double wx = v[c] - v[a], wy = v[c + 1] - v[a + 1], wz = v[c + 2] - v[a + 2];
        out[0] = uy * wz - uz * wy;
        out[1] = uz * wx - ux * wz;
        out[2] = ux * wy - uy * wx;
    }

    private static double[] normalised(double x, double y, double z) {
        double length = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / length, y / length, z / length};
    }
}
