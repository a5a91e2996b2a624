package io.skiff.replication.zk;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to an existing topic's assignment znode ({@code /brokers/topics/<t>}), each a compare-and-set on its data
 * version so that a concurrent partition increase or reassignment step is never overwritten: a lost race re-reads and
 * re-checks. Thread-safe; every operation runs on the session's pool.
 */
final class ZkTopicAssignments {
    private static final Logger LOG = LoggerFactory.getLogger(ZkTopicAssignments.class);

    private final ZkSession session;

    ZkTopicAssignments(ZkSession session) {
        this.session = session;
    }

    /**
     * Appends {@code added} (replica lists of the new partitions, numbered from the current count) to the topic's
     * assignment, keeping its existing partitions and any reassignment in progress.
     *
     * @param expectedPartitions the partition count the caller validated against
     * @throws MetadataStoreException (in the future) UNKNOWN_TOPIC_OR_PARTITION if the topic (with this id) is gone,
     *     INVALID_TOPIC_EXCEPTION if it is marked for deletion, INVALID_PARTITIONS if its partition count is no longer
     *     {@code expectedPartitions}
     */
    CompletableFuture<Void> addPartitions(
            String topic, UUID topicId, int expectedPartitions, Map<Integer, List<Integer>> added) {
        return session.run(() -> {
            String path = ZNodes.topic(topic);
            while (true) {
                Stat stat = new Stat();
                Optional<TopicAssignment> current = session.readIfExists(path, stat)
                        .map(data -> ZkJson.decodeTopicAssignment(topic, data));
                if (current.isEmpty() || !current.get().topicId().equals(topicId)) {
                    throw unknown(topic);
                }
                if (session.client.checkExists().forPath(ZNodes.deleteTopic(topic)) != null) {
                    throw new MetadataStoreException(ErrorCodes.INVALID_TOPIC_EXCEPTION, "The topic is queued for deletion.");
                }
                TopicAssignment before = current.get();
                if (before.partitions().size() != expectedPartitions) {
                    throw new MetadataStoreException(ErrorCodes.INVALID_PARTITIONS, "Topic " + topic + " now has "
                            + before.partitions().size() + " partition(s), not the " + expectedPartitions
                            + " the request was checked against; retry");
                }
                SortedMap<Integer, List<Integer>> partitions = new TreeMap<>(before.partitions());
                partitions.putAll(added);
                TopicAssignment after = new TopicAssignment(topic, topicId, partitions, before.addingReplicas(),
                        before.removingReplicas());
                try {
                    session.client.setData().withVersion(stat.getVersion()).forPath(path, ZkJson.topicAssignment(after));
                    LOG.info("Increased the partitions of topic {} from {} to {}", topic, expectedPartitions,
                            partitions.size());
                    return null;
                } catch (KeeperException.BadVersionException changed) {
                    // The assignment changed since we read it (a reassignment step): read it again.
                } catch (KeeperException.NoNodeException gone) {
                    throw unknown(topic);
                }
            }
        });
    }

    private static MetadataStoreException unknown(String topic) {
        return new MetadataStoreException(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist");
    }
}
