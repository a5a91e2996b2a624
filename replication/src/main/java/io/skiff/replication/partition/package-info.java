/**
 * Partition replicas on this broker and the data path over them.
 *
 * <p>{@link io.skiff.replication.partition.ReplicaManager} follows the cluster view from ZooKeeper
 * and keeps one {@link io.skiff.replication.partition.Partition} per hosted replica (leader or
 * follower). It appends produced batches, serves fetches (consumers and, later, followers), answers
 * ListOffsets and OffsetForLeaderEpoch, and parks requests that must wait ({@code acks=all}
 * produces, long-poll fetches) in {@link io.skiff.replication.delayed.DelayedOperationPurgatory}s
 * that appends and high-watermark moves wake.
 *
 * <p>Nothing here knows the wire format of requests: handlers in broker-core translate between
 * generated messages and the records of this package.
 */
package io.skiff.replication.partition;
