package io.sl2a.tasks.volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Extracts the level surface of a field sampled on the N×N×N grid of {@link GridFrame} as an
 * indexed, closed, consistently oriented triangle mesh. Written here because no maintained Java
 * marching cubes library is published on Maven Central.
 *
 * <p>The triangulation of each of the 256 sign patterns of a cube's corners is built when the
 * class loads rather than copied from the classic tables: on each face of the cube the edges where
 * the sign changes are joined in pairs (a face with two diagonal corners inside has four such
 * edges, and always gets its inside corners cut off separately, a rule that depends only on that
 * face's corners, so the two cubes sharing the face agree); the segments, directed so that the
 * inside is on a fixed side, chain into closed loops, and each loop is split into a fan of
 * triangles. The fan starts at a loop vertex whose chords all cross the cube's interior: a chord
 * lying in a face could be drawn by the neighbouring cube too, and its edge would then have four
 * triangles (every loop of the 256 patterns has such a vertex; the class checks so as it loads).
 * With one vertex per grid edge, shared by the cubes around it, every mesh edge then belongs to
 * exactly two triangles.
 *
 * <p>Inside means field &gt; level (NaN counts as outside); triangles turn counter-clockwise seen
 * from outside, so normals point from the inside to the outside and the enclosed volume is
 * positive. The grid is padded with one layer of outside points, so a shape that reaches the
 * border is closed by a cap half a grid spacing beyond it.
 */
public final class MarchingCubes {
    /** Corner c of a cube is at offset (c &amp; 1, (c &gt;&gt; 1) &amp; 1, (c &gt;&gt; 2) &amp; 1). */
    private static final int[] EDGE_FROM = new int[12];
    private static final int[] EDGE_AXIS = new int[12];
    /** Per sign pattern, its loops of edges, each starting at its fan's apex. */
    private static final int[][][] LOOPS = new int[256][][];

    static {
        int e = 0;
        for (int axis = 0; axis < 3; axis++) {
            for (int corner = 0; corner < 8; corner++) {
                if ((corner >> axis & 1) == 0) {
                    EDGE_FROM[e] = corner;
                    EDGE_AXIS[e] = axis;
                    e++;
                }
            }
        }
        for (int pattern = 0; pattern < 256; pattern++) {
            buildPattern(pattern);
        }
    }

    private MarchingCubes() {
    }

    /**
     * The surface where {@code field} crosses {@code level}, in the mesh units of {@code frame}.
     * An empty mesh (no triangles) when the field is on one side of the level everywhere, except
     * that a field inside everywhere gives the padded grid's box.
     *
     * @param field n³ samples, point (i, j, k) at index (k*n + j)*n + i
     */
    public static TriangleMesh extract(float[] field, int n, float level, GridFrame frame) {
        if (n < 2 || (long) n * n * n != field.length) {
            throw new IllegalArgumentException("a grid of side " + n + " needs " + (long) n * n * n
                    + " samples, got " + field.length);
        }
        Surface surface = new Surface(field, n, level, frame);
        for (int k = -1; k < n; k++) {
            for (int j = -1; j < n; j++) {
                for (int i = -1; i < n; i++) {
                    surface.cube(i, j, k);
                }
            }
        }
        return surface.mesh();
    }

    /** The vertices and triangles as they are found, with the vertex of each grid edge remembered. */
    private static final class Surface {
        private final float[] field;
        private final int n;
        private final float level;
        private final GridFrame frame;
        private final Map<Long, Integer> vertexOfEdge = new HashMap<>();
        private final FloatList vertices = new FloatList(1024);
        private final IntList triangles = new IntList(1024);
        private final double[] gridPoint = new double[3];

        Surface(float[] field, int n, float level, GridFrame frame) {
            this.field = field;
            this.n = n;
            this.level = level;
            this.frame = frame;
        }

        void cube(int i, int j, int k) {
            int pattern = 0;
            for (int c = 0; c < 8; c++) {
                if (inside(i + (c & 1), j + (c >> 1 & 1), k + (c >> 2 & 1))) {
                    pattern |= 1 << c;
                }
            }
            int[][] loops = LOOPS[pattern];
            for (int l = 0; l < loops.length; l++) {
                int[] loop = loops[l];
                int[] ids = new int[loop.length];
                for (int v = 0; v < loop.length; v++) {
                    ids[v] = vertex(i, j, k, loop[v]);
                }
                for (int v = 1; v + 1 < ids.length; v++) {
                    triangle(ids[0], ids[v], ids[v + 1]);
                }
            }
        }

        private boolean inside(int i, int j, int k) {
            return i >= 0 && j >= 0 && k >= 0 && i < n && j < n && k < n && field[(k * n + j) * n + i] > level;
        }

        /** The vertex on cube (i, j, k)'s edge {@code e}, made the first time any cube asks for it. */
        private int vertex(int i, int j, int k, int e) {
            int from = EDGE_FROM[e];
            int axis = EDGE_AXIS[e];
            int pi = i + (from & 1);
            int pj = j + (from >> 1 & 1);
            int pk = k + (from >> 2 & 1);
            long side = n + 2L;
            long key = (((pk + 1) * side + (pj + 1)) * side + (pi + 1)) * 3 + axis;
            Integer known = vertexOfEdge.get(key);
            if (known != null) {
                return known;
            }
            int[] to = {pi, pj, pk};
            to[axis]++;
            double t = crossing(pi, pj, pk, to[0], to[1], to[2]);
            gridPoint[0] = GridFrame.gridCoordinate(pi, n);
            gridPoint[1] = GridFrame.gridCoordinate(pj, n);
            gridPoint[2] = GridFrame.gridCoordinate(pk, n);
            gridPoint[axis] += t * GridFrame.spacing(n);
            int id = addVertex(gridPoint[0], gridPoint[1], gridPoint[2]);
            vertexOfEdge.put(key, id);
            return id;
        }

        /**
         * Where along the edge the field meets the level, by linear interpolation; half way on an
         * edge to the padding (whose value is unknown) or where the values give no number.
         */
        private double crossing(int i0, int j0, int k0, int i1, int j1, int k1) {
            if (!inGrid(i0, j0, k0) || !inGrid(i1, j1, k1)) {
                return 0.5;
            }
            double a = field[(k0 * n + j0) * n + i0];
            double b = field[(k1 * n + j1) * n + i1];
            double t = (level - a) / (b - a);
            return t >= 0 && t <= 1 ? t : 0.5;
        }

        private boolean inGrid(int i, int j, int k) {
            return i >= 0 && j >= 0 && k >= 0 && i < n && j < n && k < n;
        }

        private int addVertex(double x, double y, double z) {
            int id = vertices.size() / 3;
            vertices.add((float) frame.toMesh(0, x));
            vertices.add((float) frame.toMesh(1, y));
            vertices.add((float) frame.toMesh(2, z));
            return id;
        }

        private void triangle(int a, int b, int c) {
            triangles.add(a);
            triangles.add(b);
            triangles.add(c);
        }

        TriangleMesh mesh() {
            return new TriangleMesh(vertices.toArray(), triangles.toArray());
        }
    }

    // ---- building the triangulation of each sign pattern ----

    private static void buildPattern(int pattern) {
        int[] next = new int[12];
        Arrays.fill(next, -1);
        for (int axis = 0; axis < 3; axis++) {
            for (int side = 0; side < 2; side++) {
                faceSegments(pattern, axis, side, next);
            }
        }
        List<int[]> loops = new ArrayList<>();
        boolean[] used = new boolean[12];
        for (int start = 0; start < 12; start++) {
            if (next[start] < 0 || used[start]) {
                continue;
            }
            List<Integer> loop = new ArrayList<>();
            for (int e = start; !used[e]; e = next[e]) {
                used[e] = true;
                loop.add(e);
            }
            loops.add(loop.stream().mapToInt(Integer::intValue).toArray());
        }
        LOOPS[pattern] = new int[loops.size()][];
        for (int l = 0; l < loops.size(); l++) {
            int[] loop = loops.get(l);
            int apex = apex(loop);
            if (apex < 0) {
                throw new IllegalStateException("marching cubes table: a loop of pattern " + pattern
                        + " has no vertex to fan from without a chord in a face");
            }
            LOOPS[pattern][l] = rotate(loop, apex);
        }
    }

    /**
     * Adds the segments on one face of the cube, as next[from] = to, directed so that walking
     * from {@code from} to {@code to} with the outward face normal as "up" keeps the inside corners
     * on the right; chained, the loops then turn counter-clockwise seen from outside the surface.
     */
    private static void faceSegments(int pattern, int axis, int side, int[] next) {
        int p = (axis + 1) % 3;
        int q = (axis + 2) % 3;
        int[] corners = new int[4];
        int[][] cyclic = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        for (int c = 0; c < 4; c++) {
            corners[c] = side << axis | cyclic[c][0] << p | cyclic[c][1] << q;
        }
        double[] normal = new double[3];
        normal[axis] = side == 0 ? -1 : 1;
        int[] crossed = new int[4];
        int count = 0;
        double[] in = new double[3];
        double[] out = new double[3];
        int inCount = 0;
        for (int c = 0; c < 4; c++) {
            int a = corners[c];
            int b = corners[(c + 1) % 4];
            if (isInside(pattern, a) != isInside(pattern, b)) {
                crossed[count++] = edgeBetween(a, b);
            }
            if (isInside(pattern, a)) {
                add(in, position(a));
                inCount++;
            } else {
                add(out, position(a));
            }
        }
        if (count == 2) {
            double[] away = new double[3];
            for (int d = 0; d < 3; d++) {
                away[d] = out[d] / (4 - inCount) - in[d] / inCount;
            }
            link(crossed[0], crossed[1], away, normal, next);
        } else if (count == 4) {
            // Two diagonal corners inside: cut each off on its own.
            for (int c = 0; c < 4; c++) {
                int corner = corners[c];
                if (!isInside(pattern, corner)) {
                    continue;
                }
                int before = edgeBetween(corners[(c + 3) % 4], corner);
                int after = edgeBetween(corner, corners[(c + 1) % 4]);
                double[] away = new double[3];
                double[] middle = midpoint(before);
                double[] other = midpoint(after);
                double[] at = position(corner);
                for (int d = 0; d < 3; d++) {
                    away[d] = 0.5 * (middle[d] + other[d]) - at[d];
                }
                link(before, after, away, normal, next);
            }
        }
    }

    /**
     * Records the segment between edges {@code e1} and {@code e2} in the direction
     * away × normal, where {@code away} points within the face from the inside corners to the
     * outside ones.
     */
    private static void link(int e1, int e2, double[] away, double[] normal, int[] next) {
        double[] direction = cross(away, normal);
        double[] from = midpoint(e1);
        double[] to = midpoint(e2);
        double dot = 0;
        for (int d = 0; d < 3; d++) {
            dot += (to[d] - from[d]) * direction[d];
        }
        int a = dot > 0 ? e1 : e2;
        int b = dot > 0 ? e2 : e1;
        if (next[a] >= 0) {
            throw new IllegalStateException("marching cubes table: edge " + a + " left twice");
        }
        next[a] = b;
    }

    /**
     * The index in {@code loop} of a vertex whose chords (to every vertex but its two neighbours)
     * join edges that share no face of the cube, or -1. A triangle loop has no chords.
     */
    private static int apex(int[] loop) {
        int m = loop.length;
        for (int s = 0; s < m; s++) {
            boolean good = true;
            for (int j = 0; j < m && good; j++) {
                if (j == s || j == (s + 1) % m || j == (s + m - 1) % m) {
                    continue;
                }
                good = !shareFace(loop[s], loop[j]);
            }
            if (good) {
                return s;
            }
        }
        return -1;
    }

    private static boolean shareFace(int e1, int e2) {
        for (int axis = 0; axis < 3; axis++) {
            if (axis == EDGE_AXIS[e1] || axis == EDGE_AXIS[e2]) {
                continue;
            }
            // Both edges lie in the plane where this axis's coordinate is fixed; same plane, same face.
            if ((EDGE_FROM[e1] >> axis & 1) == (EDGE_FROM[e2] >> axis & 1)) {
                return true;
            }
        }
        return false;
    }

    private static int[] rotate(int[] loop, int start) {
        int[] rotated = new int[loop.length];
        for (int v = 0; v < loop.length; v++) {
            rotated[v] = loop[(start + v) % loop.length];
        }
        return rotated;
    }

    private static boolean isInside(int pattern, int corner) {
        return (pattern >> corner & 1) != 0;
    }

    private static int edgeBetween(int a, int b) {
        int from = Math.min(a, b);
        int axis = Integer.numberOfTrailingZeros(a ^ b);
        for (int e = 0; e < 12; e++) {
            if (EDGE_FROM[e] == from && EDGE_AXIS[e] == axis) {
                return e;
            }
        }
        throw new IllegalStateException("corners " + a + " and " + b + " share no edge");
    }

    private static double[] position(int corner) {
        return new double[] {corner & 1, corner >> 1 & 1, corner >> 2 & 1};
    }

    private static double[] midpoint(int e) {
        double[] p = position(EDGE_FROM[e]);
        p[EDGE_AXIS[e]] += 0.5;
        return p;
    }

    private static void add(double[] sum, double[] p) {
        for (int d = 0; d < 3; d++) {
            sum[d] += p[d];
        }
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
