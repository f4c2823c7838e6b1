package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.volume.TriangleMesh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SceneRenderer}: coverage where the camera projects the mesh, perspective-correct colours, antialiased edges. */
class SceneRendererTest {
    private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    @Test
    void aTriangleCoversWhatItsCornersProjectToAndNothingElse() {
        float[] v = {-1, -1, -4, 1.5f, -0.5f, -5, -0.2f, 1.2f, -3};
        ColouredMesh triangle = new ColouredMesh(new TriangleMesh(v, new int[] {0, 1, 2}),
                new float[] {1, 0.5f, 0.25f, 1, 0.5f, 0.25f, 1, 0.5f, 0.25f});
        Camera camera = Camera.of(48, 40, 0.9, IDENTITY);
        float[] rgba = new SceneRenderer(triangle).render(camera, 1);
        double[][] corners = new double[3][];
        for (int k = 0; k < 3; k++) {
            corners[k] = camera.project(new double[] {v[3 * k], v[3 * k + 1], v[3 * k + 2]});
        }
        int inside = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                double margin = signedDistance(corners, x + 0.5, y + 0.5);
                float alpha = rgba[4 * (y * 48 + x) + 3];
                if (margin > 0.01) {
                    assertEquals(1, alpha, "inside at " + x + ", " + y);
                    inside++;
                    // One colour, evenly lit: the channels keep their 4 : 2 : 1 ratios.
                    float r = rgba[4 * (y * 48 + x)];
                    assertEquals(r / 2, rgba[4 * (y * 48 + x) + 1], 1e-6);
                    assertEquals(r / 4, rgba[4 * (y * 48 + x) + 2], 1e-6);
                    assertTrue(r >= SceneRenderer.AMBIENT - 1e-6, "lit at least by the ambient light");
                } else if (margin < -0.01) {
                    assertEquals(0, alpha, "outside at " + x + ", " + y);
                    assertEquals(0, rgba[4 * (y * 48 + x)], "transparent black outside");
                }
            }
        }
        assertTrue(inside > 100, "covers a good part of the picture: " + inside);
    }

    /** Positive inside the projected triangle: the smallest distance in pixels to its edges' lines, signed. */
    private static double signedDistance(double[][] p, double x, double y) {
        double area = (p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[1][1] - p[0][1]) * (p[2][0] - p[0][0]);
        double smallest = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            double[] a = p[k];
            double[] b = p[(k + 1) % 3];
            double edge = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
            smallest = Math.min(smallest, Math.signum(area) * edge / Math.hypot(b[0] - a[0], b[1] - a[1]));
        }
        return smallest;
    }

    @Test
    void coloursAreInterpolatedInTheWorldNotOnTheScreen() {
        // Steep in depth, so that screen-space interpolation would be far off. Red is 1 at B only.
        double[][] corners = {{-1, -1, -2}, {2, -1, -9}, {-1, 1.5, -2}};
        float[] v = new float[9];
        for (int k = 0; k < 9; k++) {
            v[k] = (float) corners[k / 3][k % 3];
        }
        ColouredMesh triangle = new ColouredMesh(new TriangleMesh(v, new int[] {0, 1, 2}),
                new float[] {0, 1, 1, 1, 1, 1, 0, 1, 1});
        Camera camera = Camera.of(32, 32, 1.2, IDENTITY);
        float[] rgba = new SceneRenderer(triangle).render(camera, 1);
        double[] origin = new double[3];
        double[] direction = new double[3];
        int checked = 0;
        for (int y = 0; y < 32; y += 3) {
            for (int x = 0; x < 32; x += 3) {
                camera.ray(x + 0.5, y + 0.5, origin, direction);
                double[] weights = hit(corners, direction);
                if (weights == null || Math.min(weights[0], Math.min(weights[1], weights[2])) < 0.02) {
                    continue;
                }
                int p = 4 * (y * 32 + x);
                assertEquals(weights[1], rgba[p] / rgba[p + 1], 1e-4, "red over green at " + x + ", " + y);
                checked++;
            }
        }
        assertTrue(checked > 10, "enough pixels on the triangle: " + checked);
    }

    /** World barycentrics where a ray from the origin along {@code d} meets the triangle's plane; null behind. */
    private static double[] hit(double[][] c, double[] d) {
        double[] e1 = minus(c[1], c[0]);
        double[] e2 = minus(c[2], c[0]);
        double[] pv = cross(d, e2);
        double det = dot(e1, pv);
        double[] tv = minus(new double[3], c[0]);
        double u = dot(tv, pv) / det;
        double[] qv = cross(tv, e1);
        double w = dot(d, qv) / det;
        double t = dot(e2, qv) / det;
        return t > 0 ? new double[] {1 - u - w, u, w} : null;
    }

    private static double[] minus(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    @Test
    void aSphereIsOpaqueInsideItsSilhouetteAndAntialiasedAtItsEdge() {
        ColouredMesh sphere = sphere(0.5, 48, 24);
        Camera camera = Camera.of(64, 64, 0.7, ScenePoses.lookAtOrigin(new double[] {1, -2, 3}));
        float[] rgba = new SceneRenderer(sphere).render(camera, 3);
        double[] origin = new double[3];
        double[] direction = new double[3];
        int partial = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                camera.ray(x + 0.5, y + 0.5, origin, direction);
                // How far the pixel centre's ray passes from the sphere's centre.
                double along = -dot(origin, direction);
                double[] closest = {origin[0] + along * direction[0], origin[1] + along * direction[1],
                    origin[2] + along * direction[2]};
                double miss = Math.sqrt(dot(closest, closest));
                float alpha = rgba[4 * (y * 64 + x) + 3];
                // A pixel is about 0.04 wide at the sphere's distance.
                if (miss < 0.43) {
                    assertEquals(1, alpha, "inside at " + x + ", " + y);
                } else if (miss > 0.56) {
                    assertEquals(0, alpha, "outside at " + x + ", " + y);
                } else if (alpha > 0 && alpha < 1) {
                    partial++;
                }
            }
        }
        assertTrue(partial > 20, "the silhouette is antialiased: " + partial + " partly covered pixels");
    }

    /** A UV sphere about the origin, grey, triangles wound counter-clockwise from outside. */
    static ColouredMesh sphere(double radius, int segments, int rings) {
        List<Float> vertices = new ArrayList<>();
        for (int r = 0; r <= rings; r++) {
            double polar = Math.PI * r / rings;
            for (int s = 0; s < segments; s++) {
                double azimuth = 2 * Math.PI * s / segments;
                vertices.add((float) (radius * Math.sin(polar) * Math.cos(azimuth)));
                vertices.add((float) (radius * Math.sin(polar) * Math.sin(azimuth)));
                vertices.add((float) (radius * Math.cos(polar)));
            }
        }
        List<Integer> triangles = new ArrayList<>();
        for (int r = 0; r < rings; r++) {
            for (int s = 0; s < segments; s++) {
                int a = r * segments + s;
                int b = r * segments + (s + 1) % segments;
                int c = a + segments;
                int d = b + segments;
                triangles.addAll(List.of(a, c, b, b, c, d));
            }
        }
        float[] v = new float[vertices.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = vertices.get(i);
        }
        float[] colours = new float[v.length];
        Arrays.fill(colours, 0.5f);
        return new ColouredMesh(new TriangleMesh(v, triangles.stream().mapToInt(Integer::intValue).toArray()), colours);
    }
}
