package io.skiff.replication.delayed;

import java.util.List;

/**
 * A {@link Timer} whose clock moves only when told to: tests (and deterministic simulations) call
 * {@link #advance} and due tasks run on the calling thread before it returns.
 */
public final class ManualTimer implements Timer {
    private final TimerWheel wheel;
    private long nowMs;

    public ManualTimer(long startMs) {
        this.nowMs = startMs;
        this.wheel = new TimerWheel(1, startMs);
    }

    @Override
    public synchronized long nowMs() {
        return nowMs;
    }

    /** Moves the clock forward by {@code deltaMs} and runs every task that became due. */
    public void advance(long deltaMs) {
        List<TimerTask> due;
        synchronized (this) {
            nowMs += deltaMs;
            due = wheel.advance(nowMs);
        }
        due.forEach(TimerTask::run);
    }

    @Override
    public void add(TimerTask task) {
        boolean scheduled;
        synchronized (this) {
            scheduled = wheel.schedule(task);
        }
        if (!scheduled) {
            task.run();
        }
    }

    @Override
    public synchronized boolean cancel(TimerTask task) {
        return wheel.cancel(task);
    }

    @Override
    public synchronized int size() {
        return wheel.size();
    }

    @Override
    public void close() {}
}
