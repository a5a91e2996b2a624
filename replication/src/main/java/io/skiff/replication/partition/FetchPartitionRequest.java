package io.skiff.replication.partition;

import io.skiff.log.TopicPartition;

/**
 * What a fetch asks of one partition.
 *
 * @param tp the partition
 * @param fetchOffset first offset wanted
 * @param maxBytes per-partition byte limit (the first batch of the response is returned whole)
 * @param currentLeaderEpoch the leader epoch the client believes current, or -1 (KIP-320)
 */
public record FetchPartitionRequest(TopicPartition tp, long fetchOffset, int maxBytes, int currentLeaderEpoch) {}
