package io.skiff.replication.partition;

import io.skiff.log.TopicPartition;

/**
 * Told when this broker starts or stops leading a partition: the hook the group and transaction
 * coordinators use to load their state from {@code __consumer_offsets} / {@code __transaction_state}
 * when they gain a partition and to unload it when they lose it.
 *
 * <p>Called on the metadata thread, after the partition's state changed, in the order the changes
 * were applied. Implementations must not block: hand loading off to another thread.
 */
public interface LeadershipListener {
    /** This broker became leader of {@code tp} in {@code leaderEpoch} (also on a newer epoch while leading). */
    void onBecomeLeader(TopicPartition tp, int leaderEpoch);

    /**
     * This broker stopped leading {@code tp}: it became a follower in {@code leaderEpoch}, or the
     * replica was removed (then {@code leaderEpoch} is -1).
     */
    void onResign(TopicPartition tp, int leaderEpoch);
}
