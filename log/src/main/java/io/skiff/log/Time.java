package io.skiff.log;

/**
 * The log's only source of time, injected so tests drive segment age, retention and flush deterministically.
 * Implementations must be thread-safe.
 */
public interface Time {
    /** The real clock. */
    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }
    };

    /** Wall-clock milliseconds since the epoch (used for timestamps and segment/retention ages). */
    long milliseconds();

    /** A monotonic nanosecond counter (used only for durations). */
    long nanoseconds();

    /**
     * Waits {@code ms} (the cleaner's I/O throttle). The real clock sleeps; an interrupt ends the wait early and
     * stays set for the caller to see. Test clocks advance themselves instead.
     */
    default void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
