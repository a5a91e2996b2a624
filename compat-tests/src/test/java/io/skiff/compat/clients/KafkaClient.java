package io.skiff.compat.clients;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the compat tests ask of every client: create a topic (where it has an admin API), produce
 * records to one partition with a codec, read partitions from the beginning, and consume in a group
 * committing after each record. Each call is a fresh client instance (a new process for non-Java
 * clients) that has finished and closed when the call returns; failures throw {@link AssertionError}
 * with the client's whole output.
 */
public interface KafkaClient {
    Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    /** The name tests and failure messages use, e.g. {@code "kafkajs"}. */
    String name();

    /** Fails with a message naming what to install when the client is missing from this machine. */
    void requireInstalled();

    /** The codecs ({@code none}, {@code gzip}, {@code snappy}, {@code lz4}, {@code zstd}) this client can write and read. */
    List<String> codecs();

    boolean hasAdmin();

    void createTopic(String bootstrap, String topic, int partitions) throws Exception;

    /** Produces the records, in order, to one partition, and waits until all are acknowledged. */
    void produce(String bootstrap, String topic, int partition, String codec, List<ClientRecord> records)
            throws Exception;

    /** Reads {@code count} records from the beginning of the partitions, outside any group's commits. */
    List<ClientRecord> consume(String bootstrap, String topic, List<Integer> partitions, int count) throws Exception;

    /** Consumes {@code count} records in {@code group}, committing after each; returns them and the committed offsets. */
    GroupRun groupConsume(String bootstrap, String topic, String group, int count) throws Exception;

    record GroupRun(List<ClientRecord> records, Map<Integer, Long> committed) {}
}
