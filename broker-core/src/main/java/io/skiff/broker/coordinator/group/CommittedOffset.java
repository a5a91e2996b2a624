package io.skiff.broker.coordinator.group;

/**
 * A committed offset as stored in {@code __consumer_offsets}. Immutable.
 *
 * @param offset the next offset the group will consume
 * @param leaderEpoch the leader epoch of the last consumed record, -1 when unknown
 * @param metadata the committer's free-form string ("" when none)
 * @param commitTimestamp when the broker accepted the commit (wall clock, ms)
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {}
