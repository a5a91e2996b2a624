package io.skiff.replication.partition;

/**
 * The broker settings the replica manager reads, parsed and validated by broker-core. Per-partition
 * settings ({@code min.insync.replicas}, the timestamp bounds, the stored codec) come from each
 * partition's topic configuration ({@link io.skiff.log.LogConfig}), which follows dynamic changes.
 *
 * @param brokerId this broker
 */
public record ReplicaManagerConfig(int brokerId) {
    /** Kafka's defaults for a broker with id {@code brokerId}. */
    public static ReplicaManagerConfig defaults(int brokerId) {
        return new ReplicaManagerConfig(brokerId);
    }
}
