package io.sl2a.tasks.volume;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Geomview's ASCII OFF: a header keyword, the vertex, face and edge counts, one vertex per line and
 * one polygon per line as "k i1 ... ik". The keyword's prefixes are tolerated (ST, C, N: texture
 * coordinates, colours and normals after x y z, which are skipped, as are colours after a face's
 * indices); the 4-D and n-D variants and binary OFF are refused. Reading is line by line because
 * the number of values after x y z (a colour may have 3 or 4) is not fixed. Polygons are split
 * into fans of triangles; faces of fewer than three vertices are dropped.
 */
final class OffParser {
    private static final Pattern KEYWORD = Pattern.compile("(ST)?(C)?(N)?(4)?(n)?OFF");

    private OffParser() {
    }

    /** Whether the first token of the file is an OFF keyword, for telling formats apart by content. */
    static boolean looksLikeOff(String[] firstLine) {
        return firstLine != null && KEYWORD.matcher(firstLine[0]).matches();
    }

    static TriangleMesh parse(byte[] data) throws MalformedMeshException {
        TextLines lines = new TextLines(data, 0, 0, true);
        String[] header = lines.next();
        if (header == null) {
            throw new MalformedMeshException("no OFF header (the file has only blank lines or comments)");
        }
        String[] counts = header;
        int first = 0;
        Matcher keyword = KEYWORD.matcher(header[0]);
        if (keyword.matches()) {
            if (keyword.group(4) != null || keyword.group(5) != null) {
                throw new MalformedMeshException("unsupported OFF variant " + header[0] + " (only 3-D vertices)");
            }
            if (header.length > 1 && header[1].equalsIgnoreCase("BINARY")) {
                throw new MalformedMeshException("binary OFF is not supported (convert it to ASCII OFF or PLY)");
            }
            first = 1;
            if (header.length == 1) {
                counts = lines.next();
                first = 0;
                if (counts == null) {
                    throw new MalformedMeshException("the file ends after the OFF keyword, before the counts");
                }
            }
        } else if (!header[0].matches("\\d+")) {
            throw new MalformedMeshException("not an OFF file (it starts with '" + TextNumbers.shorten(header[0])
                    + "', not OFF)");
        }
        if (counts.length - first < 2) {
            throw new MalformedMeshException("line " + lines.lineNumber()
                    + ": expected the vertex and face counts after the OFF keyword");
        }
        int vertexCount = TextNumbers.integer(counts[first], lines.lineNumber());
        int faceCount = TextNumbers.integer(counts[first + 1], lines.lineNumber());
        if (vertexCount < 0 || faceCount < 0) {
            throw new MalformedMeshException("line " + lines.lineNumber() + ": negative vertex or face count");
        }
        // Capacities from the file size, not the counts, so a corrupt header cannot exhaust memory.
        FloatList vertices = new FloatList((int) Math.min(3L * vertexCount, data.length / 2));
        for (int v = 0; v < vertexCount; v++) {
            String[] line = lines.next();
            if (line == null) {
                throw new MalformedMeshException("truncated: the file ends after " + v + " of " + vertexCount + " vertices");
            }
            if (line.length < 3) {
                throw new MalformedMeshException("line " + lines.lineNumber() + ": vertex " + v + " has "
                        + line.length + " coordinate" + (line.length == 1 ? "" : "s") + ", expected x y z");
            }
            for (int a = 0; a < 3; a++) {
                vertices.add(TextNumbers.coordinate(line[a], lines.lineNumber()));
            }
        }
        IntList triangles = new IntList((int) Math.min(3L * faceCount, data.length / 2));
        for (int f = 0; f < faceCount; f++) {
            String[] line = lines.next();
            if (line == null) {
                throw new MalformedMeshException("truncated: the file ends after " + f + " of " + faceCount + " faces");
            }
            int at = lines.lineNumber();
            int k = TextNumbers.integer(line[0], at);
            if (k < 0 || line.length < 1 + k) {
                throw new MalformedMeshException("line " + at + ": face " + f + " lists " + k
                        + " vertices but gives " + (line.length - 1) + " indices");
            }
            int[] polygon = new int[k];
            for (int c = 0; c < k; c++) {
                polygon[c] = TextNumbers.integer(line[1 + c], at);
                if (polygon[c] < 0 || polygon[c] >= vertexCount) {
                    throw new MalformedMeshException("line " + at + ": face " + f + " refers to vertex "
                            + polygon[c] + " of " + vertexCount);
                }
            }
            Polygons.addFan(polygon, k, triangles);
        }
        return Polygons.mesh(vertices, triangles);
    }
}
