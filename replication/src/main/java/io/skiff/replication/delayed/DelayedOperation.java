package io.skiff.replication.delayed;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request that waits for an event or a deadline, whichever comes first: a long-poll fetch waiting
 * for {@code min.bytes}, an {@code acks=all} produce waiting for the high watermark, a JoinGroup
 * waiting for the other members.
 *
 * <p>Life cycle: {@link #tryComplete()} is called when the awaited event may have happened; if the
 * condition holds it calls {@link #forceComplete()}. At the deadline the timer calls {@link #run()},
 * which force-completes. Whatever the race between events and the deadline, {@link #onComplete()}
 * runs exactly once; {@link #onExpiration()} runs (before it) only when the deadline won.
 *
 * <p>Thread-safety: {@code tryComplete} is serialised per operation by a lock, so implementations
 * may read state without further synchronisation; {@code onComplete} must not block.
 */
public abstract class DelayedOperation extends TimerTask {
    private final AtomicBoolean completed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Timer timer;

    protected DelayedOperation(long deadlineMs) {
        super(deadlineMs);
    }

    /** Checks the condition and, if it holds, returns {@link #forceComplete()}; else false. */
    protected abstract boolean tryComplete();

    /** Produces the response. Runs exactly once, on whichever thread completed the operation. */
    protected abstract void onComplete();

    /** Called once when the deadline, not an event, completed the operation (metrics hook). */
    protected void onExpiration() {}

    /**
     * Completes the operation now unless it already is: cancels its timeout and runs
     * {@link #onComplete()}. Returns whether this call did it.
     */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        Timer t = timer;
        if (t != null) {
            t.cancel(this);
        }
        onComplete();
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    /** {@link #tryComplete()} under this operation's lock; a no-op once completed. */
    final boolean safeTryComplete() {
        lock.lock();
        try {
            return !isCompleted() && tryComplete();
        } finally {
            lock.unlock();
        }
    }

    final void scheduleOn(Timer t) {
        this.timer = t;
        t.add(this);
    }

    /** The deadline passed. */
    @Override
    public final void run() {
        if (forceComplete()) {
            onExpiration();
        }
    }
}
