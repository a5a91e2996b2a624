package io.skiff.replication.delayed;

/**
 * Runs {@link TimerTask}s at their deadlines. Deadlines are in this timer's own monotonic
 * milliseconds: compute them as {@code timer.nowMs() + delay}, never from the wall clock.
 * Implementations are thread-safe.
 */
public interface Timer extends AutoCloseable {
    /** The current time of the clock deadlines refer to. */
    long nowMs();

    /** Schedules {@code task}; one whose deadline has passed runs at once on the calling thread. */
    void add(TimerTask task);

    /** Unschedules {@code task}; returns whether it was still pending. */
    boolean cancel(TimerTask task);

    /** Scheduled tasks not yet run or cancelled. */
    int size();

    /** Stops the timer; pending tasks never run. */
    @Override
    void close();
}
