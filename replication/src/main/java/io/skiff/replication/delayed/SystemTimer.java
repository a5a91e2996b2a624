package io.skiff.replication.delayed;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link Timer}: a {@link TimerWheel} behind one lock, advanced by a single daemon
 * thread that sleeps while the wheel is empty and otherwise wakes once per tick. Due tasks run on
 * that thread, outside the lock; they must be short (complete a future, enqueue work), never block.
 */
public final class SystemTimer implements Timer {
    private static final Logger LOG = LoggerFactory.getLogger(SystemTimer.class);

    private final LongSupplier clockMs;
    private final TimerWheel wheel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;

    /** A timer on {@link System#nanoTime()} (monotonic) with the given tick. */
    public SystemTimer(String name, long tickMs) {
        this(name, tickMs, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    public SystemTimer(String name, long tickMs, LongSupplier monotonicClockMs) {
        this.clockMs = monotonicClockMs;
        this.wheel = new TimerWheel(tickMs, monotonicClockMs.getAsLong());
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public long nowMs() {
        return clockMs.getAsLong();
    }

    @Override
    public void add(TimerTask task) {
        boolean scheduled;
        lock.lock();
        try {
            scheduled = wheel.schedule(task);
            if (scheduled && wheel.size() == 1) {
                nonEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (!scheduled) {
            task.run();
        }
    }

    @Override
    public boolean cancel(TimerTask task) {
        lock.lock();
        try {
            return wheel.cancel(task);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return wheel.size();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            List<TimerTask> due;
            lock.lock();
            try {
                long now = clockMs.getAsLong();
                due = wheel.advance(now);
                if (due.isEmpty()) {
                    if (wheel.size() == 0) {
                        nonEmpty.await();
                    } else {
                        nonEmpty.await(wheel.millisToNextTick(now), TimeUnit.MILLISECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            for (TimerTask task : due) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // One faulty task must not stop every other timeout in the broker.
                    LOG.error("Timer task {} failed", task, e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
