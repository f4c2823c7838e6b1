package io.sl2a.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * cblas_sgemm of a native OpenBLAS called through the FFM API. The heap arrays are passed
 * directly (a critical downcall that allows heap access), so nothing is copied.
 */
public final class OpenBlasSgemm implements Sgemm {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANSPOSE = 111;
    private static final int TRANSPOSE = 112;

    /** Where Debian-like systems keep OpenBLAS; the dynamic loader's search comes first. */
    private static final List<String> CANDIDATES = List.of(
            "libopenblas.so.0",
            "libopenblas.so",
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
            "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0",
            "/usr/lib64/libopenblas.so.0",
            "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
            "/usr/local/opt/openblas/lib/libopenblas.dylib");

    private final MethodHandle sgemm;
    private final MethodHandle setThreads;
    private final String library;
    /** OpenBLAS's own thread count, as last set here (it is one setting for the whole process). */
    private int threads = 1;

    private OpenBlasSgemm(MethodHandle sgemm, MethodHandle setThreads, String library) {
        this.sgemm = sgemm;
        this.setThreads = setThreads;
        this.library = library;
    }

    /**
     * Sets how many threads of its own OpenBLAS uses for the next products (1 after load); call
     * it from the thread that calls {@link #sgemm}, never while another thread is inside one.
     */
    public void useThreads(int count) {
        if (count == threads) {
            return;
        }
        try {
            setThreads.invokeExact(count);
        } catch (Throwable e) {
            throw new IllegalStateException("openblas_set_num_threads failed", e);
        }
        threads = count;
    }

    /**
     * Loads OpenBLAS and makes it single-threaded (callers partition products over their own
     * threads, see {@link PartitionedSgemm}); empty when no OpenBLAS is found.
     */
    public static Optional<OpenBlasSgemm> load() {
        Linker linker = Linker.nativeLinker();
        for (String candidate : CANDIDATES) {
            if (candidate.startsWith("/") && !Files.exists(Path.of(candidate))) {
                continue;
            }
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
            } catch (IllegalArgumentException notFound) {
                continue;
            }
            Optional<MemorySegment> gemm = lookup.find("cblas_sgemm");
            Optional<MemorySegment> setThreads = lookup.find("openblas_set_num_threads");
            if (gemm.isEmpty() || setThreads.isEmpty()) {
                continue;
            }
            MethodHandle threadsHandle = linker.downcallHandle(setThreads.get(),
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
            try {
                threadsHandle.invokeExact(1);
            } catch (Throwable e) {
                continue;
            }
            FunctionDescriptor descriptor = FunctionDescriptor.ofVoid(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);
            MethodHandle handle = linker.downcallHandle(gemm.get(), descriptor, Linker.Option.critical(true));
            return Optional.of(new OpenBlasSgemm(handle, threadsHandle, candidate));
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "openblas(" + library + ")";
    }

    @Override
    public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, float[] a, int aOffset,
            int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        // Native code does no bounds checks: a product that would reach past an array is refused
        // here rather than reading (or writing) whatever lies beyond it.
        requireInside("A", a, aOffset, transposeA ? k : m, transposeA ? m : k, lda);
        requireInside("B", b, bOffset, transposeB ? n : k, transposeB ? k : n, ldb);
        requireInside("C", c, cOffset, m, n, ldc);
        try {
            sgemm.invokeExact(ROW_MAJOR, transposeA ? TRANSPOSE : NO_TRANSPOSE, transposeB ? TRANSPOSE : NO_TRANSPOSE,
                    m, n, k, alpha, slice(a, aOffset), lda, slice(b, bOffset), ldb, beta, slice(c, cOffset), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cblas_sgemm failed", e);
        }
    }

    private static void requireInside(String name, float[] array, int offset, int rows, int columns, int stride) {
        if (rows <= 0 || columns <= 0) {
            return;
        }
        long last = offset + (long) (rows - 1) * stride + (columns - 1);
        if (offset < 0 || columns > stride || last >= array.length) {
            throw new IllegalStateException("sgemm operand " + name + " (" + rows + "x" + columns + ", stride " + stride
                    + ", offset " + offset + ") does not fit its array of " + array.length + " floats");
        }
    }

    private static MemorySegment slice(float[] array, int offset) {
        MemorySegment whole = MemorySegment.ofArray(array);
        return offset == 0 ? whole : whole.asSlice(4L * offset);
    }
}
