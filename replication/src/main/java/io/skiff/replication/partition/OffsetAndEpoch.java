package io.skiff.replication.partition;

import io.skiff.wire.protocol.Errors;

/**
 * A ListOffsets or OffsetForLeaderEpoch answer for one partition.
 *
 * @param error NONE or the partition's error
 * @param timestamp the matched timestamp (ListOffsets), -1 when the query was by position or nothing matched
 * @param offset the offset found, -1 when none
 * @param leaderEpoch the leader epoch of that offset, -1 when unknown
 */
public record OffsetAndEpoch(Errors error, long timestamp, long offset, int leaderEpoch) {
    public static final OffsetAndEpoch NOT_FOUND = new OffsetAndEpoch(Errors.NONE, -1, -1, -1);

    public static OffsetAndEpoch error(Errors error) {
        return new OffsetAndEpoch(error, -1, -1, -1);
    }
}
