package dev.pixelprivacy.examples.cli;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a command's per-input finishing work (writing the output, recording it, reporting it) one task
 * at a time in submission order: on a thread of its own, at most one task behind the caller (so the
 * caller runs the networks on the next input while the previous one's files are written and forced to
 * disk), or inline on the caller's thread. Not thread-safe: one caller.
 */
final class Behind implements AutoCloseable {
    private final ExecutorService thread;
    private Future<?> pending;

    /** @param ownThread run tasks on a thread of their own; false: inline, in {@link #submit} */
    Behind(boolean ownThread) {
        this.thread = ownThread ? Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "pixel-privacy-write");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Runs the task after every task submitted before it; first waits for the task before it to end.
     *
     * @param task the work
     * @throws RuntimeException or Error what an earlier task threw
     */
    void submit(Runnable task) {
        if (thread == null) {
            task.run();
            return;
        }
        awaitPending();
        pending = thread.submit(task);
    }

    /** Waits for the last task and stops the thread; rethrows what the task threw. */
    @Override
    public void close() {
        try {
            awaitPending();
        } finally {
            if (thread != null) {
                thread.shutdownNow();
            }
        }
    }

    private void awaitPending() {
        Future<?> f = pending;
        pending = null;
        if (f == null) {
            return;
        }
        try {
            f.get();
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
