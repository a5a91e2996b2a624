package io.skiff.log;

/** A topic name and partition index; immutable. */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
