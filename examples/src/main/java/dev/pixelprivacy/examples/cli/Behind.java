package dev.pixelprivacy.examples.cli;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a command's per-input finishing work (writing the output, recording it, reporting it) one task
 * at a time in submission order: on a thread of its own, a bounded number of tasks behind the caller
 * (so the caller runs the networks on the next batch while the previous batch's files are written and
 * forced to disk), or inline on the caller's thread. What waits is bounded twice: at most
 * {@code maxPending} tasks, and at most {@code maxPendingBytes} of what the waiting tasks hold (their
 * encoded outputs), though one task may always wait, whatever it holds. Once a task has thrown, the
 * tasks after it are not run and the next {@link #submit} or {@link #close} rethrows. Not thread-safe:
 * one caller.
 */
final class Behind implements AutoCloseable {
    private final ExecutorService thread;
    private final int maxPending;
    private final long maxPendingBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long pendingBytes;
    private volatile boolean failed;

    private record Pending(Future<?> future, long bytes) {
    }

    /**
     * @param ownThread run tasks on a thread of their own; false: inline, in {@link #submit}
     * @param maxPending the most tasks submitted and not yet finished, >= 1
     * @param maxPendingBytes the most bytes those tasks may hold together, >= 0 (one task always may)
     */
    Behind(boolean ownThread, int maxPending, long maxPendingBytes) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1 but was " + maxPending);
        }
        if (maxPendingBytes < 0) {
            throw new IllegalArgumentException("maxPendingBytes must be >= 0 but was " + maxPendingBytes);
        }
        this.maxPending = maxPending;
        this.maxPendingBytes = maxPendingBytes;
        this.thread = ownThread ? Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "pixel-privacy-write");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Runs the task after every task submitted before it; first waits for the oldest tasks until this
     * one fits within the bounds.
     *
     * @param task the work
     * @param bytes what the task holds until it has run (its encoded output), for the bound
     * @throws RuntimeException or Error what an earlier task threw
     */
    void submit(Runnable task, long bytes) {
        if (thread == null) {
            task.run();
            return;
        }
        while (!pending.isEmpty() && (pending.size() >= maxPending || pendingBytes + bytes > maxPendingBytes)) {
            awaitOldest();
        }
        if (failed) {
            awaitAll(); // the failed task is among those waiting: rethrow what it threw
        }
        pending.add(new Pending(thread.submit(() -> {
            if (failed) {
                return; // an earlier task threw: the caller hears of it, the rest is not done
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
            }
        }), bytes));
        pendingBytes += bytes;
    }

    /** @return tasks submitted and not yet awaited (for tests) */
    int pending() {
        return pending.size();
    }

    /** Waits for every task and stops the thread; rethrows what the first failed task threw. */
    @Override
    public void close() {
        try {
            awaitAll();
        } finally {
            if (thread != null) {
                thread.shutdownNow();
            }
        }
    }

    private void awaitAll() {
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() {
        Pending p = pending.poll();
        pendingBytes -= p.bytes();
        try {
            p.future().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the outputs were written", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("writing an output failed: " + c, c);
        }
    }
}
