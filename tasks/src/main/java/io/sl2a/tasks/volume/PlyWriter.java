package io.sl2a.tasks.volume;

import io.sl2a.tasks.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a mesh as binary little-endian PLY with float x, y, z per vertex and a "list uchar int
 * vertex_indices" per face: the most widely read layout (MeshLab, Blender, Open3D, trimesh).
 */
public final class PlyWriter {
    private static final int CHUNK = 1 << 16;

    private PlyWriter() {
    }

    /** Writes {@code mesh} to {@code file} atomically (the old file stays until the new one is complete). */
    public static void write(TriangleMesh mesh, Path file) throws IOException {
        float[] vertices = mesh.vertexArray();
        int[] triangles = mesh.triangleArray();
        String header = "ply\n"
                + "format binary_little_endian 1.0\n"
                + "comment written by sl2a\n"
                + "element vertex " + mesh.vertexCount() + "\n"
                + "property float x\n"
                + "property float y\n"
                + "property float z\n"
                + "element face " + mesh.triangleCount() + "\n"
                + "property list uchar int vertex_indices\n"
                + "end_header\n";
        AtomicFiles.write(file, out -> {
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (float value : vertices) {
                if (buffer.remaining() < Float.BYTES) {
                    flush(buffer, out);
                }
                buffer.putFloat(value);
            }
            for (int t = 0; t < triangles.length; t += 3) {
                if (buffer.remaining() < 1 + 3 * Integer.BYTES) {
                    flush(buffer, out);
                }
                buffer.put((byte) 3).putInt(triangles[t]).putInt(triangles[t + 1]).putInt(triangles[t + 2]);
            }
            flush(buffer, out);
        });
    }

    private static void flush(ByteBuffer buffer, OutputStream out) throws IOException {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }
}
