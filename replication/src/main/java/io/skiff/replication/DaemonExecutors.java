package io.skiff.replication;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors replication components own: named daemon threads (so thread dumps say who is who and a forgotten
 * executor never keeps the JVM alive) and one bounded way to stop them.
 */
public final class DaemonExecutors {
    private static final long SHUTDOWN_WAIT_MS = 5_000;

    private DaemonExecutors() {}

    /** One thread named {@code name}: tasks run in submission order. */
    public static ExecutorService singleThread(String name) {
        return Executors.newSingleThreadExecutor(r -> daemon(r, name));
    }

    /** {@code threads} threads named {@code prefix-1 .. prefix-n}. */
    public static ExecutorService fixed(int threads, String prefix) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> daemon(r, prefix + "-" + count.incrementAndGet()));
    }

    /** Lets queued tasks finish for a few seconds, then interrupts what is left. Keeps the caller's interrupt. */
    public static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
