package io.sl2a.tasks.volume;

import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads triangle meshes from OFF, OBJ and PLY files (see {@link OffParser}, {@link ObjParser} and
 * {@link PlyParser} for what each accepts). The format comes from the content where it announces
 * itself (PLY's "ply" line, OFF's keyword), else from the extension, else OBJ is tried. Every way
 * a file can be unusable, including a mesh without triangles, ends in a {@link UserInputException}
 * with one line naming the file, e.g. "cannot read bunny.off: line 815: face 12 refers to vertex
 * 900 of 800".
 */
public final class MeshReader {
    private static final String NOT_A_MESH = "not a mesh (expected an OFF, OBJ or PLY file)";

    private MeshReader() {
    }

    /** @throws UserInputException if the file is missing, unreadable, not a mesh, damaged or empty */
    public static TriangleMesh read(Path file) {
        byte[] data = contents(file);
        try {
            return switch (format(file, data)) {
                case "ply" -> PlyParser.parse(data);
                case "off" -> OffParser.parse(data);
                case "obj" -> ObjParser.parse(data);
                case "text" -> guessObj(data);
                default -> throw new MalformedMeshException(NOT_A_MESH);
            };
        } catch (MalformedMeshException e) {
            throw unreadable(file, e.getMessage(), null);
        } catch (OutOfMemoryError e) {
            throw unreadable(file, "too large to load in " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB of memory (raise -Xmx)", null);
        }
    }

    private static String format(Path file, byte[] data) {
        if (PlyParser.looksLikePly(data)) {
            return "ply";
        }
        if (OffParser.looksLikeOff(new TextLines(data, 0, 0, true).next())) {
            return "off";
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String extension : new String[] {"ply", "off", "obj"}) {
            if (name.endsWith("." + extension)) {
                return extension;
            }
        }
        return looksLikeText(data) ? "text" : "unknown";
    }

    /** A text file of no known extension: an OBJ if it has OBJ geometry lines, else not a mesh at all. */
    private static TriangleMesh guessObj(byte[] data) throws MalformedMeshException {
        try {
            return ObjParser.parse(data);
        } catch (MalformedMeshException e) {
            if (e.getMessage().equals(ObjParser.NO_GEOMETRY)) {
                throw new MalformedMeshException(NOT_A_MESH);
            }
            throw e;
        }
    }

    /**
     * Whether the start of the file is printable text: an unknown binary file is "not a mesh"
     * rather than a confusing complaint about its first "line".
     */
    private static boolean looksLikeText(byte[] data) {
        int checked = Math.min(data.length, 4096);
        for (int p = 0; p < checked; p++) {
            int b = data[p] & 0xFF;
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                return false;
            }
        }
        return true;
    }

    private static byte[] contents(Path file) {
        if (!Files.exists(file)) {
            throw unreadable(file, "no such file", null);
        }
        if (Files.isDirectory(file)) {
            throw unreadable(file, "it is a directory", null);
        }
        try {
            if (Files.size(file) == 0) {
                throw unreadable(file, "the file is empty", null);
            }
            if (Files.size(file) > Integer.MAX_VALUE - 8) {
                throw unreadable(file, "larger than 2 GiB, the most one array can hold", null);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, IoErrors.reason(e), e);
        } catch (OutOfMemoryError e) {
            throw unreadable(file, "too large to load in " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB of memory (raise -Xmx)", null);
        }
    }

    private static UserInputException unreadable(Path file, String reason, Throwable cause) {
        return new UserInputException("cannot read " + file + ": " + reason, cause);
    }
}
