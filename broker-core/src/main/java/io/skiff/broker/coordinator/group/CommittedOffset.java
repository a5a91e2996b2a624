package io.skiff.broker.coordinator.group;

import java.util.UUID;

/**
 * A committed offset as stored in {@code __consumer_offsets}. Immutable.
 *
 * @param offset the next offset the group will consume
 * @param leaderEpoch the leader epoch of the last consumed record, -1 when unknown
 * @param metadata the committer's free-form string ("" when none)
 * @param commitTimestamp when the broker accepted the commit (wall clock, ms)
 * @param expireTimestamp when the offset expires regardless of the group's state (wall clock, ms): set only
 *     by an OffsetCommit v2-v4 with an explicit retention time; {@link #NO_EXPIRY} otherwise
 * @param topicId the id of the topic the commit named (OffsetCommit v10+), null when it named the topic
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp,
                              long expireTimestamp, UUID topicId) {
    public static final long NO_EXPIRY = -1L;

    /** A commit without an explicit retention time or topic id, the usual case. */
    public CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
        this(offset, leaderEpoch, metadata, commitTimestamp, NO_EXPIRY, null);
    }

    public boolean hasExpireTimestamp() {
        return expireTimestamp != NO_EXPIRY;
    }
}
