package io.sl2a.tasks.volume;

import java.util.Arrays;

/**
 * An indexed triangle mesh: vertices as float x, y, z triples and triangles as int triples of
 * vertex indices. Immutable: the arrays are copied in and out.
 *
 * <p>Orientation matters for {@link #signedVolume()}: a closed mesh whose triangles turn
 * counter-clockwise when seen from outside (normals pointing out) has a positive volume.
 */
public final class TriangleMesh {
    private final float[] vertices;
    private final int[] triangles;

    /**
     * @param vertices x, y, z of each vertex in turn (length a multiple of 3)
     * @param triangles three vertex indices per triangle (length a multiple of 3), each in range
     * @throws IllegalArgumentException if the lengths or an index are wrong (readers check their
     *     input first and report it to the user; reaching this is a bug)
     */
    public TriangleMesh(float[] vertices, int[] triangles) {
        if (vertices.length % 3 != 0 || triangles.length % 3 != 0) {
            throw new IllegalArgumentException("vertex and index arrays must hold triples, got "
                    + vertices.length + " and " + triangles.length);
        }
        int count = vertices.length / 3;
        for (int index : triangles) {
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("vertex index " + index + " out of range for " + count + " vertices");
            }
        }
        this.vertices = vertices.clone();
        this.triangles = triangles.clone();
    }

    public int vertexCount() {
        return vertices.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }

    /** Coordinate {@code axis} (0 = x, 1 = y, 2 = z) of vertex {@code v}. */
    public float vertex(int v, int axis) {
        return vertices[3 * v + axis];
    }

    /** Vertex index {@code corner} (0, 1 or 2) of triangle {@code t}. */
    public int corner(int t, int corner) {
        return triangles[3 * t + corner];
    }

    /** A copy of the vertex coordinates, x, y, z per vertex. */
    public float[] vertices() {
        return vertices.clone();
    }

    /** A copy of the triangles' vertex indices, three per triangle. */
    public int[] triangles() {
        return triangles.clone();
    }

    /** The same arrays without copying, for this package's loops over big meshes; never modified. */
    float[] vertexArray() {
        return vertices;
    }

    int[] triangleArray() {
        return triangles;
    }

    /** The axis-aligned box around the vertices that triangles use (unused vertices do not count). */
    public BoundingBox bounds() {
        double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        boolean[] used = new boolean[vertexCount()];
        for (int index : triangles) {
            used[index] = true;
        }
        for (int v = 0; v < used.length; v++) {
            if (!used[v]) {
                continue;
            }
            for (int a = 0; a < 3; a++) {
                double c = vertices[3 * v + a];
                min[a] = Math.min(min[a], c);
                max[a] = Math.max(max[a], c);
            }
        }
        if (triangles.length == 0) {
            return new BoundingBox(0, 0, 0, 0, 0, 0);
        }
        return new BoundingBox(min[0], min[1], min[2], max[0], max[1], max[2]);
    }

    /** The sum of the triangles' areas. */
    public double surfaceArea() {
        double sum = 0;
        double[] cross = new double[3];
        for (int t = 0; t < triangleCount(); t++) {
            edgeCross(t, cross);
            sum += 0.5 * Math.sqrt(cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]);
        }
        return sum;
    }

    /**
     * The enclosed volume by the divergence theorem: the sum over triangles of the signed volumes of
     * the tetrahedra they span with a reference point. Exact for a closed mesh (whatever the
     * reference point); positive when the normals point outwards. Only meaningful for closed meshes.
     */
    public double signedVolume() {
        // The reference point is the box centre rather than the origin, so that a mesh far from the
        // origin does not lose digits to cancellation.
        BoundingBox box = bounds();
        double cx = box.centre(0);
        double cy = box.centre(1);
        double cz = box.centre(2);
        double sum = 0;
        for (int t = 0; t < triangleCount(); t++) {
            int a = 3 * triangles[3 * t];
            int b = 3 * triangles[3 * t + 1];
            int c = 3 * triangles[3 * t + 2];
            double ax = vertices[a] - cx, ay = vertices[a + 1] - cy, az = vertices[a + 2] - cz;
            double bx = vertices[b] - cx, by = vertices[b + 1] - cy, bz = vertices[b + 2] - cz;
            double qx = vertices[c] - cx, qy = vertices[c + 1] - cy, qz = vertices[c + 2] - cz;
            sum += ax * (by * qz - bz * qy) - ay * (bx * qz - bz * qx) + az * (bx * qy - by * qx);
        }
        return sum / 6;
    }

    /** Whether every edge is shared by exactly two triangles: no holes, no non-manifold edges. */
    public boolean isClosed() {
        EdgeCounts counts = edgeCounts();
        return counts.boundary == 0 && counts.nonManifold == 0;
    }

    /** How many edges belong to one triangle only: the rims of the mesh's holes. */
    public int boundaryEdgeCount() {
        return edgeCounts().boundary;
    }

    /** How many edges belong to three triangles or more. */
    public int nonManifoldEdgeCount() {
        return edgeCounts().nonManifold;
    }

    private record EdgeCounts(int boundary, int nonManifold) {
    }

    /**
     * Counts the triangles on each undirected edge by sorting the edges as (low, high) index pairs
     * packed into longs. Triangles that repeat a vertex index are left out: they have no area, and
     * their two coinciding edges would make a closed surface look non-manifold.
     */
    private EdgeCounts edgeCounts() {
        long[] edges = new long[triangles.length];
        int count = 0;
        for (int t = 0; t < triangleCount(); t++) {
            int a = triangles[3 * t];
            int b = triangles[3 * t + 1];
            int c = triangles[3 * t + 2];
            if (a == b || b == c || a == c) {
                continue;
            }
            edges[count++] = edgeKey(a, b);
            edges[count++] = edgeKey(b, c);
            edges[count++] = edgeKey(c, a);
        }
        Arrays.sort(edges, 0, count);
        int boundary = 0;
        int nonManifold = 0;
        for (int start = 0; start < count; ) {
            int end = start + 1;
            while (end < count && edges[end] == edges[start]) {
                end++;
            }
            int uses = end - start;
            if (uses == 1) {
                boundary++;
            } else if (uses > 2) {
                nonManifold++;
            }
            start = end;
        }
        return new EdgeCounts(boundary, nonManifold);
    }

    private static long edgeKey(int a, int b) {
        return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }

    /** (B - A) x (C - A) of triangle {@code t}, twice its area-weighted normal. */
    private void edgeCross(int t, double[] out) {
        int a = 3 * triangles[3 * t];
        int b = 3 * triangles[3 * t + 1];
        int c = 3 * triangles[3 * t + 2];
        double ux = vertices[b] - vertices[a], uy = vertices[b + 1] - vertices[a + 1], uz = vertices[b + 2] - vertices[a + 2];
        double vx = vertices[c] - vertices[a], vy = vertices[c + 1] - vertices[a + 1], vz = vertices[c + 2] - vertices[a + 2];
        out[0] = uy * vz - uz * vy;
        out[1] = uz * vx - ux * vz;
        out[2] = ux * vy - uy * vx;
    }
}
