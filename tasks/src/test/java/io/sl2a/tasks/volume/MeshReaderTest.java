package io.sl2a.tasks.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshReaderTest {
    @TempDir
    Path dir;

    private static final TriangleMesh TORUS = TestMeshes.torus(1.25, 0.3, 24, 12);

    @Test
    void binaryPlyRoundTrips() throws IOException {
        Path file = dir.resolve("torus.ply");
        PlyWriter.write(TORUS, file);
        String header = new String(Files.readAllBytes(file), 0, 200, StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("format binary_little_endian 1.0\n"));
        assertTrue(header.contains("property list uchar int vertex_indices\n"));
        assertSame(TORUS, MeshReader.read(file));
        assertEquals(header.indexOf("end_header\n") + 11 + 12 * TORUS.vertexCount() + 13 * TORUS.triangleCount(),
                Files.size(file));
    }

    @Test
    void offRoundTrips() throws IOException {
        Path file = dir.resolve("torus.off");
        OffWriter.write(TORUS, file);
        assertSame(TORUS, MeshReader.read(file));
    }

    @Test
    void objRoundTrips() throws IOException {
        Path file = dir.resolve("torus.obj");
        ObjWriter.write(TORUS, file);
        assertSame(TORUS, MeshReader.read(file));
    }

    @Test
    void offWithColoursCommentsAndQuads() throws IOException {
        Path file = text("quad.off", """
                # a comment before the header
                COFF
                # counts next
                5 2 0
                0 0 0 255 0 0 255
                1 0 0 0 255 0 255   # a trailing comment
                1 1 0 0 0 255 255

                0 1 0 1 1 1 1
                0.5 0.5 1 0.2 0.2 0.2 1
                4 0 1 2 3 200 10 10
                3 0 1 4
                """);
        TriangleMesh mesh = MeshReader.read(file);
        assertEquals(5, mesh.vertexCount());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 0, 1, 4}, mesh.triangles());
        assertEquals(0.5f, mesh.vertex(4, 0));
        assertEquals(1f, mesh.vertex(4, 2));
    }

    @Test
    void offWithCountsOnTheKeywordLineAndNormals() throws IOException {
        TriangleMesh mesh = MeshReader.read(text("tri.off", "NOFF 3 1 0\n0 0 0 0 0 1\n1 0 0 0 0 1\n0 1 0 0 0 1\n3 2 1 0\n"));
        assertArrayEquals(new int[] {2, 1, 0}, mesh.triangles());
    }

    @Test
    void objFaceFormsNegativeIndicesAndIgnoredLines() throws IOException {
        Path file = text("forms.obj", """
                mtllib forms.mtl
                o thing
                v 0 0 0
                v 1 0 0 1.0
                v 1 1 0 0.5 0.5 0.5
                v 0 1 0
                vt 0 0
                vn 0 0 1
                g side
                usemtl stone
                s off
                f 1 2/1 3//1 4/1/1
                v 0.5 0.5 2
                f -5/1 -4//1 -1/1/1
                l 1 2
                """);
        TriangleMesh mesh = MeshReader.read(file);
        assertEquals(5, mesh.vertexCount());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 0, 1, 4}, mesh.triangles());
        assertEquals(2f, mesh.vertex(4, 2));
    }

    @Test
    void asciiPlyWithExtraPropertiesAndElements() throws IOException {
        Path file = text("extra.ply", """
                ply
                format ascii 1.0
                comment made by hand
                obj_info nothing
                element vertex 4
                property float nx
                property float x
                property double y
                property uchar red
                property float z
                property list uchar float texture
                element edge 2
                property int vertex1
                property int vertex2
                element face 2
                property uchar flags
                property list uchar int vertex_indices
                property float quality
                end_header
                9 0 0 255 0 2 0.5 0.5
                9 1 0 0 0 0
                9 1 1 0 0 1 0.25
                9 0 1 7 3 3 1 2 3
                0 1
                1 2
                1 4 0 1 2 3 0.5
                0 3 3 2 1 1
                """);
        TriangleMesh mesh = MeshReader.read(file);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 3}, mesh.vertices());
        assertArrayEquals(new int[] {0, 1, 2, 0, 2, 3, 3, 2, 1}, mesh.triangles());
    }

    @Test
    void bigEndianPlyWithMixedTypesAndSkippedElements() throws IOException {
        String header = "ply\nformat binary_big_endian 1.0\n"
                + "element vertex 3\n"
                + "property double x\nproperty float y\nproperty short z\n"
                + "property float nx\nproperty float ny\nproperty float nz\n"
                + "property uchar red\nproperty uchar green\nproperty uchar blue\n"
                + "element material 1\nproperty list uchar uchar name\nproperty float shine\n"
                + "element face 1\nproperty list ushort uint vertex_index\nproperty char tag\n"
                + "end_header\n";
        ByteBuffer body = ByteBuffer.allocate(200).order(ByteOrder.BIG_ENDIAN);
        double[][] points = {{0.25, -1.5, 3}, {2, 0, -4}, {0, 2.75, 5}};
        for (double[] p : points) {
            body.putDouble(p[0]).putFloat((float) p[1]).putShort((short) p[2]);
            body.putFloat(0).putFloat(0).putFloat(1).put((byte) 200).put((byte) 100).put((byte) 50);
        }
        body.put((byte) 3).put((byte) 'a').put((byte) 'b').put((byte) 'c').putFloat(0.5f);
        body.putShort((short) 3).putInt(2).putInt(0).putInt(1).put((byte) -1);
        Path file = dir.resolve("big.ply");
        Files.write(file, concat(header.getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(body.array(), body.position())));
        TriangleMesh mesh = MeshReader.read(file);
        assertArrayEquals(new float[] {0.25f, -1.5f, 3, 2, 0, -4, 0, 2.75f, 5}, mesh.vertices());
        assertArrayEquals(new int[] {2, 0, 1}, mesh.triangles());
    }

    @Test
    void formatComesFromTheContentBeforeTheExtension() throws IOException {
        Path ply = dir.resolve("really-a-ply.off");
        PlyWriter.write(TORUS, ply);
        assertSame(TORUS, MeshReader.read(ply));
        Path off = dir.resolve("mesh.dat");
        OffWriter.write(TORUS, off);
        assertSame(TORUS, MeshReader.read(off));
    }

    // ---- unusable files: one line naming the file ----

    @Test
    void randomTextIsNotAMesh() throws IOException {
        Path file = text("notes.txt", "Dear diary,\nthe weather was fine today.\n");
        assertUnreadable(file, "not a mesh (expected an OFF, OBJ or PLY file)");
    }

    @Test
    void randomBytesAreNotAMesh() throws IOException {
        byte[] noise = new byte[500];
        new Random(3).nextBytes(noise);
        Path file = dir.resolve("noise.bin");
        Files.write(file, noise);
        assertUnreadable(file, "not a mesh");
        Path obj = dir.resolve("noise.obj");
        Files.write(obj, "hello\nworld\n".getBytes(StandardCharsets.US_ASCII));
        assertUnreadable(obj, "not an OBJ mesh");
    }

    @Test
    void meshWithoutFacesIsEmpty() throws IOException {
        assertUnreadable(text("empty.off", "OFF\n3 0 0\n0 0 0\n1 0 0\n0 1 0\n"), "the mesh has no triangles (3 vertices");
        assertUnreadable(text("points.obj", "v 0 0 0\nv 1 0 0\nf 1 2\n"), "the mesh has no triangles");
        assertUnreadable(text("empty.ply", "ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\n"
                + "property float y\nproperty float z\nelement face 0\nproperty list uchar int vertex_indices\nend_header\n"),
                "the mesh has no triangles");
    }

    @Test
    void indexOutOfRangeNamesTheFace() throws IOException {
        assertUnreadable(text("far.off", "OFF\n3 2 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n3 0 1 7\n"),
                "line 7: face 1 refers to vertex 7 of 3");
        assertUnreadable(text("far.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n"), "line 4: face 1 refers to vertex 4 of 3");
        assertUnreadable(text("back.obj", "v 0 0 0\nf -1 -2 -3\n"), "face 1 refers to vertex -2 but only 1 vertices precede it");
        assertUnreadable(text("far.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
                + "0 0 0\n1 0 0\n0 1 0\n3 0 3 1\n"), "face 0 refers to vertex 3 of 3");
    }

    @Test
    void truncatedBinaryPly() throws IOException {
        Path whole = dir.resolve("whole.ply");
        PlyWriter.write(TORUS, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.ply");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 20));
        assertUnreadable(cut, "truncated");
    }

    @Test
    void truncatedTextFiles() throws IOException {
        assertUnreadable(text("short.off", "OFF\n4 1 0\n0 0 0\n1 0 0\n"), "truncated: the file ends after 2 of 4 vertices");
        assertUnreadable(text("short.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\n"
                + "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
                + "0 0 0\n1 0 0\n0 1 0\n3 0 1\n"), "truncated: the data ends in face 0 of 1");
    }

    @Test
    void absurdCountsAreRefusedBeforeAllocating() throws IOException {
        assertUnreadable(text("huge.ply", "ply\nformat binary_little_endian 1.0\nelement vertex 500000000\n"
                + "property float x\nproperty float y\nproperty float z\nend_header\n1234"), "the header's counts need at least");
        assertUnreadable(text("huge.off", "OFF\n2000000000 2000000000 0\n0 0 0\n"), "truncated");
    }

    @Test
    void badNumbersAndHeaders() throws IOException {
        assertUnreadable(text("nan.off", "OFF\n3 1 0\n0 0 0\nNaN 0 0\n0 1 0\n3 0 1 2\n"), "line 4: coordinate 'NaN' is not finite");
        assertUnreadable(text("word.obj", "v 0 zero 0\n"), "line 1: 'zero' is not a number");
        assertUnreadable(text("odd.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty quaternion x\nend_header\n"),
                "line 4: unknown PLY type 'quaternion'");
        assertUnreadable(text("open.ply", "ply\nformat ascii 1.0\nelement vertex 1\n"), "no end_header");
        assertUnreadable(text("noz.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\n"
                + "end_header\n0 0\n"), "no scalar property z");
        assertUnreadable(text("four.off", "4OFF\n1 0 0\n0 0 0 0\n"), "unsupported OFF variant 4OFF");
    }

    @Test
    void missingEmptyAndDirectory() throws IOException {
        assertUnreadable(dir.resolve("absent.off"), "no such file");
        assertUnreadable(text("blank.off", ""), "the file is empty");
        Path folder = Files.createDirectory(dir.resolve("folder.obj"));
        assertUnreadable(folder, "it is a directory");
    }

    private Path text(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }

    private static void assertUnreadable(Path file, String reason) {
        UserInputException e = assertThrows(UserInputException.class, () -> MeshReader.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith("cannot read " + file + ": "), message);
        assertTrue(message.contains(reason), message);
        assertFalse(message.contains("\n"), message);
    }

    private static void assertSame(TriangleMesh expected, TriangleMesh actual) {
        assertArrayEquals(expected.vertices(), actual.vertices());
        assertArrayEquals(expected.triangles(), actual.triangles());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
