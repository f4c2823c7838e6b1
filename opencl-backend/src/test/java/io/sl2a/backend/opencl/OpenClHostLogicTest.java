package io.sl2a.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.backend.DeviceMemoryException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The host-side arithmetic and text of the backend that needs no device: the gemm tiling chosen
 * for a device's limits, the device-memory check, the row chunking of two-stage sums and scatters,
 * and the text {@code sl2a devices} prints. Devices here are made-up records; every expected value
 * is worked out by hand in the comments.
 */
class OpenClHostLogicTest {

    /** A device with the given work-group and local-memory limits (the rest does not matter here). */
    private static OpenClDevices.Device device(long maxWorkGroupSize, long localMemory) {
        return new OpenClDevices.Device(0, "Test Platform", "Test Device", "Test Vendor", "GPU", 8, 1L << 30,
                1L << 28, maxWorkGroupSize, localMemory);
    }

    /** Runs {@code body} with sl2a.opencl.tile / sl2a.opencl.wpt set (null: unset), restoring both after. */
    private static <T> T withTiling(Integer tile, Integer wpt, Supplier<T> body) {
        String oldTile = System.getProperty("sl2a.opencl.tile");
        String oldWpt = System.getProperty("sl2a.opencl.wpt");
        try {
            set("sl2a.opencl.tile", tile == null ? null : tile.toString());
            set("sl2a.opencl.wpt", wpt == null ? null : wpt.toString());
            return body.get();
        } finally {
            set("sl2a.opencl.tile", oldTile);
            set("sl2a.opencl.wpt", oldWpt);
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static int[] tiling(OpenClDevices.Device device) {
        return withTiling(null, null, () -> OpenClBackend.tiling(device));
    }

    // Tile t with t/4 rows per work-item: a work-group of t x 4 work-items, and two t x (t+1)
    // float tiles of local memory: t=32: 128 items, 8448 bytes; t=16: 64, 2176; t=8: 32, 576;
    // t=4 (one row each): 16, 160.

    @Test
    void aRoomyDeviceGetsTheLargestTile() {
        assertArrayEquals(new int[] {32, 8}, tiling(device(4096, 1 << 20)));
    }

    @Test
    void aTileThatExactlyFillsTheWorkGroupAndLocalMemoryIsTaken() {
        assertArrayEquals(new int[] {32, 8}, tiling(device(128, 8448)));
        assertArrayEquals(new int[] {16, 4}, tiling(device(64, 2176)));
        assertArrayEquals(new int[] {8, 2}, tiling(device(32, 576)));
        assertArrayEquals(new int[] {4, 1}, tiling(device(16, 160)));
    }

    @Test
    void oneWorkItemOrOneByteShortHalvesTheTile() {
        assertArrayEquals(new int[] {16, 4}, tiling(device(127, 1 << 20)));
        assertArrayEquals(new int[] {16, 4}, tiling(device(4096, 8447)));
        assertArrayEquals(new int[] {8, 2}, tiling(device(63, 1 << 20)));
        assertArrayEquals(new int[] {8, 2}, tiling(device(4096, 2175)));
        assertArrayEquals(new int[] {4, 1}, tiling(device(31, 1 << 20)));
    }

    @Test
    void aDeviceTooSmallForATileOfFourIsRefusedWithItsLimits() {
        // A tile of 4 needs 16 work-items; 2 would need only 4, but 4 is the smallest tile tried.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> tiling(device(15, 1 << 20)));
        assertEquals("gemm tile 4 with 1 rows per work-item does not fit Test Device (work-groups of at most 15,"
                + " 1048576 bytes of local memory; the tile must be a multiple of sl2a.opencl.wpt)",
                refused.getMessage());
        IllegalArgumentException noLocal = assertThrows(IllegalArgumentException.class,
                () -> tiling(device(4096, 159)));
        assertEquals("gemm tile 4 with 1 rows per work-item does not fit Test Device (work-groups of at most 4096,"
                + " 159 bytes of local memory; the tile must be a multiple of sl2a.opencl.wpt)", noLocal.getMessage());
    }

    @Test
    void forcedTilesAndRowsPerWorkItemAreTakenAsGiven() {
        OpenClDevices.Device roomy = device(4096, 1 << 20);
        // The smallest tile there is: one work-item computing one element.
        assertArrayEquals(new int[] {1, 1}, withTiling(1, null, () -> OpenClBackend.tiling(roomy)));
        assertArrayEquals(new int[] {8, 2}, withTiling(8, null, () -> OpenClBackend.tiling(roomy)));
        // One row per work-item: 8 x 8 = 64 work-items.
        assertArrayEquals(new int[] {8, 1}, withTiling(8, 1, () -> OpenClBackend.tiling(roomy)));
        // 64 with 16 rows each: 64 x 4 = 256 work-items, 2*64*65*4 = 33280 bytes.
        assertArrayEquals(new int[] {64, 16}, withTiling(64, null, () -> OpenClBackend.tiling(roomy)));
    }

    @Test
    void aForcedRowsPerWorkItemStillPicksTheTileThatFits() {
        // 2 rows per work-item: a tile t needs t*t/2 work-items; 32 -> 512, 16 -> 128.
        assertArrayEquals(new int[] {32, 2}, withTiling(null, 2, () -> OpenClBackend.tiling(device(512, 1 << 20))));
        assertArrayEquals(new int[] {16, 2}, withTiling(null, 2, () -> OpenClBackend.tiling(device(256, 1 << 20))));
    }

    @Test
    void forcedTilingsThatCannotWorkAreRefused() {
        OpenClDevices.Device roomy = device(4096, 1 << 20);
        // 12 is not a multiple of 8.
        assertThrows(IllegalArgumentException.class, () -> withTiling(12, 8, () -> OpenClBackend.tiling(roomy)));
        assertThrows(IllegalArgumentException.class, () -> withTiling(0, 1, () -> OpenClBackend.tiling(roomy)));
        assertThrows(IllegalArgumentException.class, () -> withTiling(8, 0, () -> OpenClBackend.tiling(roomy)));
        // 64 with one row each is 4096 work-items: one more than this device allows.
        assertThrows(IllegalArgumentException.class,
                () -> withTiling(64, 1, () -> OpenClBackend.tiling(device(4095, 1 << 20))));
    }

    // Device memory: 4 MiB per buffer (2^20 floats), 8 MiB in all.
    private static final OpenClDevices.Device SMALL = new OpenClDevices.Device(0, "Test Platform", "Small Device",
            "Test Vendor", "GPU", 1, 8L << 20, 4L << 20, 256, 1 << 15);

    private static Map<String, Long> wanted(Object... nameAndFloats) {
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (int i = 0; i < nameAndFloats.length; i += 2) {
            wanted.put((String) nameAndFloats[i], ((Number) nameAndFloats[i + 1]).longValue());
        }
        return wanted;
    }

    @Test
    void aBufferOfExactlyTheLargestAllocationFitsAndOneFloatMoreDoesNot() {
        OpenClOpBinder.Scratch none = new OpenClOpBinder.Scratch(0, 0);
        assertDoesNotThrow(() -> OpenClBuffers.checkFits(SMALL, wanted("a", 1 << 20), none));
        DeviceMemoryException refused = assertThrows(DeviceMemoryException.class,
                () -> OpenClBuffers.checkFits(SMALL, wanted("ok", 1, "big", (1 << 20) + 1), none));
        // 4 MiB and 4 bytes, rounded up to whole MiB.
        assertEquals("buffer big needs 5 MiB but Small Device allocates at most 4 MiB per buffer",
                refused.getMessage());
    }

    @Test
    void buffersFillingExactlyTheDeviceMemoryFitAndOneFloatMoreDoesNot() {
        // 4 MiB + 3 MiB + 1 MiB of scratch = 8 MiB: all of it.
        OpenClOpBinder.Scratch basisOnly = new OpenClOpBinder.Scratch(1 << 18, 0);
        assertDoesNotThrow(() -> OpenClBuffers.checkFits(SMALL, wanted("a", 1 << 20, "b", 3 << 18,
                OpenClBuffers.BASIS, 1 << 18, OpenClBuffers.PARTIAL_A, 0, OpenClBuffers.PARTIAL_B, 0), basisOnly));
        // One float of partial sums each on top: 8 MiB and 8 bytes in all (9 MiB rounded up), of which
        // 1 MiB and 8 bytes scratch (2 MiB rounded up).
        OpenClOpBinder.Scratch withPartials = new OpenClOpBinder.Scratch(1 << 18, 1);
        DeviceMemoryException refused = assertThrows(DeviceMemoryException.class, () -> OpenClBuffers.checkFits(
                SMALL, wanted("a", 1 << 20, "b", 3 << 18, OpenClBuffers.BASIS, 1 << 18, OpenClBuffers.PARTIAL_A, 1,
                        OpenClBuffers.PARTIAL_B, 1), withPartials));
        assertEquals("program needs 9 MiB of device memory (2 MiB of it scratch) but Small Device has 8 MiB",
                refused.getMessage());
    }

    @Test
    void chunkRowsIsTheCeilingOfRowsOverChunks() {
        assertEquals(3, OpenClOpContext.chunkRows(10, 4));
        assertEquals(2, OpenClOpContext.chunkRows(8, 4));
        assertEquals(1, OpenClOpContext.chunkRows(1, 64));
        assertEquals(1, OpenClOpContext.chunkRows(64, 64));
        assertEquals(2, OpenClOpContext.chunkRows(65, 64));
        assertEquals(257, OpenClOpContext.chunkRows(16400, 64));
    }

    @Test
    void scatterChunksAreBoundedByTheirCountTheRowsAndTheScratchMemory() {
        // 32 chunks of a small table.
        assertEquals(32, OpenClGridOps.scatterChunks(100, 1000));
        // Never more chunks than rows.
        assertEquals(5, OpenClGridOps.scatterChunks(100, 5));
        // 16 Mi floats of partial tables: 16 tables of 1 Mi floats.
        assertEquals(16, OpenClGridOps.scatterChunks(1 << 20, 1000));
        assertEquals(3, OpenClGridOps.scatterChunks(5_000_000, 1000));
        // A table larger than all of it still gets one chunk.
        assertEquals(1, OpenClGridOps.scatterChunks(1L << 30, 1000));
    }

    @Test
    void aDeviceLineShowsMemoryInMiBAndLocalMemoryInKiB() {
        OpenClDevices.Device device = new OpenClDevices.Device(3, "Some Platform", "Some GPU", "Some Vendor", "GPU+CPU",
                80, (5L << 30) + 123, (2L << 30) + 7, 1024, (48L << 10) + 5);
        assertEquals("3: Some GPU (Some Platform, Some Vendor), GPU+CPU, 80 compute units, 5120 MiB global"
                + " (2048 MiB per buffer), work-group 1024, 48 KiB local", device.toString());
    }

    @Test
    void oneLineFoldsWhitespaceAndNull() {
        assertEquals("", OpenClDevices.oneLine(null));
        assertEquals("no platform found: CL_PLATFORM_NOT_FOUND_KHR",
                OpenClDevices.oneLine("  no platform\n found:\t\tCL_PLATFORM_NOT_FOUND_KHR \n"));
    }

    /** Driver strings end at their first NUL; one that fills its buffer without any is kept whole. */
    @Test
    void driverStringsEndAtTheirFirstNul() throws Exception {
        Method cString = OpenClDevices.class.getDeclaredMethod("cString", byte[].class);
        cString.setAccessible(true);
        assertEquals("Portable Computing Language",
                cString.invoke(null, (Object) "Portable Computing Language\0".getBytes(StandardCharsets.UTF_8)));
        assertEquals("name", cString.invoke(null, (Object) " name \0 junk\0".getBytes(StandardCharsets.UTF_8)));
        assertEquals("unterminated", cString.invoke(null, (Object) "unterminated ".getBytes(StandardCharsets.UTF_8)));
        assertEquals("", cString.invoke(null, (Object) new byte[0]));
    }
}
