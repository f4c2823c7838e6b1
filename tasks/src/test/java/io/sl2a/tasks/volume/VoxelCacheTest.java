package io.sl2a.tasks.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoxelCacheTest {
    private static final int N = 20;

    @TempDir
    Path dir;

    private final TriangleMesh torus = TestMeshes.torus(1, 0.35, 32, 16);
    private final AtomicInteger updates = new AtomicInteger();
    private final Voxeliser.Progress counting = (done, total) -> updates.incrementAndGet();

    @Test
    void secondLookupReadsTheFileInsteadOfVoxelising() throws IOException {
        Path cache = dir.resolve(VoxelCache.fileName(Path.of("some/torus.obj"), N));
        assertEquals("torus.obj.20.voxels", cache.getFileName().toString());
        VoxelCache.Lookup first = VoxelCache.voxelise(torus, N, cache, counting);
        assertFalse(first.fromCache());
        assertEquals(null, first.notSaved());
        assertTrue(updates.get() > 0);
        assertTrue(Files.exists(cache));

        updates.set(0);
        VoxelCache.Lookup second = VoxelCache.voxelise(torus, N, cache, counting);
        assertTrue(second.fromCache());
        assertEquals(0, updates.get(), "a cache hit must not voxelise");
        assertArrayEquals(first.grid().occupancy(), second.grid().occupancy());
        assertEquals(first.grid().frame(), second.grid().frame());
        assertEquals(first.grid().disputedCount(), second.grid().disputedCount());
        assertArrayEquals(Voxeliser.voxelise(torus, N, Voxeliser.SILENT).occupancy(), second.grid().occupancy());
    }

    @Test
    void corruptedFileIsRecomputedAndReplaced() throws IOException {
        Path cache = dir.resolve("torus.voxels");
        boolean[] expected = VoxelCache.voxelise(torus, N, cache, counting).grid().occupancy();
        byte[] bytes = Files.readAllBytes(cache);
        bytes[bytes.length / 2] ^= 0x10; // one flipped bit among the occupancy
        Files.write(cache, bytes);

        updates.set(0);
        VoxelCache.Lookup again = VoxelCache.voxelise(torus, N, cache, counting);
        assertFalse(again.fromCache());
        assertTrue(updates.get() > 0);
        assertArrayEquals(expected, again.grid().occupancy());
        assertTrue(VoxelCache.voxelise(torus, N, cache, counting).fromCache(), "the rewritten file should be used");
    }

    @Test
    void truncatedOrForeignFilesAreIgnored() throws IOException {
        Path cache = dir.resolve("torus.voxels");
        VoxelCache.voxelise(torus, N, cache, counting);
        byte[] bytes = Files.readAllBytes(cache);
        Files.write(cache, Arrays.copyOf(bytes, bytes.length - 1));
        assertFalse(VoxelCache.voxelise(torus, N, cache, counting).fromCache());
        Files.writeString(cache, "not a cache at all");
        assertFalse(VoxelCache.voxelise(torus, N, cache, counting).fromCache());
    }

    @Test
    void anotherMeshOrSideIsAMiss() throws IOException {
        Path cache = dir.resolve("shared.voxels");
        VoxelCache.voxelise(torus, N, cache, counting);
        TriangleMesh thinner = TestMeshes.torus(1, 0.3, 32, 16);
        VoxelCache.Lookup other = VoxelCache.voxelise(thinner, N, cache, counting);
        assertFalse(other.fromCache());
        assertArrayEquals(Voxeliser.voxelise(thinner, N, Voxeliser.SILENT).occupancy(), other.grid().occupancy());
        assertFalse(VoxelCache.voxelise(thinner, N + 1, cache, counting).fromCache());
    }

    @Test
    void unwritableCacheStillGivesTheGrid() throws IOException {
        Path blocked = Files.createDirectory(dir.resolve("in-the-way"));
        Files.writeString(blocked.resolve("child"), "keeps the directory non-empty");
        VoxelCache.Lookup lookup = VoxelCache.voxelise(torus, N, blocked, counting);
        assertFalse(lookup.fromCache());
        assertTrue(lookup.notSaved().startsWith("cannot write voxel cache " + blocked), lookup.notSaved());
        assertArrayEquals(Voxeliser.voxelise(torus, N, Voxeliser.SILENT).occupancy(), lookup.grid().occupancy());
    }

    @Test
    void hashFollowsTheGeometry() {
        assertArrayEquals(VoxelCache.hash(torus), VoxelCache.hash(TestMeshes.torus(1, 0.35, 32, 16)));
        assertFalse(Arrays.equals(VoxelCache.hash(torus), VoxelCache.hash(TestMeshes.reversed(torus))));
    }
}
