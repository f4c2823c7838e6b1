package io.sl2a.backend.opencl;

import static org.jocl.CL.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A compiled program's host side on the device the tests use: the context and queue a backend
 * opens, copies at exactly the edge of a buffer or array and one past it, the row counts a run
 * takes, closing, the two gemm kernels on shapes with a tile remainder, whole rays of a volume
 * render, and the kernels a binding keeps for release. Expected values are worked out in the test.
 */
class OpenClProgramTest {
    private static OpenClBackend backend;

    @BeforeAll
    static void openBackend() {
        backend = OpenClTestSupport.openBackend();
    }

    @AfterAll
    static void closeBackend() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    private static String expectedDescription(OpenClBackend opened, int tile, int workPerThread) {
        OpenClDevices.Device device = opened.device();
        return String.format(Locale.ROOT, "opencl: %s (%s), %d compute units, gemm tile %dx%d", device.name(),
                device.platform(), device.computeUnits(), tile, tile)
                + (workPerThread == 1 ? "" : " (" + workPerThread + " per work-item)");
    }

    /** Opened here rather than shared, so that what the constructor does is part of the test. */
    @Test
    void aBackendOpensItsContextAndQueueOnTheSelectedDeviceAndPlatform() {
        OpenClDevices.Handle handle = OpenClDevices.select(OpenClTestSupport.selector());
        try (OpenClBackend opened = new OpenClBackend(OpenClTestSupport.selector())) {
            assertEquals(handle.device(), opened.device());
            cl_device_id queueDevice = new cl_device_id();
            clGetCommandQueueInfo(opened.queue(), CL_QUEUE_DEVICE, Sizeof.cl_device_id, Pointer.to(queueDevice), null);
            assertEquals(handle.id().getNativePointer(), queueDevice.getNativePointer());

            // The context names its platform explicitly: {CL_CONTEXT_PLATFORM, platform, 0}.
            cl_context context = OpenClTestSupport.context(opened);
            long[] size = new long[1];
            clGetContextInfo(context, CL_CONTEXT_PROPERTIES, 0, null, size);
            // cl_context_properties is intptr_t: 8 bytes in a 64-bit JVM.
            assumeTrue(Sizeof.POINTER == 8, "a 32-bit OpenCL library");
            long[] properties = new long[(int) (size[0] / 8)];
            clGetContextInfo(context, CL_CONTEXT_PROPERTIES, size[0], Pointer.to(properties), null);
            long[] platform = new long[1];
            clGetDeviceInfo(handle.id(), CL_DEVICE_PLATFORM, Sizeof.cl_platform_id, Pointer.to(platform), null);
            assertArrayEquals(new long[] {CL_CONTEXT_PLATFORM, platform[0], 0}, properties);

            int[] tiling = OpenClTestSupport.expectedTiling(opened.device());
            assertEquals(tiling[0], opened.kernels().tile());
            assertEquals(tiling[1], opened.kernels().workPerThread());
            assertEquals(expectedDescription(opened, tiling[0], tiling[1]), opened.description());
        }
    }

    /** sl2a.opencl.tile=4 gives one row per work-item, and the tiled product is still right. */
    @Test
    void aForcedTileOfFourSaysSoAndStillMultipliesCorrectly() {
        try (OpenClBackend four = withProperty("sl2a.opencl.tile", "4",
                () -> new OpenClBackend(OpenClTestSupport.selector()))) {
            assertEquals(4, four.kernels().tile());
            assertEquals(1, four.kernels().workPerThread());
            assertEquals(expectedDescription(four, 4, 1), four.description());
            checkGemm(four, "gemm_tiled", false, false, 9, 7, 6, 0.0f);
            checkGemm(four, "gemm_tiled", true, true, 5, 10, 13, 1.0f);
        }
    }

    private static <T> T withProperty(String key, String value, Supplier<T> body) {
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    /** The tiled product on shapes one past a tile and one short of two in each dimension. */
    @Test
    void theTiledProductHandlesATileRemainderInEveryDimension() {
        int tile = backend.kernels().tile();
        checkGemm(backend, "gemm_tiled", false, true, tile + 1, 2 * tile - 1, tile + 3, 1.0f);
        checkGemm(backend, "gemm_tiled", true, false, 2 * tile - 1, tile + 1, 3, 0.0f);
    }

    /** gemm_naive, the measurement baseline, launches one work-item per element in tile x tile groups. */
    @Test
    void theNaiveProductHasItsOwnLaunchShape() {
        int tile = backend.kernels().tile();
        assumeTrue((long) tile * tile <= backend.device().maxWorkGroupSize(),
                "gemm_naive's tile x tile work-groups exceed this device's limit");
        checkGemm(backend, "gemm_naive", false, false, 37, 19, 23, 0.0f);
        checkGemm(backend, "gemm_naive", true, true, 2 * tile + 1, 5, 40, 1.0f);
    }

    /**
     * C (m x n, ldc = n + 3, offset 2) = op(A) op(B) + beta C through {@link OpenClGemm}, with A and B
     * stored with a padding column and an offset each; small integers throughout, so every sum is
     * exact in float and the padding of C must come back untouched.
     */
    private static void checkGemm(OpenClBackend on, String kernelName, boolean transA, boolean transB, int m, int n,
            int k, float beta) {
        int aOffset = 3, bOffset = 1, cOffset = 2;
        int lda = (transA ? m : k) + 2;
        int ldb = (transB ? k : n) + 1;
        int ldc = n + 3;
        float[] a = new float[aOffset + (transA ? k : m) * lda];
        float[] b = new float[bOffset + (transB ? n : k) * ldb];
        float[] c = new float[cOffset + m * ldc];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i * 7 % 11) - 5;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i * 5 % 13) - 6;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = (i % 7) - 3;
        }
        float[] expected = c.clone();
        for (int r = 0; r < m; r++) {
            for (int col = 0; col < n; col++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOffset + p * lda + r] : a[aOffset + r * lda + p];
                    double bv = transB ? b[bOffset + col * ldb + p] : b[bOffset + p * ldb + col];
                    sum += av * bv;
                }
                int at = cOffset + r * ldc + col;
                expected[at] = (float) (sum + beta * c[at]);
            }
        }
        Program program = Program.builder(1).buffer(BufferSpec.fixed("a", BufferRole.INPUT, a.length))
                .buffer(BufferSpec.fixed("b", BufferRole.INPUT, b.length))
                .buffer(BufferSpec.fixed("c", BufferRole.OUTPUT, c.length)).routine("none", List.of()).build();
        OpenClGemm gemm = new OpenClGemm(on.kernels().tile(), on.kernels().workPerThread());
        assertEquals(on.kernels().tile(), gemm.tile());
        try (OpenClProgram compiled = (OpenClProgram) on.compile(program);
                OpenClKernel kernel = on.kernels().create(kernelName)) {
            compiled.write("a", a);
            compiled.write("b", b);
            compiled.write("c", c);
            gemm.enqueue(on.queue(), kernel, transA, transB, m, n, k, compiled.deviceBuffer("a"), aOffset, lda,
                    compiled.deviceBuffer("b"), bOffset, ldb, beta, compiled.deviceBuffer("c"), cOffset, ldc);
            assertArrayEquals(expected, compiled.read("c"),
                    kernelName + " " + m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB);
        }
    }

    /** 4 rows of 2 floats: a (input) copied to b. */
    private static Program copyProgram() {
        return Program.builder(4).buffer(BufferSpec.perRow("a", BufferRole.INPUT, 2))
                .buffer(BufferSpec.perRow("b", BufferRole.OUTPUT, 2))
                .routine("copy", List.of(new Op.Copy("a", "b", 2))).build();
    }

    @Test
    void copiesReachExactlyTheEndOfTheBufferAndOfTheArray() {
        try (CompiledProgram compiled = backend.compile(copyProgram())) {
            float[] source = {-1, -2, 1, 2, 3, 4, 5, 6, 7, 8};
            // All 8 floats of the buffer, from offset 2 to the last element of the array.
            compiled.write("a", source, 2, 8);
            float[] back = new float[10];
            compiled.read("a", back, 2, 8);
            assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, back);
            // Nothing at all, even at the end of an array or from an empty one.
            compiled.write("a", source, 10, 0);
            compiled.write("a", new float[0], 0, 0);
            compiled.read("a", new float[0], 0, 0);
            float[] untouched = {42};
            compiled.read("a", untouched, 1, 0);
            assertArrayEquals(new float[] {42}, untouched);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, compiled.read("a"));
        }
    }

    @Test
    void copiesOnePastTheBufferOrTheArrayAreRefusedBeforeTouchingEither() {
        try (CompiledProgram compiled = backend.compile(copyProgram())) {
            compiled.write("a", new float[] {1, 2, 3, 4, 5, 6, 7, 8});
            // Reads first: past the buffer (the device would refuse too, but not this way) ...
            outOfBounds("buffer a holds 8 floats; cannot copy 9 at array offset 0 of 9",
                    () -> compiled.read("a", new float[9], 0, 9));
            // ... and past the array, which nothing else would catch.
            float[] destination = new float[10];
            outOfBounds("buffer a holds 8 floats; cannot copy 8 at array offset 3 of 10",
                    () -> compiled.read("a", destination, 3, 8));
            assertArrayEquals(new float[10], destination);
            outOfBounds("buffer a holds 8 floats; cannot copy -1 at array offset 0 of 8",
                    () -> compiled.read("a", new float[8], 0, -1));
            outOfBounds("buffer a holds 8 floats; cannot copy 1 at array offset -1 of 8",
                    () -> compiled.read("a", new float[8], -1, 1));

            outOfBounds("buffer a holds 8 floats; cannot copy 9 at array offset 0 of 9",
                    () -> compiled.write("a", new float[9], 0, 9));
            outOfBounds("buffer a holds 8 floats; cannot copy 8 at array offset 3 of 10",
                    () -> compiled.write("a", new float[10], 3, 8));
            outOfBounds("buffer a holds 8 floats; cannot copy -1 at array offset 0 of 8",
                    () -> compiled.write("a", new float[8], 0, -1));
            outOfBounds("buffer a holds 8 floats; cannot copy 1 at array offset -1 of 8",
                    () -> compiled.write("a", new float[8], -1, 1));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, compiled.read("a"));
        }
    }

    private static void outOfBounds(String message, Executable copy) {
        IndexOutOfBoundsException refused = assertThrows(IndexOutOfBoundsException.class, copy);
        assertEquals(message, refused.getMessage());
    }

    @Test
    void aRunTakesFromOneRowToTheProgramsMaximum() {
        try (CompiledProgram compiled = backend.compile(copyProgram())) {
            compiled.write("a", new float[] {1, 2, 3, 4, 5, 6, 7, 8});
            compiled.run("copy", 1, StepScalars.NONE);
            assertArrayEquals(new float[] {1, 2, 0, 0, 0, 0, 0, 0}, compiled.read("b"));
            compiled.run("copy", 4, StepScalars.NONE);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, compiled.read("b"));
            IllegalArgumentException five = assertThrows(IllegalArgumentException.class,
                    () -> compiled.run("copy", 5, StepScalars.NONE));
            assertEquals("rows must be in 1..4: 5", five.getMessage());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> compiled.run("copy", 0, StepScalars.NONE));
            assertEquals("rows must be in 1..4: 0", none.getMessage());
        }
    }

    /** A closed program holds no buffers any more: copies are refused, and closing again does nothing. */
    @Test
    void aClosedProgramRefusesCopiesAndClosesAgainHarmlessly() {
        CompiledProgram compiled = backend.compile(copyProgram());
        compiled.write("a", new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        compiled.run("copy", 4, StepScalars.NONE);
        compiled.close();
        IllegalArgumentException write = assertThrows(IllegalArgumentException.class,
                () -> compiled.write("a", new float[8]));
        assertEquals("no buffer named a", write.getMessage());
        IllegalArgumentException read = assertThrows(IllegalArgumentException.class,
                () -> compiled.read("b", new float[8], 0, 8));
        assertEquals("no buffer named b", read.getMessage());
        assertDoesNotThrow(compiled::close);
        // The backend is unaffected: a new program runs.
        try (CompiledProgram again = backend.compile(copyProgram())) {
            again.write("a", new float[] {8, 7, 6, 5, 4, 3, 2, 1});
            again.run("copy", 4, StepScalars.NONE);
            assertArrayEquals(new float[] {8, 7, 6, 5, 4, 3, 2, 1}, again.read("b"));
        }
    }

    /**
     * Rays of two samples, every sample of raw density 0 (sigma 1) and raw colour 0 (0.5) with
     * delta ln 2: alpha 1/2, weights 1/2 and 1/4, so opacity 3/4, colour 3/4 * 1/2 + 1/4 * 1 (white
     * background) = 5/8, depth t0/2 + t1/4. A batch renders its whole rays only.
     */
    @Test
    void aVolumeRenderRendersExactlyTheWholeRaysOfTheBatch() {
        Program program = Program.builder(4).buffer(BufferSpec.perRow("field", BufferRole.INPUT, 4))
                .buffer(BufferSpec.perRow("t", BufferRole.INPUT, 1))
                .buffer(BufferSpec.perRow("delta", BufferRole.INPUT, 1))
                .buffer(BufferSpec.perRow("rgb", BufferRole.OUTPUT, 3))
                .buffer(BufferSpec.perRow("opacity", BufferRole.OUTPUT, 1))
                .buffer(BufferSpec.perRow("depth", BufferRole.OUTPUT, 1))
                .routine("render", List.of(new Op.VolumeRender("field", "t", "delta", "rgb", "opacity", "depth", 2,
                        1.0f))).build();
        float ln2 = (float) Math.log(2);
        try (CompiledProgram compiled = backend.compile(program)) {
            compiled.write("t", new float[] {1, 2, 3, 4});
            compiled.write("delta", new float[] {ln2, ln2, ln2, ln2});
            // Exactly one ray.
            compiled.run("render", 2, StepScalars.NONE);
            assertArrayEquals(new float[] {0.75f, 0, 0, 0}, compiled.read("opacity"), 1e-6f);
            assertArrayEquals(new float[] {1.0f, 0, 0, 0}, compiled.read("depth"), 1e-6f);
            float[] rgb = compiled.read("rgb");
            assertArrayEquals(new float[] {0.625f, 0.625f, 0.625f, 0, 0, 0}, java.util.Arrays.copyOf(rgb, 6), 1e-6f);
            // One ray and half of another: the half is left alone.
            compiled.run("render", 3, StepScalars.NONE);
            assertArrayEquals(new float[] {0.75f, 0, 0, 0}, compiled.read("opacity"), 1e-6f);
            // Two rays.
            compiled.run("render", 4, StepScalars.NONE);
            assertArrayEquals(new float[] {0.75f, 0.75f, 0, 0}, compiled.read("opacity"), 1e-6f);
            assertArrayEquals(new float[] {1.0f, 2.5f, 0, 0}, compiled.read("depth"), 1e-6f);
            // Less than one ray: nothing rendered, nothing launched.
            compiled.write("opacity", new float[] {-1, -1, -1, -1});
            compiled.run("render", 1, StepScalars.NONE);
            assertArrayEquals(new float[] {-1, -1, -1, -1}, compiled.read("opacity"));
        }
    }

    /** Each binding creates its own kernel object, and the binder keeps every one for the program to release. */
    @Test
    void everyKernelABindingCreatesIsKeptForRelease() {
        Program program = copyProgram();
        OpenClBuffers buffers = new OpenClBuffers(OpenClTestSupport.context(backend), backend.queue(),
                backend.device(), program, OpenClOpBinder.Scratch.of(program));
        OpenClOpBinder binder = new OpenClOpBinder(backend.queue(), backend.kernels(), buffers, program.maxRows());
        try {
            assertEquals(List.of(), binder.created());
            OpenClOpBinder.Step copy = binder.bind(new Op.Copy("a", "b", 2));
            assertEquals(List.of("copy"), binder.created().stream().map(OpenClKernel::name).toList());
            binder.bind(new Op.Copy("b", "a", 2));
            assertEquals(List.of("copy", "copy"), binder.created().stream().map(OpenClKernel::name).toList());
            buffers.write(backend.queue(), "a", new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
            copy.enqueue(3, StepScalars.NONE);
            float[] b = new float[8];
            buffers.read(backend.queue(), "b", b, 0, 8);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 0, 0}, b);
        } finally {
            binder.created().forEach(OpenClKernel::close);
            buffers.close();
        }
    }
}
