package io.sl2a.tasks.volume;

/**
 * Wavefront OBJ, geometry only: "v x y z" lines (anything after z, such as w or a colour, is
 * skipped) and "f" lines whose vertices are written i, i/j, i//k or i/j/k; only i, the position
 * index, is used. Indices count from 1, negative ones back from the latest vertex. Every other
 * line (normals, texture coordinates, groups, materials, lines, points) is ignored. Polygons are
 * split into fans of triangles.
 */
final class ObjParser {
    /** The reason given for a file without any OBJ geometry line. */
    static final String NO_GEOMETRY = "not an OBJ mesh (no vertex 'v' or face 'f' lines)";

    private ObjParser() {
    }

    static TriangleMesh parse(byte[] data) throws MalformedMeshException {
        TextLines lines = new TextLines(data, 0, 0, true);
        FloatList vertices = new FloatList(data.length / 16);
        IntList triangles = new IntList(data.length / 16);
        // Positive indices may refer to vertices further down the file, so they are checked at the
        // end; these remember where each triangle came from for the message.
        IntList triangleLines = new IntList(data.length / 48);
        IntList triangleFaces = new IntList(data.length / 48);
        int faces = 0;
        boolean sawGeometry = false;
        int[] polygon = new int[16];
        for (String[] line = lines.next(); line != null; line = lines.next()) {
            int at = lines.lineNumber();
            switch (line[0]) {
                case "v" -> {
                    sawGeometry = true;
                    if (line.length < 4) {
                        throw new MalformedMeshException("line " + at + ": vertex " + (vertices.size() / 3 + 1)
                                + " has " + (line.length - 1) + " coordinates, expected x y z");
                    }
                    for (int a = 1; a <= 3; a++) {
                        vertices.add(TextNumbers.coordinate(line[a], at));
                    }
                }
                case "f" -> {
                    sawGeometry = true;
                    faces++;
                    int k = line.length - 1;
                    if (polygon.length < k) {
                        polygon = new int[k];
                    }
                    int defined = vertices.size() / 3;
                    for (int c = 0; c < k; c++) {
                        polygon[c] = positionIndex(line[1 + c], at, faces, defined);
                    }
                    int before = triangles.size();
                    Polygons.addFan(polygon, k, triangles);
                    for (int t = before; t < triangles.size(); t += 3) {
                        triangleLines.add(at);
                        triangleFaces.add(faces);
                    }
                }
                default -> {
                    // vn, vt, vp, o, g, s, l, p, usemtl, mtllib, ...: not geometry we use
                }
            }
        }
        if (!sawGeometry) {
            throw new MalformedMeshException(NO_GEOMETRY);
        }
        int count = vertices.size() / 3;
        for (int t = 0; t < triangles.size(); t++) {
            int index = triangles.get(t);
            if (index >= count) {
                throw new MalformedMeshException("line " + triangleLines.get(t / 3) + ": face " + triangleFaces.get(t / 3)
                        + " refers to vertex " + (index + 1) + " of " + count);
            }
        }
        return Polygons.mesh(vertices, triangles);
    }

    /** The 0-based position index of one "i/j/k" face vertex. */
    private static int positionIndex(String token, int line, int face, int defined) throws MalformedMeshException {
        int slash = token.indexOf('/');
        String position = slash < 0 ? token : token.substring(0, slash);
        int index = TextNumbers.integer(position, line);
        if (index == 0) {
            throw new MalformedMeshException("line " + line + ": face " + face + " has vertex index 0 (OBJ counts from 1)");
        }
        if (index > 0) {
            return index - 1;
        }
        int resolved = defined + index;
        if (resolved < 0) {
            throw new MalformedMeshException("line " + line + ": face " + face + " refers to vertex " + index
                    + " but only " + defined + " vertices precede it");
        }
        return resolved;
    }
}
