package io.sl2a.backend.cpu;

import static io.sl2a.kernels.TestSupport.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenBlasSgemm} and {@link AdaptiveOpenBlasSgemm} as OpenBLAS sees them: how many threads
 * of its own OpenBLAS is set to use (read back through {@code openblas_get_num_threads}) after
 * loading and after each product, and the operands it refuses before the native call (which does
 * no bounds checks). Skipped without OpenBLAS.
 *
 * <p>The adaptive product runs a program of small products (its largest at most 2^28
 * multiply-adds) on OpenBLAS's own threads from 2^20 multiply-adds up, and everything else on one
 * OpenBLAS thread, split over our pool: each case checks the thread count and the values against
 * a double-precision product.
 */
class OpenBlasThreadsTest {
    private OpenBlasSgemm blas;
    private MethodHandle getThreads;
    private MethodHandle setThreads;

    @BeforeEach
    void load() throws Throwable {
        Optional<OpenBlasSgemm> loaded = OpenBlasSgemm.load();
        assumeTrue(loaded.isPresent(), "OpenBLAS (libopenblas.so.0) not found");
        blas = loaded.get();
        String name = blas.name();
        assertTrue(name.startsWith("openblas(") && name.endsWith(")"), name);
        SymbolLookup lookup = SymbolLookup.libraryLookup(name.substring("openblas(".length(), name.length() - 1),
                Arena.global());
        Linker linker = Linker.nativeLinker();
        getThreads = linker.downcallHandle(lookup.find("openblas_get_num_threads").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        setThreads = linker.downcallHandle(lookup.find("openblas_set_num_threads").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        // OpenBLAS may be capped below 2 threads on a small machine: nothing to see then.
        setThreads(2);
        assumeTrue(threads() == 2, "OpenBLAS cannot use 2 threads here");
        setThreads(1);
    }

    @AfterEach
    void oneThreadAgain() throws Throwable {
        if (setThreads != null) {
            setThreads(1); // as every other test's OpenBlasSgemm expects it
        }
    }

    private int threads() throws Throwable {
        return (int) getThreads.invokeExact();
    }

    private void setThreads(int count) throws Throwable {
        setThreads.invokeExact(count);
    }

    @Test
    void loadingSetsOneThread() throws Throwable {
        setThreads(2);
        OpenBlasSgemm again = OpenBlasSgemm.load().orElseThrow();
        assertEquals(1, threads());
        assertEquals(blas.name(), again.name());
    }

    @Test
    void theLoaderFindsTheLibraryByItsSonameFirst() {
        boolean bySoname;
        try {
            SymbolLookup.libraryLookup("libopenblas.so.0", Arena.global());
            bySoname = true;
        } catch (IllegalArgumentException notFound) {
            bySoname = false;
        }
        assumeTrue(bySoname, "libopenblas.so.0 is not on the loader's path");
        assertEquals("openblas(libopenblas.so.0)", blas.name());
    }

    @Test
    void useThreadsSetsOpenBlasOwnThreads() throws Throwable {
        blas.useThreads(2);
        assertEquals(2, threads());
        blas.useThreads(1);
        assertEquals(1, threads());
    }

    /** Runs {@code gemm} on an m x n x k product (A transposed) and checks C against a double product. */
    private static void product(Sgemm gemm, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = new float[k * m]; // stored k x m
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (float[] values : new float[][] {a, b, c}) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (2.0 * random.nextDouble() - 1.0);
            }
        }
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.5 * c[i * n + j];
                for (int p = 0; p < k; p++) {
                    sum += 0.75 * a[p * m + i] * (double) b[p * n + j];
                }
                expected[i * n + j] = sum;
            }
        }
        gemm.sgemm(true, false, m, n, k, 0.75f, a, 0, m, b, 0, n, 0.5f, c, 0, n);
        assertClose(expected, c, 1e-5, gemm.name() + " " + m + "x" + n + "x" + k);
    }

    @Test
    void smallProductsOfASmallProgramRunOnOpenBlasThreads() throws Throwable {
        try (ParallelFor two = new ParallelFor(2); ParallelFor one = new ParallelFor(1)) {
            AdaptiveOpenBlasSgemm general = new AdaptiveOpenBlasSgemm(blas, two);
            assertSame(blas, general.blas());
            assertEquals(blas.name() + " x 2 threads (its own for small batches, ours for large)", general.name());
            AdaptiveOpenBlasSgemm small = general.forLargestProduct(AdaptiveOpenBlasSgemm.OWN_THREADS_UP_TO, two);
            AdaptiveOpenBlasSgemm large = general.forLargestProduct(AdaptiveOpenBlasSgemm.OWN_THREADS_UP_TO + 1, two);
            assertEquals(1L << 20, AdaptiveOpenBlasSgemm.ONE_THREAD_BELOW);

            product(small, 64, 128, 128); // 2^20 multiply-adds
            assertEquals(2, threads(), "2^20 multiply-adds of a small program");
            product(small, 75, 341, 41); // 2^20 - 1
            assertEquals(1, threads(), "2^20 - 1 multiply-adds");
            product(small, 128, 128, 64);
            assertEquals(2, threads());
            product(large, 64, 128, 128);
            assertEquals(1, threads(), "a product of a program with larger ones");
            product(small, 128, 64, 128);
            assertEquals(2, threads());
            product(general, 64, 128, 128);
            assertEquals(1, threads(), "a product of a program of unknown size");
            product(small, 64, 128, 128);
            assertEquals(2, threads());
            product(general.forLargestProduct(1000, one), 64, 128, 128);
            assertEquals(1, threads(), "a pool of one thread");
        }
    }

    /**
     * A backend on OpenBLAS with a program of small products: a whole run's product of 2^20
     * multiply-adds runs on OpenBLAS's threads, and a run in row chunks sets it back to one thread
     * before the cores each call it (two threaded calls at once would oversubscribe the cores).
     */
    @Test
    void aRunInRowChunksUsesOneOpenBlasThreadACore() throws Throwable {
        int width = 256;
        io.sl2a.program.Program program = io.sl2a.program.Program.builder(64)
                .buffer(ChunkablePrograms.row("x", io.sl2a.program.BufferRole.INPUT, width))
                .buffer(ChunkablePrograms.fixed("w", io.sl2a.program.BufferRole.PARAMETER, width * width))
                .buffer(ChunkablePrograms.row("y", io.sl2a.program.BufferRole.OUTPUT, width))
                .routine("r", java.util.List.of(new io.sl2a.program.Op.MatMul("x", false, "w", false, "y",
                        io.sl2a.program.Extent.rows(), io.sl2a.program.Extent.of(width),
                        io.sl2a.program.Extent.of(width), false)))
                .build();
        java.util.Map<String, float[]> initial = ChunkablePrograms.initial(program, 9);
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.OPENBLAS, 4);
                io.sl2a.backend.CompiledProgram compiled = backend.compile(program)) {
            initial.forEach(compiled::write);
            compiled.run("r", 16, io.sl2a.program.StepScalars.NONE);
            assertEquals(2, threads(), "a whole product of 2^20 multiply-adds");
            assertTrue(((CpuProgram) compiled).runsChunked("r", 64));
            compiled.run("r", 64, io.sl2a.program.StepScalars.NONE);
            assertEquals(1, threads(), "after a run in row chunks");
            java.util.Map<String, float[]> expected = ChunkablePrograms.copy(initial);
            ChunkablePrograms.reference(program, "r", expected, 64, io.sl2a.program.StepScalars.NONE);
            assertClose(expected.get("y"), compiled.read("y"), 1e-5, "y");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Operands refused before the native call

    /** Calls the product with A (m x k, or k x m transposed) in an array of {@code aLength} at {@code aOffset}. */
    private void productWithA(boolean transposeA, int aOffset, int lda, int aLength) {
        int m = 3;
        int n = 4;
        int k = 5;
        float[] a = new float[aLength];
        Arrays.fill(a, 1.0f);
        float[] b = new float[k * n];
        Arrays.fill(b, 1.0f);
        float[] c = new float[m * n];
        blas.sgemm(transposeA, false, m, n, k, 1.0f, a, aOffset, lda, b, 0, n, 0.0f, c, 0, n);
        float[] fives = new float[m * n];
        Arrays.fill(fives, 5.0f);
        assertClose(fives, c, 0.0, "C");
    }

    private void assertRefused(String message, Runnable product) {
        IllegalStateException e = assertThrows(IllegalStateException.class, product::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void anOperandThatFitsItsArrayExactlyIsTaken() {
        productWithA(false, 0, 5, 15);
        productWithA(false, 2, 5, 17);
        productWithA(false, 2, 7, 2 + 2 * 7 + 5);
        productWithA(true, 0, 3, 15);
        productWithA(true, 4, 3, 19);
    }

    @Test
    void anOperandPastItsArrayIsRefused() {
        assertRefused("sgemm operand A (3x5, stride 5, offset 0) does not fit its array of 14 floats",
                () -> productWithA(false, 0, 5, 14));
        assertRefused("sgemm operand A (3x5, stride 5, offset 2) does not fit its array of 16 floats",
                () -> productWithA(false, 2, 5, 16));
        assertRefused("sgemm operand A (3x5, stride 7, offset 2) does not fit its array of 20 floats",
                () -> productWithA(false, 2, 7, 20));
        assertRefused("sgemm operand A (5x3, stride 3, offset 4) does not fit its array of 18 floats",
                () -> productWithA(true, 4, 3, 18));
        assertRefused("sgemm operand A (3x5, stride 4, offset 0) does not fit its array of 100 floats",
                () -> productWithA(false, 0, 4, 100));
        assertRefused("sgemm operand A (3x5, stride 5, offset -1) does not fit its array of 100 floats",
                () -> productWithA(false, -1, 5, 100));
        float[] c = new float[11];
        float[] before = c.clone();
        assertRefused("sgemm operand C (3x4, stride 4, offset 0) does not fit its array of 11 floats",
                () -> blas.sgemm(false, false, 3, 4, 5, 1.0f, new float[15], 0, 5, new float[20], 0, 4, 0.0f, c, 0, 4));
        assertTrue(Arrays.equals(before, c), "C written by a refused product");
        assertRefused("sgemm operand B (4x5, stride 5, offset 1) does not fit its array of 20 floats",
                () -> blas.sgemm(false, true, 3, 4, 5, 1.0f, new float[15], 0, 5, new float[20], 1, 5, 0.0f,
                        new float[12], 0, 4));
        assertRefused("sgemm operand B (5x4, stride 4, offset 0) does not fit its array of 19 floats",
                () -> blas.sgemm(false, false, 3, 4, 5, 1.0f, new float[15], 0, 5, new float[19], 0, 4, 0.0f,
                        new float[12], 0, 4));
    }
}
