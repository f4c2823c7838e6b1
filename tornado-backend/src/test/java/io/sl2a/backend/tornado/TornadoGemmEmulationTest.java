package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.KernelContext;

/**
 * {@link TornadoGemm#gemm}'s Java body on the JVM, no TornadoVM device: the kernel runs over its
 * grid as OpenCL would run it, one thread per work-item of a work-group, {@code localBarrier} a real
 * barrier of the group, {@code allocateFloatLocalArray} one array shared by the group (filled with
 * NaN, so an element read before it is staged shows), the ids set in each work-item's
 * {@link KernelContext} (its fields are final: set by reflection). Checks the arithmetic against a
 * double-precision product for every transpose case, odd sizes, partial tiles, row-count extents
 * below the grid's size, overwriting (C full of NaN: it must not be read) and accumulating.
 *
 * <p>Isolation: the work-items' context is a subclass of KernelContext that overrides its methods.
 * Loaded next to TornadoVM, such a subclass (or HotSpot's profile of the kernel called with it)
 * stops TornadoVM's compiler from recognising {@code allocateFloatLocalArray} in every kernel
 * compiled later in the JVM ("address origin unimplemented: InvokeNode", or this test's code inlined
 * into the kernel). So the emulator runs in a class loader of its own that defines its own copies of
 * {@link TornadoGemm} and {@link KernelContext} from the same class files: the real classes are
 * neither subclassed nor run here.
 */
class TornadoGemmEmulationTest {
    private static final double TOLERANCE = 1e-5;
    private static final Method RUN = isolatedEmulator();

    /** {@link Emulator#run} from the isolated copies (see the class comment). */
    private static Method isolatedEmulator() {
        String emulator = Emulator.class.getName();
        List<String> copied = List.of(TornadoGemm.class.getName(), KernelContext.class.getName());
        ClassLoader parent = TornadoGemmEmulationTest.class.getClassLoader();
        ClassLoader isolated = new ClassLoader("isolated-gemm", parent) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (!copied.contains(className) && !className.startsWith(emulator)) {
                    return super.loadClass(className, resolve);
                }
                synchronized (getClassLoadingLock(className)) {
                    Class<?> loaded = findLoadedClass(className);
                    if (loaded == null) {
                        String file = className.replace('.', '/') + ".class";
                        Class<?> original = className.equals(KernelContext.class.getName()) ? KernelContext.class
                                : TornadoGemmEmulationTest.class;
                        try (InputStream in = original.getClassLoader() == null ? null
                                : original.getModule().isNamed() ? original.getModule().getResourceAsStream(file)
                                : parent.getResourceAsStream(file)) {
                            if (in == null) {
                                throw new ClassNotFoundException(className + ": no class file " + file);
                            }
                            byte[] bytes = in.readAllBytes();
                            loaded = defineClass(className, bytes, 0, bytes.length);
                        } catch (IOException e) {
                            throw new ClassNotFoundException(className, e);
                        }
                    }
                    return loaded;
                }
            }
        };
        try {
            Class<?> copy = isolated.loadClass(emulator);
            if (copy == Emulator.class) {
                throw new IllegalStateException("the emulator is not a copy");
            }
            Method run = copy.getDeclaredMethod("run", int.class, int.class, int[].class, float[].class, float[].class,
                    float[].class, int.class, int.class, int.class, int.class, int.class, int.class);
            run.setAccessible(true);
            return run;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyTransposeCaseAndOddSizesMatchTheReference() throws Exception {
        int[][] shapes = {{37, 45, 29}, {1, 1, 1}, {5, 3, 300}, {70, 33, 64}, {32, 32, 32}, {3, 130, 7}};
        for (int[] s : shapes) {
            for (int tA = 0; tA < 2; tA++) {
                for (int tB = 0; tB < 2; tB++) {
                    for (int acc = 0; acc < 2; acc++) {
                        check(s[0], s[1], s[2], s[0], s[1], s[2], tA, tB, acc, s[0], s[1]);
                    }
                }
            }
        }
    }

    @Test
    void rowCountExtentsBoundTheWorkBelowTheGrid() throws Exception {
        // rows = 29 of at most 70: m, n or k is the row count; the grid covers 70.
        int rows = 29;
        int maxRows = 70;
        for (int tA = 0; tA < 2; tA++) {
            for (int tB = 0; tB < 2; tB++) {
                check(rows, 19, 23, 0, 19, 23, tA, tB, 0, maxRows, 19);
                check(19, rows, 23, 19, 0, 23, tA, tB, 1, 19, maxRows);
                check(19, 23, rows, 19, 23, 0, tA, tB, 0, 19, 23);
            }
        }
    }

    /** One product; {@code *Spec} as the kernel takes them (0: the row count, which is then m, n or k). */
    private static void check(int m, int n, int k, int mSpec, int nSpec, int kSpec, int tA, int tB, int accumulate,
            int maxM, int maxN) throws Exception {
        int rows = mSpec == 0 ? m : nSpec == 0 ? n : kSpec == 0 ? k : 1;
        Random random = new Random(31L * m + 7L * n + k + 2L * tA + tB);
        float[] a = TornadoTestSupport.uniform(random, m * k, -1, 1);
        float[] b = TornadoTestSupport.uniform(random, k * n, -1, 1);
        // C as large as the grid could reach; past m x n it must stay untouched.
        int capacity = maxM * maxN;
        float[] c = accumulate != 0 ? TornadoTestSupport.uniform(random, capacity, -1, 1) : new float[capacity];
        if (accumulate == 0) {
            Arrays.fill(c, Float.NaN);
        }
        float[] before = c.clone();
        float[] expected = before.clone();
        for (int r = 0; r < m; r++) {
            for (int q = 0; q < n; q++) {
                double sum = accumulate != 0 ? before[r * n + q] : 0.0;
                for (int p = 0; p < k; p++) {
                    double av = tA != 0 ? a[p * m + r] : a[r * k + p];
                    double bv = tB != 0 ? b[q * k + p] : b[p * n + q];
                    sum += av * bv;
                }
                expected[r * n + q] = (float) sum;
            }
        }
        run(maxM, maxN, new int[] {rows}, a, b, c, mSpec, nSpec, kSpec, tA, tB, accumulate);
        String what = String.format("%dx%dx%d tA=%d tB=%d accumulate=%d", m, n, k, tA, tB, accumulate);
        float[] product = Arrays.copyOf(c, m * n);
        TornadoTestSupport.assertClose(Arrays.copyOf(expected, m * n), product, TOLERANCE, what);
        for (int i = m * n; i < capacity; i++) {
            assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(c[i]), what + ": C[" + i
                    + "] past m x n was written");
        }
    }

    private static void run(int maxM, int maxN, int[] rows, float[] a, float[] b, float[] c, int mSpec, int nSpec,
            int kSpec, int tA, int tB, int accumulate) throws Exception {
        try {
            RUN.invoke(null, maxM, maxN, rows, a, b, c, mSpec, nSpec, kSpec, tA, tB, accumulate);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    /**
     * Runs in the isolated loader (its nested classes too): the TornadoGemm and KernelContext it names
     * are the copies. Only plain arrays and ints cross over.
     */
    static final class Emulator {
        private Emulator() {
        }

        /** Runs the kernel over TornadoGemm.grid(maxM, maxN), one work-group after another. */
        static void run(int maxM, int maxN, int[] rows, float[] a, float[] b, float[] c, int mSpec, int nSpec,
                int kSpec, int tA, int tB, int accumulate) throws Exception {
            long[] global = TornadoGemm.grid(maxM, maxN).getGlobalWork();
            long[] local = TornadoGemm.grid(maxM, maxN).getLocalWork();
            int sizeX = (int) local[0];
            int sizeY = (int) local[1];
            int groupsX = (int) (global[0] / sizeX);
            int groupsY = (int) (global[1] / sizeY);
            for (int gy = 0; gy < groupsY; gy++) {
                for (int gx = 0; gx < groupsX; gx++) {
                    Group group = new Group(sizeX * sizeY);
                    List<Thread> threads = new ArrayList<>();
                    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                    for (int ly = 0; ly < sizeY; ly++) {
                        for (int lx = 0; lx < sizeX; lx++) {
                            Item item = new Item(group);
                            item.set("localIdx", lx).set("localIdy", ly).set("groupIdx", gx).set("groupIdy", gy)
                                    .set("globalIdx", gx * sizeX + lx).set("globalIdy", gy * sizeY + ly)
                                    .set("localGroupSizeX", sizeX).set("localGroupSizeY", sizeY)
                                    .set("globalGroupSizeX", (int) global[0]).set("globalGroupSizeY", (int) global[1]);
                            threads.add(Thread.ofVirtual().start(() -> {
                                try {
                                    TornadoGemm.gemm(item, rows, new int[] {mSpec, nSpec, kSpec}, a, b, c, tA, tB, accumulate);
                                } catch (Throwable e) {
                                    failures.add(e);
                                    group.barrier.reset();
                                }
                            }));
                        }
                    }
                    for (Thread thread : threads) {
                        if (!thread.join(Duration.ofSeconds(30))) {
                            throw new AssertionError("a work-item of group (" + gx + ", " + gy + ") did not finish");
                        }
                    }
                    if (!failures.isEmpty()) {
                        throw new AssertionError("group (" + gx + ", " + gy + ") failed", failures.get(0));
                    }
                }
            }
        }

        /** A work-group: its barrier and its local arrays, by order of allocation. */
        private static final class Group {
            final CyclicBarrier barrier;
            final List<float[]> locals = new ArrayList<>();

            Group(int size) {
                barrier = new CyclicBarrier(size);
            }

            synchronized float[] local(int index, int size) {
                while (locals.size() <= index) {
                    locals.add(null);
                }
                if (locals.get(index) == null) {
                    float[] values = new float[size];
                    Arrays.fill(values, Float.NaN);
                    locals.set(index, values);
                }
                if (locals.get(index).length != size) {
                    throw new AssertionError("local array " + index + " allocated with two sizes");
                }
                return locals.get(index);
            }
        }

        /** One work-item's context. */
        private static final class Item extends KernelContext {
            private final Group group;
            private int allocations;

            Item(Group group) {
                this.group = group;
            }

            Item set(String field, int value) throws ReflectiveOperationException {
                Field f = KernelContext.class.getField(field);
                f.setAccessible(true);
                f.set(this, Integer.valueOf(value));
                return this;
            }

            @Override
            public float[] allocateFloatLocalArray(int size) {
                return group.local(allocations++, size);
            }

            @Override
            public void localBarrier() {
                try {
                    group.barrier.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("barrier of the work-group broken", e);
                }
            }

            @Override
            public void globalBarrier() {
                throw new UnsupportedOperationException("the gemm kernel has no global barrier");
            }
        }
    }
}
