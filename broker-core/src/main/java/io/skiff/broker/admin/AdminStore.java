package io.skiff.broker.admin;

import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.MetadataStoreException;
import io.skiff.replication.zk.ProducerIdBlock;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.replication.zk.ZkMetadataStore;
import io.skiff.replication.zk.ZkMetadataWatcher;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The slice of cluster metadata the admin path reads and writes: the live cluster view plus the three
 * writes it makes. Production uses {@link #of} over ZooKeeper; unit tests substitute an in-memory one.
 *
 * <p>Implementations are thread-safe; writes complete their stage off the caller's thread and fail with an
 * {@link ApiException} carrying the Kafka error (use {@link #translate}).
 */
public interface AdminStore {
    /** The latest cluster view (never null). */
    ClusterSnapshot cluster();

    /** Writes a new topic; fails with TOPIC_ALREADY_EXISTS if it (or its pending deletion) exists. */
    CompletionStage<Void> createTopic(TopicAssignment assignment, Map<String, String> config);

    /** Marks a topic for deletion; the controller removes it. Fails with UNKNOWN_TOPIC_OR_PARTITION if absent. */
    CompletionStage<Void> markTopicForDeletion(String topic);

    /**
     * Appends partitions {@code added} (numbered from {@code expectedPartitions}) to an existing topic; fails with
     * UNKNOWN_TOPIC_OR_PARTITION if the topic (with this id) is gone, INVALID_TOPIC_EXCEPTION if it is marked for
     * deletion, INVALID_PARTITIONS if its count changed since the caller checked it.
     */
    CompletionStage<Void> addPartitions(String topic, UUID topicId, int expectedPartitions,
                                        Map<Integer, List<Integer>> added);

    /** Claims the next producer-id block for {@code brokerId}. */
    CompletionStage<ProducerIdBlock> allocateProducerIdBlock(int brokerId);

    /** The ZooKeeper-backed store a running broker uses. */
    static AdminStore of(ZkMetadataStore store, ZkMetadataWatcher watcher) {
        return new AdminStore() {
            @Override
            public ClusterSnapshot cluster() {
                return watcher.snapshot();
            }

            @Override
            public CompletionStage<Void> createTopic(TopicAssignment assignment, Map<String, String> config) {
                return translated(store.createTopic(assignment, config));
            }

            @Override
            public CompletionStage<Void> markTopicForDeletion(String topic) {
                return translated(store.deleteTopic(topic));
            }

            @Override
            public CompletionStage<Void> addPartitions(String topic, UUID topicId, int expectedPartitions,
                                                       Map<Integer, List<Integer>> added) {
                return translated(store.addPartitions(topic, topicId, expectedPartitions, added));
            }

            @Override
            public CompletionStage<ProducerIdBlock> allocateProducerIdBlock(int brokerId) {
                return translated(store.allocateProducerIdBlock(brokerId));
            }
        };
    }

    private static <T> CompletionStage<T> translated(CompletableFuture<T> stage) {
        return stage.handle((value, error) -> {
            if (error != null) {
                throw translate(error);
            }
            return value;
        });
    }

    /** The {@link ApiException} a client should see for a metadata-store failure (unwrapping completions). */
    static ApiException translate(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof MetadataStoreException store) {
            return new ApiException(Errors.forCode(store.errorCode()), store.getMessage(),
                    store.errorCode() == Errors.UNKNOWN_SERVER_ERROR.code() ? store : null);
        }
        return new ApiException(Errors.UNKNOWN_SERVER_ERROR, String.valueOf(cause), cause);
    }
}
