package io.skiff.replication.delayed;

/**
 * Something to run once at or after a deadline unless cancelled first. A task belongs to at most one
 * {@link TimerWheel} slot at a time; the links below are owned by the wheel and guarded by its lock.
 */
public abstract class TimerTask implements Runnable {
    private final long deadlineMs;

    // Intrusive doubly-linked list membership: O(1) cancel without searching a bucket.
    TimerTask prev;
    TimerTask next;
    TimerWheel.Bucket bucket;

    protected TimerTask(long deadlineMs) {
        this.deadlineMs = deadlineMs;
    }

    /** Absolute deadline, in the milliseconds of the clock that drives the wheel. */
    public final long deadlineMs() {
        return deadlineMs;
    }
}
