package io.sl2a.tasks.volume;

import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Keeps a voxelised grid in a small binary file so that a second run on the same mesh and grid
 * side reads it instead of voxelising again. The file is trusted only when everything checks: its
 * magic and version, the SHA-256 of the mesh's vertices and triangles (so a changed mesh file,
 * whatever its name or date, is a miss, while a reformatted or re-commented one is still a hit),
 * the grid side, the frame the mesh gives now, the size and a CRC-32 over the whole content. Any
 * mismatch or damage makes it a miss, and the grid is computed and the file rewritten.
 *
 * <p>Layout, big-endian: "SL2AVOXL", int version, 32-byte mesh hash, int N, four doubles
 * (centre x, y, z and scale of the frame), int inside count, int disputed count, ceil(N³/64)
 * longs of occupancy bits (point p is bit p % 64 of word p / 64), int CRC-32 of all before it.
 */
public final class VoxelCache {
    private static final byte[] MAGIC = {'S', 'L', '2', 'A', 'V', 'O', 'X', 'L'};
    /** Raised whenever the voxeliser's answers or this layout change, so old files are misses. */
    private static final int VERSION = 1;
    private static final int HASH_BYTES = 32;
    private static final int HEADER_BYTES = MAGIC.length + 4 + HASH_BYTES + 4 + 4 * 8 + 4 + 4;

    /**
     * A grid, whether it came from the cache file ({@code false}: it was just computed), and why
     * the freshly computed grid could not be saved ({@code null} when it was, or was read).
     */
    public record Lookup(VoxelGrid grid, boolean fromCache, String notSaved) {
    }

    private VoxelCache() {
    }

    /** The usual cache file name for a mesh file and grid side, e.g. "bunny.off.128.voxels". */
    public static String fileName(Path meshFile, int n) {
        return meshFile.getFileName() + "." + n + ".voxels";
    }

    /**
     * The grid of side {@code n} for {@code mesh} in the frame {@link GridFrame#fitting} gives:
     * read from {@code cacheFile} when it holds exactly that, else computed by {@link Voxeliser}
     * (reporting to {@code progress}) and written to {@code cacheFile} atomically. A cache file
     * that cannot be written costs only the next run's time, so it is reported in the result (for
     * a warning) rather than thrown.
     */
    public static Lookup voxelise(TriangleMesh mesh, int n, Path cacheFile, Voxeliser.Progress progress) {
        byte[] hash = hash(mesh);
        GridFrame frame = GridFrame.fitting(mesh);
        Optional<VoxelGrid> cached = read(cacheFile, hash, n, frame);
        if (cached.isPresent()) {
            return new Lookup(cached.get(), true, null);
        }
        VoxelGrid grid = Voxeliser.voxelise(mesh, n, frame, progress);
        try {
            write(cacheFile, hash, grid);
            return new Lookup(grid, false, null);
        } catch (IOException e) {
            return new Lookup(grid, false, "cannot write voxel cache " + cacheFile + ": " + IoErrors.reason(e));
        }
    }

    /**
     * The grid in {@code cacheFile} if it is a sound cache of the mesh with SHA-256
     * {@code meshHash} on a grid of side {@code n} in {@code frame}; empty if the file is missing,
     * unreadable, damaged or about something else.
     */
    public static Optional<VoxelGrid> read(Path cacheFile, byte[] meshHash, int n, GridFrame frame) {
        if (n < 2 || n > Voxeliser.MAX_N) {
            return Optional.empty();
        }
        long points = (long) n * n * n;
        long expectedSize = HEADER_BYTES + 8 * ((points + 63) / 64) + 4;
        byte[] bytes;
        try {
            if (!Files.isRegularFile(cacheFile) || Files.size(cacheFile) != expectedSize) {
                return Optional.empty();
            }
            bytes = Files.readAllBytes(cacheFile);
        } catch (IOException | OutOfMemoryError e) {
            return Optional.empty();
        }
        if (bytes.length != expectedSize) {
            return Optional.empty(); // changed between the size check and the read
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != in.getInt(bytes.length - 4)) {
            return Optional.empty();
        }
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        int version = in.getInt();
        byte[] hash = new byte[HASH_BYTES];
        in.get(hash);
        if (!Arrays.equals(magic, MAGIC) || version != VERSION || !Arrays.equals(hash, meshHash) || in.getInt() != n) {
            return Optional.empty();
        }
        GridFrame stored;
        try {
            stored = new GridFrame(in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!stored.equals(frame)) {
            return Optional.empty();
        }
        int insideCount = in.getInt();
        int disputed = in.getInt();
        boolean[] inside = new boolean[(int) points];
        for (int word = 0; word < (points + 63) / 64; word++) {
            long bits = in.getLong();
            for (int b = 0; b < 64 && word * 64L + b < points; b++) {
                inside[word * 64 + b] = (bits >>> b & 1) != 0;
            }
        }
        VoxelGrid grid = new VoxelGrid(n, frame, inside, disputed);
        return grid.insideCount() == insideCount ? Optional.of(grid) : Optional.empty();
    }

    /** Writes {@code grid} as the cache of the mesh with SHA-256 {@code meshHash}, atomically. */
    public static void write(Path cacheFile, byte[] meshHash, VoxelGrid grid) throws IOException {
        if (meshHash.length != HASH_BYTES) {
            throw new IllegalArgumentException("a mesh hash has " + HASH_BYTES + " bytes, got " + meshHash.length);
        }
        int n = grid.n();
        int points = n * n * n;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(HEADER_BYTES + points / 8 + 16);
        DataOutputStream out = new DataOutputStream(buffer);
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.write(meshHash);
        out.writeInt(n);
        GridFrame frame = grid.frame();
        out.writeDouble(frame.centreX());
        out.writeDouble(frame.centreY());
        out.writeDouble(frame.centreZ());
        out.writeDouble(frame.scale());
        out.writeInt(grid.insideCount());
        out.writeInt(grid.disputedCount());
        for (int word = 0; word < (points + 63) / 64; word++) {
            long bits = 0;
            for (int b = 0; b < 64 && word * 64 + b < points; b++) {
                if (grid.inside(word * 64 + b)) {
                    bits |= 1L << b;
                }
            }
            out.writeLong(bits);
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        AtomicFiles.write(cacheFile, buffer.toByteArray());
    }

    /** The SHA-256 of the mesh's vertex coordinates (as float bits) and triangle indices. */
    public static byte[] hash(TriangleMesh mesh) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        ByteBuffer counts = ByteBuffer.allocate(8).putInt(mesh.vertexCount()).putInt(mesh.triangleCount());
        digest.update(counts.array());
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        for (float v : mesh.vertexArray()) {
            if (!chunk.hasRemaining()) {
                digest.update(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putFloat(v);
        }
        for (int index : mesh.triangleArray()) {
            if (!chunk.hasRemaining()) {
                digest.update(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putInt(index);
        }
        digest.update(chunk.array(), 0, chunk.position());
        return digest.digest();
    }
}
