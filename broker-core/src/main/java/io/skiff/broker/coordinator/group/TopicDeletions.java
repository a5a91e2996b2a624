package io.skiff.broker.coordinator.group;

import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the cluster's topics and removes the committed offsets of every topic that disappears, or comes back
 * under a new id (deleted and re-created), as Kafka's coordinator does on topic deletion. Only changes seen
 * while this broker runs count: the first snapshot is the baseline (the replica manager, which deletes the
 * replicas of vanished topics from the same snapshots, is no more patient). Metadata callbacks arrive on one
 * thread; {@link #accept} is synchronized anyway.
 */
final class TopicDeletions implements Consumer<ClusterSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(TopicDeletions.class);
    private final OffsetManager offsets;
    private Map<String, UUID> known;

    TopicDeletions(OffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public synchronized void accept(ClusterSnapshot snapshot) {
        Map<String, UUID> now = new HashMap<>();
        for (TopicAssignment t : snapshot.topics().values()) {
            now.put(t.topic(), t.topicId());
        }
        if (known != null) {
            Set<String> gone = new HashSet<>();
            known.forEach((topic, id) -> {
                if (!id.equals(now.get(topic))) {
                    gone.add(topic);
                }
            });
            gone.remove(ReplicatedOffsetLog.TOPIC);
            if (!gone.isEmpty()) {
                LOG.info("Topics {} were deleted: removing their committed offsets from every group", gone);
                offsets.deleteOffsetsOfTopics(gone);
            }
        }
        known = now;
    }
}
