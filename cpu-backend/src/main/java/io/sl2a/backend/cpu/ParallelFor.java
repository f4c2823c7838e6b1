package io.sl2a.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a range of work-items on a fork-join pool, split into contiguous chunks of at least
 * {@code grain} items so that small ranges stay on the calling thread.
 */
public final class ParallelFor implements AutoCloseable {

    /** A body over the half-open range [from, to) of work-items. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private final ForkJoinPool pool;
    private final int threads;

    public ParallelFor(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : new ForkJoinPool(this.threads);
    }

    public int threads() {
        return threads;
    }

    public void run(int count, int grain, RangeBody body) {
        if (count <= 0) {
            return;
        }
        int minChunk = Math.max(1, grain);
        if (pool == null || count <= minChunk) {
            body.run(0, count);
            return;
        }
        // A few chunks per thread balance uneven work without much scheduling overhead.
        int chunks = Math.min(threads * 4, (count + minChunk - 1) / minChunk);
        int chunkSize = (count + chunks - 1) / chunks;
        pool.invoke(new Split(body, 0, count, chunkSize));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static final class Split extends RecursiveAction {
        private final RangeBody body;
        private final int from;
        private final int to;
        private final int chunkSize;

        Split(RangeBody body, int from, int to, int chunkSize) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.chunkSize = chunkSize;
        }

        @Override
        protected void compute() {
            if (to - from <= chunkSize) {
                body.run(from, to);
                return;
            }
            int chunksHere = (to - from + chunkSize - 1) / chunkSize;
            int middle = from + (chunksHere / 2) * chunkSize;
            invokeAll(new Split(body, from, middle, chunkSize), new Split(body, middle, to, chunkSize));
        }
    }
}
