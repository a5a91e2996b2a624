package io.skiff.log;

/**
 * Runs deferred log work (delayed file deletion, periodic retention/flush/checkpoints). Injected so tests run the
 * work deterministically. Implementations must be thread-safe.
 */
public interface Scheduler {
    /** Runs {@code task} once after {@code delayMs}. */
    void schedule(String name, Runnable task, long delayMs);

    /** Runs {@code task} every {@code periodMs} after {@code delayMs}; the default runs it once. */
    default void schedulePeriodically(String name, Runnable task, long delayMs, long periodMs) {
        schedule(name, task, delayMs);
    }

    /** Runs every one-shot task at once on the calling thread (tests, shutdown); ignores periodic ones. */
    Scheduler IMMEDIATE = new Scheduler() {
        @Override
        public void schedule(String name, Runnable task, long delayMs) {
            task.run();
        }

        @Override
        public void schedulePeriodically(String name, Runnable task, long delayMs, long periodMs) {
            // nothing runs periodically in immediate mode; callers invoke the work directly
        }
    };
}
