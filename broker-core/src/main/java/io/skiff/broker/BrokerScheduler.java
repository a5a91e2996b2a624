package io.skiff.broker;

import io.skiff.log.Scheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's background scheduler (Kafka's {@code background.threads}): retention, flushes,
 * checkpoints, delayed file deletion. A failing run is logged and the periodic task keeps its
 * schedule: one bad pass must not stop retention forever.
 */
final class BrokerScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    BrokerScheduler(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "skiff-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void schedule(String name, Runnable task, long delayMs) {
        executor.schedule(guarded(name, task), delayMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void schedulePeriodically(String name, Runnable task, long delayMs, long periodMs) {
        executor.scheduleWithFixedDelay(guarded(name, task), delayMs, periodMs, TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Background task {} failed", name, e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
