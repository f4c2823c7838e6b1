package io.sl2a.tasks.volume;

import io.sl2a.tasks.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a mesh as ASCII OFF. Coordinates are written with {@link Float#toString}, the shortest
 * decimal that reads back as the same float, so a write and a read give the mesh back exactly.
 */
public final class OffWriter {
    private OffWriter() {
    }

    /** Writes {@code mesh} to {@code file} atomically. */
    public static void write(TriangleMesh mesh, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
            text.write("OFF\n" + mesh.vertexCount() + " " + mesh.triangleCount() + " 0\n");
            for (int v = 0; v < mesh.vertexCount(); v++) {
                text.write(mesh.vertex(v, 0) + " " + mesh.vertex(v, 1) + " " + mesh.vertex(v, 2) + "\n");
            }
            for (int t = 0; t < mesh.triangleCount(); t++) {
                text.write("3 " + mesh.corner(t, 0) + " " + mesh.corner(t, 1) + " " + mesh.corner(t, 2) + "\n");
            }
            text.flush();
        });
    }
}
