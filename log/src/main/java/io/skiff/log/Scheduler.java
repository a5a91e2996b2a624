package io.skiff.log;

/**
 * Runs deferred log work (delayed file deletion, periodic retention/flush/checkpoints). Injected so tests run the
 * work deterministically. Implementations must be thread-safe.
 */
public interface Scheduler {
    /** Runs {@code task} once after {@code delayMs}. */
    void schedule(String name, Runnable task, long delayMs);

    /** Runs every task at once on the calling thread (tests, shutdown). */
    Scheduler IMMEDIATE = (name, task, delayMs) -> task.run();
}
