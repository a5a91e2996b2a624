package io.skiff.replication.zk;

import java.util.List;

/**
 * The content of {@code /brokers/topics/<t>/partitions/<p>/state}: who leads, in which leader epoch, the in-sync
 * replicas, and the epoch of the controller that wrote it. {@code zkVersion} is the znode's data version when read
 * (it is not part of the JSON); a writer passes it back to {@link ZkMetadataStore#compareAndSetPartitionState} so a
 * concurrent writer is detected rather than overwritten.
 *
 * @param leader the leader's broker id, or {@link #NO_LEADER}
 */
public record PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch, int zkVersion) {
    /** Kafka's leader id for a partition without a leader. */
    public static final int NO_LEADER = -1;
    /** zkVersion of a state that was never read from ZooKeeper. */
    public static final int UNKNOWN_ZK_VERSION = -2;

    public PartitionState {
        isr = List.copyOf(isr);
    }

    public PartitionState withZkVersion(int newZkVersion) {
        return new PartitionState(leader, leaderEpoch, isr, controllerEpoch, newZkVersion);
    }
}
