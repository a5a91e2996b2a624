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
}
