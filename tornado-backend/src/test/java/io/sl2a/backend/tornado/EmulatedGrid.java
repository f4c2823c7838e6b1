package io.sl2a.backend.tornado;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import uk.ac.manchester.tornado.api.KernelContext;

/**
 * A KernelContext kernel over its grid as OpenCL would run it, one work-group after another: a
 * virtual thread per work-item, {@code localBarrier} a real barrier of the group,
 * {@code allocateFloatLocalArray} one array shared by the group (filled with NaN, so an element
 * read before it is written shows), the ids set in each work-item's context (its fields are final:
 * set by reflection). Used only inside {@link KernelContextEmulation}'s isolated loader.
 */
final class EmulatedGrid {
    private EmulatedGrid() {
    }

    /** The kernel applied to one work-item's context. */
    interface Body {
        void run(KernelContext item) throws Exception;
    }

    private static int extent(long[] sizes, int dimension) {
        return sizes.length > dimension ? (int) Math.max(1, sizes[dimension]) : 1;
    }

    /** Runs {@code body} over the grid of {@code global} work-items in groups of {@code local}. */
    static void run(long[] global, long[] local, Body body) throws Exception {
        int sizeX = extent(local, 0);
        int sizeY = extent(local, 1);
        int groupsX = extent(global, 0) / sizeX;
        int groupsY = extent(global, 1) / sizeY;
        // A third dimension in groups of one (split-k's slices).
        int groupsZ = extent(global, 2);
        for (int gz = 0; gz < groupsZ; gz++) {
        for (int gy = 0; gy < groupsY; gy++) {
            for (int gx = 0; gx < groupsX; gx++) {
                Group group = new Group(sizeX * sizeY);
                List<Thread> threads = new ArrayList<>();
                List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                for (int ly = 0; ly < sizeY; ly++) {
                    for (int lx = 0; lx < sizeX; lx++) {
                        Item item = new Item(group);
                        item.set("localIdx", lx).set("localIdy", ly).set("groupIdx", gx).set("groupIdy", gy)
                                .set("groupIdz", gz).set("globalIdz", gz)
                                .set("globalIdx", gx * sizeX + lx).set("globalIdy", gy * sizeY + ly)
                                .set("localGroupSizeX", sizeX).set("localGroupSizeY", sizeY)
                                .set("globalGroupSizeX", extent(global, 0)).set("globalGroupSizeY", extent(global, 1));
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
                    throw new AssertionError("group (" + gx + ", " + gy + ", " + gz + ") failed", failures.get(0));
                }
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
            throw new UnsupportedOperationException("the emulated kernels have no global barrier");
        }
    }
}
