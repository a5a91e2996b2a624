package io.skiff.replication.zk;

/**
 * A range of producer ids owned by one broker, as recorded in {@code /latest_producer_id_block}: ids
 * {@code firstProducerId .. lastProducerId()} inclusive.
 */
public record ProducerIdBlock(int assignedBrokerId, long firstProducerId, int size) {
    /** Kafka's block size. */
    public static final int DEFAULT_SIZE = 1000;

    public long lastProducerId() {
        return firstProducerId + size - 1;
    }
}
