package io.skiff.replication;

/**
 * The clock every piece of replication logic reads, so tests can inject a fixed or stepped time instead of the wall
 * clock. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Time {

    /** The real clock. */
    Time SYSTEM = System::currentTimeMillis;

    /** Milliseconds since the epoch. */
    long milliseconds();
}
