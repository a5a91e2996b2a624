package io.skiff.replication.partition;

import io.skiff.log.TopicPartition;

/**
 * What a fetch asks of one partition.
 *
 * @param tp the partition
 * @param fetchOffset first offset wanted
 * @param maxBytes per-partition byte limit (the first batch of the response is returned whole)
 * @param currentLeaderEpoch the leader epoch the client believes current, or -1 (KIP-320)
 * @param lastFetchedEpoch a follower's epoch of its last fetched batch, or -1: when the leader's log
 *     diverges from it (KIP-595 style divergence check), the answer carries the diverging epoch instead of records
 */
public record FetchPartitionRequest(TopicPartition tp, long fetchOffset, int maxBytes, int currentLeaderEpoch,
                                    int lastFetchedEpoch) {
    /** A request without a last fetched epoch (consumers). */
    public FetchPartitionRequest(TopicPartition tp, long fetchOffset, int maxBytes, int currentLeaderEpoch) {
        this(tp, fetchOffset, maxBytes, currentLeaderEpoch, -1);
    }
}
