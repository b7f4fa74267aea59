package dev.pixelprivacy.filters;

import dev.pixelprivacy.core.PixelPrivacyException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread-count setting of the filters: how many threads a filter may use, and the pool that
 * runs them. Work is split into independent ranges (rows, strips of rows or columns) whose arithmetic
 * does not depend on which thread runs them, so every filter gives bit-for-bit the same result with
 * any thread count.
 *
 * <p>{@link #sequential()} runs everything on the calling thread and owns nothing. {@link #threads(int)}
 * owns a fixed pool of {@code n - 1} daemon workers (the caller is the n-th); {@link #close()} shuts it
 * down. Filters never call back into a {@code Parallelism} from inside a task, so a pool cannot
 * deadlock on itself.
 */
public final class Parallelism implements AutoCloseable {
    private static final Parallelism SEQUENTIAL = new Parallelism(1, null, false);
    private static final AtomicInteger POOL_ID = new AtomicInteger();
    private static final ConcurrentMap<Integer, Parallelism> SHARED = new ConcurrentHashMap<>();

    private final int threads;
    private final ExecutorService pool;
    private final boolean shared;

    private Parallelism(int threads, ExecutorService pool, boolean shared) {
        this.threads = threads;
        this.pool = pool;
        this.shared = shared;
    }

    /** @return a setting that runs everything on the calling thread; owns no pool */
    public static Parallelism sequential() {
        return SEQUENTIAL;
    }

    /**
     * A pool shared by every caller asking for this thread count in this JVM, made on first use: what
     * objects that cannot be closed (a mask made by a provider, say) use, so that each of them does not
     * start threads nobody shuts down. Its threads are daemons; {@link #close()} on it does nothing.
     *
     * @param threads total threads, the caller's included, &gt;= 1
     * @return the shared instance ({@link #sequential()} for 1)
     */
    public static Parallelism shared(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        if (threads == 1) {
            return SEQUENTIAL;
        }
        return SHARED.computeIfAbsent(threads, n -> new Parallelism(n, newPool(n), true));
    }

    /**
     * @param threads number of threads to use, &gt;= 1 (1 means {@link #sequential()})
     * @return a setting owning a pool of {@code threads - 1} daemon workers; close it when done
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Parallelism threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        if (threads == 1) {
            return SEQUENTIAL;
        }
        return new Parallelism(threads, newPool(threads), false);
    }

    private static ExecutorService newPool(int threads) {
        int id = POOL_ID.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "pixel-privacy-filters-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads - 1, factory);
    }

    /** @return the number of threads work is spread over, &gt;= 1 */
    public int threadCount() {
        return threads;
    }

    /** A piece of work over the half-open range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        /**
         * @param from first index, inclusive
         * @param to last index, exclusive
         */
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over {@code [0, count)} split into contiguous ranges, in parallel when this
     * setting has more than one thread, and returns when all ranges are done. A failure in any range
     * is rethrown (unchecked) after the others finished.
     *
     * @param count number of indices, &gt;= 0
     * @param task the work; must only write state owned by its range
     */
    public void forRange(int count, RangeTask task) {
        if (count <= 0) {
            return;
        }
        if (pool == null || count == 1) {
            task.run(0, count);
            return;
        }
        int chunks = Math.min(count, threads * 4);
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) count * c / chunks);
            int to = (int) ((long) count * (c + 1) / chunks);
            futures.add(pool.submit(() -> task.run(from, to)));
        }
        RuntimeException failure = null;
        try {
            task.run(0, (int) ((long) count / chunks));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(g -> g.cancel(true));
                throw new PixelPrivacyException("interrupted while waiting for filter threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re
                            : new PixelPrivacyException("filter thread failed: " + cause, cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Shuts the owned pool down (running work finishes); a no-op for {@link #sequential()}. */
    @Override
    public void close() {
        if (pool != null && !shared) {
            pool.shutdown();
        }
    }

    @Override
    public String toString() {
        return "Parallelism[threads=" + threads + "]";
    }
}
