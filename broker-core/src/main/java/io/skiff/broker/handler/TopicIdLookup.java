package io.skiff.broker.handler;

import io.skiff.replication.partition.ReplicaManager;
import java.util.Optional;
import java.util.UUID;

/**
 * Topic names and ids as this broker's current cluster view has them, for the APIs whose later versions name
 * topics by id (OffsetCommit and OffsetFetch v10). Implementations are thread-safe.
 */
interface TopicIdLookup {
    Optional<String> name(UUID topicId);

    Optional<UUID> id(String topic);

    static TopicIdLookup of(ReplicaManager replicaManager) {
        return new TopicIdLookup() {
            @Override
            public Optional<String> name(UUID topicId) {
                return replicaManager.topicName(topicId);
            }

            @Override
            public Optional<UUID> id(String topic) {
                return replicaManager.topicId(topic);
            }
        };
    }
}
