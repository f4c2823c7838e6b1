package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@link TornadoReduce}'s Java bodies on the JVM, no TornadoVM device, emulated as
 * {@link TornadoGemmEmulationTest} does (one virtual thread per work-item of a work-group,
 * {@code localBarrier} a real barrier, local arrays shared by the group and filled with NaN, in a
 * class loader of its own: see there). Checks the sums against double-precision references for
 * widths below, at and past a group's columns, row counts below, at and past its slices (and 0),
 * overwriting and accumulating; values past the row count are NaN (they must not be read) and
 * outputs past the width must stay untouched.
 */
class TornadoReduceEmulationTest {
    private static final double TOLERANCE = 1e-5;
    private static final Class<?> EMULATOR = isolatedEmulator();
    private static final int[] WIDTHS = {1, 3, 16, 63, 64, 65, 130, 256};
    private static final int[] ROW_COUNTS = {0, 1, 15, 16, 17, 290, 1000};

    /** The emulator class as the isolated loader defines it (see the class comment). */
    private static Class<?> isolatedEmulator() {
        String emulator = Emulator.class.getName();
        List<String> copied = List.of(TornadoReduce.class.getName(), KernelContext.class.getName());
        ClassLoader parent = TornadoReduceEmulationTest.class.getClassLoader();
        ClassLoader isolated = new ClassLoader("isolated-reduce", parent) {
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
                                : TornadoReduceEmulationTest.class;
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
            return copy;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void columnSumsMatchTheReference() throws Exception {
        for (int width : WIDTHS) {
            for (int count : ROW_COUNTS) {
                for (int accumulate = 0; accumulate < 2; accumulate++) {
                    Random random = new Random(31L * width + count + accumulate);
                    float[] dY = withNaNsPast(TornadoTestSupport.uniform(random, count * width, -1, 1), 7 * width);
                    float[] out = TornadoTestSupport.uniform(random, width + 5, -1, 1);
                    float[] before = out.clone();
                    float[] expected = new float[width];
                    for (int j = 0; j < width; j++) {
                        double sum = accumulate != 0 ? before[j] : 0.0;
                        for (int r = 0; r < count; r++) {
                            sum += dY[r * width + j];
                        }
                        expected[j] = (float) sum;
                    }
                    invoke("columnSum", new int[] {count}, width, dY, out, accumulate);
                    String what = "width " + width + ", rows " + count + ", accumulate " + accumulate;
                    TornadoTestSupport.assertClose(expected, Arrays.copyOf(out, width), TOLERANCE, what);
                    assertUntouched(before, out, width, what);
                }
            }
        }
    }

    @Test
    void layerNormParamGradsMatchTheReference() throws Exception {
        for (int width : WIDTHS) {
            for (int count : ROW_COUNTS) {
                Random random = new Random(17L * width + count);
                float[] dY = withNaNsPast(TornadoTestSupport.uniform(random, count * width, -1, 1), 7 * width);
                float[] x = withNaNsPast(TornadoTestSupport.uniform(random, count * width, -2, 2), 7 * width);
                float[] mean = withNaNsPast(TornadoTestSupport.uniform(random, count, -1, 1), 7);
                float[] rstd = withNaNsPast(TornadoTestSupport.uniform(random, count, 0.5, 2), 7);
                float[] dGamma = new float[width + 5];
                float[] dBeta = new float[width + 5];
                Arrays.fill(dGamma, Float.NaN); // overwritten: not read
                Arrays.fill(dBeta, Float.NaN);
                float[] gammaBefore = dGamma.clone();
                float[] betaBefore = dBeta.clone();
                float[] expectedGamma = new float[width];
                float[] expectedBeta = new float[width];
                for (int j = 0; j < width; j++) {
                    double gamma = 0.0;
                    double beta = 0.0;
                    for (int r = 0; r < count; r++) {
                        double d = dY[r * width + j];
                        gamma += d * ((x[r * width + j] - (double) mean[r]) * rstd[r]);
                        beta += d;
                    }
                    expectedGamma[j] = (float) gamma;
                    expectedBeta[j] = (float) beta;
                }
                invoke("layerNormParamGrad", new int[] {count}, width, dY, x, mean, rstd, dGamma, dBeta);
                String what = "width " + width + ", rows " + count;
                TornadoTestSupport.assertClose(expectedGamma, Arrays.copyOf(dGamma, width), TOLERANCE, what + " gamma");
                TornadoTestSupport.assertClose(expectedBeta, Arrays.copyOf(dBeta, width), TOLERANCE, what + " beta");
                assertUntouched(gammaBefore, dGamma, width, what + " gamma");
                assertUntouched(betaBefore, dBeta, width, what + " beta");
            }
        }
    }

    @Test
    void wholeSumAddsToTheTotal() throws Exception {
        int group = TornadoReduce.SUM_GROUP;
        for (int count : new int[] {0, 1, 7, group - 1, group, group + 1, 1000, 70_000}) {
            Random random = new Random(count);
            float[] values = withNaNsPast(TornadoTestSupport.uniform(random, count, -1, 1), 300);
            float[] total = {1.5f, 42.0f};
            double sum = total[0];
            for (int i = 0; i < count; i++) {
                sum += values[i];
            }
            invoke("sum", new int[] {count}, values, total);
            TornadoTestSupport.assertClose(new float[] {(float) sum}, new float[] {total[0]}, TOLERANCE,
                    "rows " + count);
            assertEquals(42.0f, total[1], "rows " + count + ": total[1] written");
        }
    }

    /** {@code values} followed by {@code extra} NaNs: the buffer past the row count. */
    private static float[] withNaNsPast(float[] values, int extra) {
        float[] padded = Arrays.copyOf(values, values.length + extra);
        Arrays.fill(padded, values.length, padded.length, Float.NaN);
        return padded;
    }

    private static void assertUntouched(float[] before, float[] after, int from, String what) {
        for (int i = from; i < before.length; i++) {
            assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(after[i]),
                    what + ": [" + i + "] past the width was written");
        }
    }

    /** The emulator's method {@code name} (names are unique), called in the isolated loader. */
    private static void invoke(String name, Object... args) throws Exception {
        Method method = Arrays.stream(EMULATOR.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow();
        method.setAccessible(true);
        try {
            method.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    /**
     * Runs in the isolated loader (its nested classes too): the TornadoReduce and KernelContext it
     * names are the copies. Only plain arrays and ints cross over.
     */
    static final class Emulator {
        private Emulator() {
        }

        static void columnSum(int[] rows, int width, float[] dY, float[] out, int accumulate) throws Exception {
            int[] shape = {width};
            runGrid(TornadoReduce.columnGrid(width).getGlobalWork(), TornadoReduce.columnGrid(width).getLocalWork(),
                    item -> TornadoReduce.columnSum(item, rows, shape, dY, out, accumulate));
        }

        static void layerNormParamGrad(int[] rows, int width, float[] dY, float[] x, float[] mean, float[] rstd,
                float[] dGamma, float[] dBeta) throws Exception {
            int[] shape = {width};
            runGrid(TornadoReduce.columnGrid(width).getGlobalWork(), TornadoReduce.columnGrid(width).getLocalWork(),
                    item -> TornadoReduce.layerNormParamGrad(item, rows, shape, dY, x, mean, rstd, dGamma, dBeta));
        }

        static void sum(int[] rows, float[] values, float[] total) throws Exception {
            runGrid(TornadoReduce.sumGrid().getGlobalWork(), TornadoReduce.sumGrid().getLocalWork(),
                    item -> TornadoReduce.sum(item, rows, values, total));
        }

        private interface Body {
            void run(KernelContext item);
        }

        private static int extent(long[] sizes, int dimension) {
            return sizes.length > dimension ? (int) Math.max(1, sizes[dimension]) : 1;
        }

        /** Runs {@code body} over the grid, one work-group after another. */
        private static void runGrid(long[] global, long[] local, Body body) throws Exception {
            int sizeX = extent(local, 0);
            int sizeY = extent(local, 1);
            int groupsX = extent(global, 0) / sizeX;
            int groupsY = extent(global, 1) / sizeY;
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
                                    .set("globalGroupSizeX", extent(global, 0))
                                    .set("globalGroupSizeY", extent(global, 1));
                            threads.add(Thread.ofVirtual().start(() -> {
                                try {
                                    body.run(item);
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
                throw new UnsupportedOperationException("the reductions have no global barrier");
            }
        }
    }
}
