package io.skiff.log;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: a small pool of daemon threads named {@code <prefix>-N}. A task that throws is
 * logged once at ERROR and, if periodic, keeps its schedule (a failed retention pass must not stop the next one).
 *
 * <p>Thread-safety: thread-safe. {@link #close()} stops the pool and waits briefly for running tasks.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);

    private final ScheduledThreadPoolExecutor pool;

    /** {@code threads} is Kafka's {@code background.threads} (default 10). */
    public ExecutorScheduler(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Resizes the pool (a dynamic {@code background.threads}); idle surplus threads end as they fall idle. */
    public void setThreads(int threads) {
        pool.setCorePoolSize(threads);
    }

    /** The pool's current size (tests). */
    int threads() {
        return pool.getCorePoolSize();
    }

    @Override
    public void schedule(String name, Runnable task, long delayMs) {
        pool.schedule(guarded(name, task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    @Override
    public void schedulePeriodically(String name, Runnable task, long delayMs, long periodMs) {
        pool.scheduleWithFixedDelay(guarded(name, task), Math.max(0, delayMs), Math.max(1, periodMs),
                TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Scheduled task {} failed", name, e);
            }
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
