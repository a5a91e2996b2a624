package io.skiff.replication.partition;

/**
 * The broker settings the replica manager reads, parsed and validated by broker-core.
 *
 * @param brokerId this broker
 * @param minInsyncReplicas {@code min.insync.replicas}: fewest in-sync replicas an {@code acks=all} produce needs
 * @param timestampBeforeMaxMs {@code log.message.timestamp.before.max.ms}: how far in the past a CreateTime batch
 *     timestamp may lie
 * @param timestampAfterMaxMs {@code log.message.timestamp.after.max.ms}: how far in the future it may lie
 */
public record ReplicaManagerConfig(int brokerId, int minInsyncReplicas, long timestampBeforeMaxMs,
                                   long timestampAfterMaxMs) {
    public ReplicaManagerConfig {
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be at least 1: " + minInsyncReplicas);
        }
        if (timestampBeforeMaxMs < 0 || timestampAfterMaxMs < 0) {
            throw new IllegalArgumentException("log.message.timestamp.before/after.max.ms must not be negative");
        }
    }

    /** Kafka's defaults for a broker with id {@code brokerId}. */
    public static ReplicaManagerConfig defaults(int brokerId) {
        return new ReplicaManagerConfig(brokerId, 1, Long.MAX_VALUE, 3_600_000L);
    }
}
