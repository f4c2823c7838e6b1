package io.sl2a.tasks.volume;

/** What the readers share once a polygon's indices are checked: fan triangulation and the final mesh. */
final class Polygons {
    private Polygons() {
    }

    /**
     * Adds the first {@code count} indices of {@code polygon} as a fan of triangles around its first
     * vertex (exact for convex polygons, which mesh files nearly always hold); fewer than three
     * vertices (a point or a line) add nothing.
     */
    static void addFan(int[] polygon, int count, IntList triangles) {
        for (int c = 1; c + 1 < count; c++) {
            triangles.add(polygon[0]);
            triangles.add(polygon[c]);
            triangles.add(polygon[c + 1]);
        }
    }

    /** The mesh, refusing one without triangles: nothing could be voxelised or drawn. */
    static TriangleMesh mesh(FloatList vertices, IntList triangles) throws MalformedMeshException {
        if (triangles.size() == 0) {
            int count = vertices.size() / 3;
            throw new MalformedMeshException("the mesh has no triangles (" + count + " vert"
                    + (count == 1 ? "ex" : "ices") + ", no faces of three or more vertices)");
        }
        return new TriangleMesh(vertices.toArray(), triangles.toArray());
    }
}
