package io.sl2a.tasks.volume;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Closed meshes with known volumes and areas, built for the tests; all have outward normals. */
final class TestMeshes {
    private TestMeshes() {
    }

    /** An axis-aligned cube of side {@code a} centred at the origin: 8 vertices, 12 triangles. */
    static TriangleMesh cube(double a) {
        float[] vertices = new float[24];
        for (int c = 0; c < 8; c++) {
            for (int d = 0; d < 3; d++) {
                vertices[3 * c + d] = (float) (((c >> d & 1) - 0.5) * a);
            }
        }
        int[] triangles = new int[36];
        int t = 0;
        int[][] cyclic = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        for (int axis = 0; axis < 3; axis++) {
            int p = (axis + 1) % 3;
            int q = (axis + 2) % 3;
            for (int side = 0; side < 2; side++) {
                int[] quad = new int[4];
                for (int c = 0; c < 4; c++) {
                    // (p, q) in this order turns counter-clockwise about +axis (e_p x e_q = e_axis).
                    int k = side == 1 ? c : 3 - c;
                    quad[c] = side << axis | cyclic[k][0] << p | cyclic[k][1] << q;
                }
                int[] order = {0, 1, 2, 0, 2, 3};
                for (int o : order) {
                    triangles[t++] = quad[o];
                }
            }
        }
        return new TriangleMesh(vertices, triangles);
    }

    /**
     * A sphere of radius {@code r} around {@code (cx, cy, cz)}: an octahedron whose triangles are
     * split {@code levels} times into four, with the vertices pushed out onto the sphere.
     */
    static TriangleMesh sphere(double r, int levels, double cx, double cy, double cz) {
        List<double[]> points = new ArrayList<>();
        List<int[]> faces = new ArrayList<>();
        for (int axis = 0; axis < 3; axis++) {
            for (int sign = 1; sign >= -1; sign -= 2) {
                double[] p = new double[3];
                p[axis] = sign;
                points.add(p);
            }
        }
        // Vertex 2a is +axis a, 2a+1 is -axis a. Each octant's face, turned outwards.
        for (int sx = 0; sx < 2; sx++) {
            for (int sy = 0; sy < 2; sy++) {
                for (int sz = 0; sz < 2; sz++) {
                    int x = sx, y = 2 + sy, z = 4 + sz;
                    boolean flip = (sx + sy + sz) % 2 == 1;
                    faces.add(flip ? new int[] {x, z, y} : new int[] {x, y, z});
                }
            }
        }
        for (int l = 0; l < levels; l++) {
            Map<Long, Integer> middle = new HashMap<>();
            List<int[]> finer = new ArrayList<>();
            for (int[] f : faces) {
                int ab = midpoint(f[0], f[1], points, middle);
                int bc = midpoint(f[1], f[2], points, middle);
                int ca = midpoint(f[2], f[0], points, middle);
                finer.add(new int[] {f[0], ab, ca});
                finer.add(new int[] {f[1], bc, ab});
                finer.add(new int[] {f[2], ca, bc});
                finer.add(new int[] {ab, bc, ca});
            }
            faces = finer;
        }
        float[] vertices = new float[3 * points.size()];
        for (int v = 0; v < points.size(); v++) {
            double[] p = points.get(v);
            double length = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
            vertices[3 * v] = (float) (cx + r * p[0] / length);
            vertices[3 * v + 1] = (float) (cy + r * p[1] / length);
            vertices[3 * v + 2] = (float) (cz + r * p[2] / length);
        }
        return new TriangleMesh(vertices, flatten(faces));
    }

    /** A torus around the z axis: tube radius {@code r} at distance {@code major} from the axis. */
    static TriangleMesh torus(double major, double r, int around, int tube) {
        float[] vertices = new float[3 * around * tube];
        for (int u = 0; u < around; u++) {
            for (int v = 0; v < tube; v++) {
                double a = 2 * Math.PI * u / around;
                double b = 2 * Math.PI * v / tube;
                int p = 3 * (u * tube + v);
                vertices[p] = (float) ((major + r * Math.cos(b)) * Math.cos(a));
                vertices[p + 1] = (float) ((major + r * Math.cos(b)) * Math.sin(a));
                vertices[p + 2] = (float) (r * Math.sin(b));
            }
        }
        List<int[]> faces = new ArrayList<>();
        for (int u = 0; u < around; u++) {
            for (int v = 0; v < tube; v++) {
                int a = u * tube + v;
                int b = ((u + 1) % around) * tube + v;
                int c = ((u + 1) % around) * tube + (v + 1) % tube;
                int d = u * tube + (v + 1) % tube;
                faces.add(new int[] {a, b, c});
                faces.add(new int[] {a, c, d});
            }
        }
        return new TriangleMesh(vertices, flatten(faces));
    }

    /** The mesh without the triangles whose indices are listed. */
    static TriangleMesh without(TriangleMesh mesh, int... removed) {
        java.util.Set<Integer> drop = new java.util.HashSet<>();
        for (int t : removed) {
            drop.add(t);
        }
        List<int[]> kept = new ArrayList<>();
        for (int t = 0; t < mesh.triangleCount(); t++) {
            if (!drop.contains(t)) {
                kept.add(new int[] {mesh.corner(t, 0), mesh.corner(t, 1), mesh.corner(t, 2)});
            }
        }
        return new TriangleMesh(mesh.vertices(), flatten(kept));
    }

    /** The mesh with every triangle turned the other way. */
    static TriangleMesh reversed(TriangleMesh mesh) {
        int[] triangles = mesh.triangles();
        for (int t = 0; t < triangles.length; t += 3) {
            int swap = triangles[t + 1];
            triangles[t + 1] = triangles[t + 2];
            triangles[t + 2] = swap;
        }
        return new TriangleMesh(mesh.vertices(), triangles);
    }

    private static int midpoint(int a, int b, List<double[]> points, Map<Long, Integer> middle) {
        long key = Math.min(a, b) * 1_000_000L + Math.max(a, b);
        return middle.computeIfAbsent(key, k -> {
            double[] p = points.get(a);
            double[] q = points.get(b);
            points.add(new double[] {(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2});
            return points.size() - 1;
        });
    }

    private static int[] flatten(List<int[]> faces) {
        int[] triangles = new int[3 * faces.size()];
        for (int f = 0; f < faces.size(); f++) {
            System.arraycopy(faces.get(f), 0, triangles, 3 * f, 3);
        }
        return triangles;
    }
}
