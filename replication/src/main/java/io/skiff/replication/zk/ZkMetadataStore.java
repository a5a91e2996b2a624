package io.skiff.replication.zk;

import io.skiff.log.Time;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every read and write of cluster metadata in ZooKeeper, through one Curator session.
 *
 * <p>Threading: each public operation returns a {@link CompletableFuture} that completes on this store's own small
 * thread pool, never on the caller's thread, so Netty event loops can call it freely. Only {@link #connect} (waits
 * for the first session) and {@link #close} block. Watch listeners are also called on the pool.
 *
 * <p>Failures: a future fails with {@link MetadataStoreException} carrying the Kafka error code a client should see
 * (e.g. {@link ErrorCodes#TOPIC_ALREADY_EXISTS}); an expected lost race on a versioned write is a {@link CasResult},
 * not an exception.
 *
 * <p>Sessions: the broker registration is ephemeral and is re-created after the session expires and a new one is
 * established; watches returned here survive that too.
 */
public final class ZkMetadataStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkMetadataStore.class);
    private static final int CREATE_TOPIC_ATTEMPTS = 3;

    private final ZkSession session;
    private final CuratorFramework client;
    private final ZkPartitionStates partitionStates;
    private final ZkTopicAssignments topicAssignments;
    private final Time time;
    private final AtomicReference<BrokerRegistration> registration = new AtomicReference<>();
    /** Sessions this store has held (registration owners we may find left behind after an expiry). */
    private final Set<Long> ownSessions = ConcurrentHashMap.newKeySet();

    ZkMetadataStore(CuratorFramework client, Time time) {
        this.session = new ZkSession(client);
        this.client = client;
        this.partitionStates = new ZkPartitionStates(session);
        this.topicAssignments = new ZkTopicAssignments(session);
        this.time = time;
        client.getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.RECONNECTED && registration.get() != null) {
                session.pool.execute(this::reRegisterQuietly);
            }
        });
    }

    /**
     * Opens a session and waits (blocking) until it is established.
     *
     * @throws MetadataStoreException if no session is established within the connection timeout
     */
    public static ZkMetadataStore connect(ZkConnectionConfig config, Time time) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(config.connectString())
                .sessionTimeoutMs(config.sessionTimeoutMs())
                .connectionTimeoutMs(config.connectionTimeoutMs())
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 2_000))
                .build();
        client.start();
        try {
            if (!client.blockUntilConnected(config.connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                client.close();
                throw new MetadataStoreException(
                        ErrorCodes.UNKNOWN_SERVER_ERROR,
                        "Timed out connecting to ZooKeeper at " + config.connectString() + " ("
                                + ZkConnectionConfig.CONNECTION_TIMEOUT_MS + "=" + config.connectionTimeoutMs() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new MetadataStoreException(ErrorCodes.UNKNOWN_SERVER_ERROR, "interrupted connecting to ZooKeeper", e);
        }
        return new ZkMetadataStore(client, time);
    }

    /** The underlying session, for the controller election that shares it. */
    CuratorFramework curator() {
        return client;
    }

    // ---- cluster bootstrap

    /** Creates Kafka's persistent top-level paths that are missing; existing ones are left alone. */
    public CompletableFuture<Void> ensurePersistentPaths() {
        return session.run(() -> {
            // A new cluster needs about twenty znodes: one transaction writes them all (one ZooKeeper
            // commit, one fsync) instead of a commit each. A broker racing us makes it fail; then the
            // paths are created one by one, each tolerating that it exists.
            List<String> missing = new java.util.ArrayList<>();
            for (String path : ZNodes.PERSISTENT_PATHS) {
                for (String prefix : prefixes(path)) {
                    if (!missing.contains(prefix) && client.checkExists().forPath(prefix) == null) {
                        missing.add(prefix);
                    }
                }
            }
            if (missing.isEmpty()) {
                return null;
            }
            try {
                List<CuratorOp> creates = new java.util.ArrayList<>();
                for (String path : missing) {
                    creates.add(client.transactionOp().create().forPath(path, new byte[0]));
                }
                client.transaction().forOperations(creates);
            } catch (KeeperException.NodeExistsException raced) {
                for (String path : ZNodes.PERSISTENT_PATHS) {
                    session.createIfAbsent(path);
                }
            }
            return null;
        });
    }

    /** {@code /a}, {@code /a/b}, {@code /a/b/c} for {@code /a/b/c}: parents first. */
    private static List<String> prefixes(String path) {
        List<String> prefixes = new java.util.ArrayList<>();
        int slash = path.indexOf('/', 1);
        while (slash > 0) {
            prefixes.add(path.substring(0, slash));
            slash = path.indexOf('/', slash + 1);
        }
        prefixes.add(path);
        return prefixes;
    }

    /**
     * Returns the cluster id, creating {@code /cluster/id} with a fresh id if this is a new cluster. Two brokers
     * racing here agree: the loser reads the winner's id.
     */
    public CompletableFuture<String> getOrCreateClusterId(Supplier<UUID> newId) {
        return session.run(() -> {
            while (true) {
                Optional<byte[]> existing = session.readIfExists(ZNodes.CLUSTER_ID, null);
                if (existing.isPresent()) {
                    return ZkJson.decodeClusterId(existing.get());
                }
                String id = KafkaUuid.toKafkaString(newId.get());
                try {
                    client.create().creatingParentsIfNeeded().forPath(ZNodes.CLUSTER_ID, ZkJson.clusterId(id));
                    LOG.info("Created new cluster id {}", id);
                    return id;
                } catch (KeeperException.NodeExistsException raced) {
                    // another broker created it first; read theirs
                }
            }
        });
    }

    // ---- brokers

    /**
     * Returns a fresh number from {@code /brokers/seqid}, as Kafka's ZooKeeper mode generates broker ids: an
     * unconditional write bumps the znode's version, and the new version is the sequence number. Every caller,
     * on any broker, gets a distinct one (1, 2, ...).
     */
    public CompletableFuture<Integer> generateBrokerSequenceId() {
        return session.run(() -> {
            session.createIfAbsent(ZNodes.BROKER_SEQID);
            return client.setData().withVersion(-1).forPath(ZNodes.BROKER_SEQID, new byte[0]).getVersion();
        });
    }

    /**
     * Publishes this broker's ephemeral registration and keeps it published across session expiries.
     *
     * @throws MetadataStoreException (in the future) if another live session holds this broker id
     */
    public CompletableFuture<Void> registerBroker(BrokerRegistration broker) {
        return session.run(() -> {
            if (!writeRegistration(broker)) {
                throw new MetadataStoreException(ErrorCodes.UNKNOWN_SERVER_ERROR, "Broker id " + broker.brokerId()
                        + " is still registered by this broker's previous session; retry after it expires");
            }
            registration.set(broker);
            LOG.info("Registered broker {} at {}", broker.brokerId(), ZNodes.broker(broker.brokerId()));
            return null;
        });
    }

    /**
     * Creates the ephemeral registration. Returns false, leaving a watch that retries, when the znode is still held
     * by one of this store's own earlier sessions: the client may learn of an expiry (or Curator may declare one after
     * a long disconnection) before the server has removed that session's ephemerals.
     */
    private boolean writeRegistration(BrokerRegistration broker) throws Exception {
        String path = ZNodes.broker(broker.brokerId());
        byte[] data = ZkJson.brokerRegistration(broker);
        long sessionId = session.sessionId();
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
            ownSessions.add(sessionId);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            Stat stat = client.checkExists().usingWatcher((CuratorWatcher) event -> {
                if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                    session.pool.execute(this::reRegisterQuietly);
                }
            }).forPath(path);
            if (stat == null) {
                return writeRegistration(broker); // vanished meanwhile: the old owner's session just ended
            }
            if (stat.getEphemeralOwner() == sessionId) {
                return true;
            }
            if (ownSessions.contains(stat.getEphemeralOwner())) {
                LOG.info("Broker {} registration still held by our expired session 0x{}; waiting for the server to "
                        + "remove it", broker.brokerId(), Long.toHexString(stat.getEphemeralOwner()));
                return false;
            }
            throw new MetadataStoreException(
                    ErrorCodes.UNKNOWN_SERVER_ERROR,
                    "Broker id " + broker.brokerId() + " is already registered by another session (0x"
                            + Long.toHexString(stat.getEphemeralOwner()) + ")");
        }
    }

    private void reRegisterQuietly() {
        BrokerRegistration broker = registration.get();
        if (broker == null) {
            return;
        }
        try {
            // A fresh timestamp, as Kafka writes on every registration: it tells operators when the broker came back.
            if (writeRegistration(broker.withTimestamp(time.milliseconds()))) {
                LOG.info("Re-registered broker {} after reconnection", broker.brokerId());
            }
        } catch (Exception e) {
            LOG.error("Could not re-register broker {} after reconnection", broker.brokerId(), e);
        }
    }

    /** Ids of the brokers registered now, ascending. */
    public CompletableFuture<Set<Integer>> liveBrokerIds() {
        return session.run(() -> brokerIds(client.getChildren().forPath(ZNodes.BROKER_IDS)));
    }

    public CompletableFuture<Optional<BrokerRegistration>> getBroker(int brokerId) {
        return session.run(() -> session.readIfExists(ZNodes.broker(brokerId), null)
                .map(data -> ZkJson.decodeBrokerRegistration(brokerId, data)));
    }

    /** Calls the listener with the live broker ids now and after each change, until the returned handle closes. */
    public AutoCloseable watchBrokerIds(Consumer<Set<Integer>> listener) {
        return session.watchChildren(ZNodes.BROKER_IDS, children -> listener.accept(brokerIds(children)));
    }

    private static Set<Integer> brokerIds(List<String> children) {
        Set<Integer> ids = new TreeSet<>();
        for (String child : children) {
            try {
                ids.add(Integer.parseInt(child));
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring non-numeric broker registration znode {}/{}", ZNodes.BROKER_IDS, child);
            }
        }
        return Set.copyOf(ids);
    }

    // ---- topics

    /**
     * Creates a topic: its config and its assignment, atomically.
     *
     * @throws MetadataStoreException (in the future) with {@link ErrorCodes#TOPIC_ALREADY_EXISTS} if the topic exists
     *     or is still marked for deletion
     */
    public CompletableFuture<Void> createTopic(TopicAssignment assignment, Map<String, String> config) {
        return session.run(() -> {
            String topicPath = ZNodes.topic(assignment.topic());
            String configPath = ZNodes.config(ConfigEntityType.TOPICS, assignment.topic());
            for (int attempt = 1; ; attempt++) {
                if (client.checkExists().forPath(ZNodes.deleteTopic(assignment.topic())) != null) {
                    throw topicExists(assignment.topic(), " and is marked for deletion");
                }
                boolean hasConfig = client.checkExists().forPath(configPath) != null;
                CuratorOp writeConfig = hasConfig
                        ? client.transactionOp().setData().forPath(configPath, ZkJson.entityConfig(config))
                        : client.transactionOp().create().forPath(configPath, ZkJson.entityConfig(config));
                CuratorOp createTopic =
                        client.transactionOp().create().forPath(topicPath, ZkJson.topicAssignment(assignment));
                try {
                    client.transaction().forOperations(writeConfig, createTopic);
                    LOG.info("Created topic {} with id {} and {} partitions", assignment.topic(),
                            KafkaUuid.toKafkaString(assignment.topicId()), assignment.partitions().size());
                    return null;
                } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                    if (client.checkExists().forPath(topicPath) != null) {
                        throw topicExists(assignment.topic(), "");
                    }
                    if (attempt == CREATE_TOPIC_ATTEMPTS) {
                        throw e; // the config node keeps changing under us
                    }
                }
            }
        });
    }

    private static MetadataStoreException topicExists(String topic, String detail) {
        return new MetadataStoreException(ErrorCodes.TOPIC_ALREADY_EXISTS, "Topic '" + topic + "' already exists" + detail);
    }

    public CompletableFuture<Optional<TopicAssignment>> getTopic(String topic) {
        return session.run(() -> session.readIfExists(ZNodes.topic(topic), null)
                .map(data -> ZkJson.decodeTopicAssignment(topic, data)));
    }

    /**
     * Calls the listener with the topic's assignment, or empty while it does not exist, now and after each change
     * (a partition increase or reassignment), until the handle closes.
     */
    public AutoCloseable watchTopic(String topic, Consumer<Optional<TopicAssignment>> listener) {
        return session.watchData(ZNodes.topic(topic), node -> node.map(v -> ZkJson.decodeTopicAssignment(topic, v.data())),
                listener);
    }

    /**
     * A partition increase: appends {@code added} to the topic's assignment (see {@link ZkTopicAssignments}); the
     * controller watching the assignment then elects leaders of the new partitions.
     */
    public CompletableFuture<Void> addPartitions(
            String topic, UUID topicId, int expectedPartitions, Map<Integer, List<Integer>> added) {
        return topicAssignments.addPartitions(topic, topicId, expectedPartitions, added);
    }

    /** Names of all topics, including those marked for deletion, sorted. */
    public CompletableFuture<List<String>> listTopics() {
        return session.run(() -> List.copyOf(new TreeSet<>(client.getChildren().forPath(ZNodes.BROKER_TOPICS))));
    }

    /** Calls the listener with the sorted topic names now and after each change, until the handle closes. */
    public AutoCloseable watchTopics(Consumer<List<String>> listener) {
        return session.watchChildren(ZNodes.BROKER_TOPICS, listener);
    }

    /**
     * Marks a topic for deletion, as Kafka's tools do; the controller removes it. Marking twice is not an error.
     *
     * @throws MetadataStoreException (in the future) with {@link ErrorCodes#UNKNOWN_TOPIC_OR_PARTITION} if there is no
     *     such topic
     */
    public CompletableFuture<Void> deleteTopic(String topic) {
        return session.run(() -> {
            if (client.checkExists().forPath(ZNodes.topic(topic)) == null) {
                throw new MetadataStoreException(
                        ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist");
            }
            session.createIfAbsent(ZNodes.deleteTopic(topic));
            return null;
        });
    }

    public CompletableFuture<Set<String>> topicsMarkedForDeletion() {
        return session.run(() -> Set.copyOf(client.getChildren().forPath(ZNodes.DELETE_TOPICS)));
    }

    /** Calls the listener with the topics marked for deletion now and after each change, until the handle closes. */
    public AutoCloseable watchTopicsMarkedForDeletion(Consumer<List<String>> listener) {
        return session.watchChildren(ZNodes.DELETE_TOPICS, listener);
    }

    /**
     * The controller's last step of a deletion: removes the topic's assignment and partition states, then its
     * config, and last its deletion mark, so that until the very end a re-creation of the name is refused
     * with TOPIC_ALREADY_EXISTS. Each step tolerates the znode being gone already, so a controller that
     * resumes a half-done deletion simply finishes it.
     */
    public CompletableFuture<Void> removeTopic(String topic) {
        return session.run(() -> {
            deleteIfExists(ZNodes.topic(topic), true);
            deleteIfExists(ZNodes.config(ConfigEntityType.TOPICS, topic), false);
            deleteIfExists(ZNodes.deleteTopic(topic), false);
            LOG.info("Deleted topic {}", topic);
            return null;
        });
    }

    private void deleteIfExists(String path, boolean withChildren) throws Exception {
        try {
            if (withChildren) {
                client.delete().deletingChildrenIfNeeded().forPath(path);
            } else {
                client.delete().forPath(path);
            }
        } catch (KeeperException.NoNodeException e) {
            // already gone: exactly what we wanted
        }
    }

    // ---- partition state (see ZkPartitionStates)

    /**
     * Writes a partition's first state. {@link CasResult.Outcome#VERSION_CONFLICT} means a state already exists (it is
     * left unchanged); on success the new zkVersion is 0.
     */
    public CompletableFuture<CasResult> createPartitionState(String topic, int partition, PartitionState state) {
        return partitionStates.createPartitionState(topic, partition, state);
    }

    /**
     * As {@link #createPartitionState(String, int, PartitionState)}, but only while {@code fence} is current;
     * otherwise {@link CasResult.Outcome#CONTROLLER_MOVED}.
     */
    public CompletableFuture<CasResult> createPartitionState(
            String topic, int partition, PartitionState state, ControllerFence fence) {
        return partitionStates.createPartitionState(topic, partition, state, fence);
    }

    /**
     * As {@link #compareAndSetPartitionState(String, int, PartitionState, int)}, but only while {@code fence} is
     * current; otherwise {@link CasResult.Outcome#CONTROLLER_MOVED}.
     */
    public CompletableFuture<CasResult> compareAndSetPartitionState(
            String topic, int partition, PartitionState newState, int expectedZkVersion, ControllerFence fence) {
        return partitionStates.compareAndSetPartitionState(topic, partition, newState, expectedZkVersion, fence);
    }

    /** The partition's state with its current zkVersion, or empty if it has none yet. */
    public CompletableFuture<Optional<PartitionState>> getPartitionState(String topic, int partition) {
        return partitionStates.getPartitionState(topic, partition);
    }

    /** Every partition state of a topic, by partition id; partitions without a state are absent. */
    public CompletableFuture<Map<Integer, PartitionState>> getPartitionStates(String topic) {
        return partitionStates.getPartitionStates(topic);
    }

    /**
     * Calls the listener with the partition's state (with its zkVersion), or empty while it has none, now and after
     * each change, until the handle closes: how a broker learns that it leads or follows. A state that cannot be
     * parsed is logged and skipped.
     */
    public AutoCloseable watchPartitionState(
            String topic, int partition, Consumer<Optional<PartitionState>> listener) {
        return partitionStates.watchPartitionState(topic, partition, listener);
    }

    /**
     * Replaces a partition's state only if its znode is still at {@code expectedZkVersion} (the version the caller
     * read). A stale writer gets {@link CasResult.Outcome#VERSION_CONFLICT} and the stored state is unchanged.
     */
    public CompletableFuture<CasResult> compareAndSetPartitionState(
            String topic, int partition, PartitionState newState, int expectedZkVersion) {
        return partitionStates.compareAndSetPartitionState(topic, partition, newState, expectedZkVersion);
    }

    // ---- ISR change notifications

    /**
     * Tells the controller that a leader changed the ISR of these partitions, as Kafka leaders do after their
     * compare-and-set on the partition state: one sequential {@code /isr_change_notification/isr_change_} znode.
     */
    public CompletableFuture<Void> notifyIsrChange(Map<String, ? extends Collection<Integer>> partitions) {
        return session.run(() -> {
            session.createIfAbsent(ZNodes.ISR_CHANGE_NOTIFICATION);
            client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(
                    ZNodes.ISR_CHANGE_NOTIFICATION + "/" + ZNodes.ISR_CHANGE_PREFIX,
                    ZkJson.isrChangeNotification(partitions));
            return null;
        });
    }

    /** Calls the listener with the sorted names of pending ISR change notifications, now and after each change. */
    public AutoCloseable watchIsrChanges(Consumer<List<String>> listener) {
        return session.watchChildren(ZNodes.ISR_CHANGE_NOTIFICATION, listener);
    }

    /**
     * Reads and deletes one ISR change notification (the controller consumes them); empty if already consumed.
     */
    public CompletableFuture<Optional<Map<String, List<Integer>>>> consumeIsrChange(String notification) {
        return session.run(() -> {
            String path = ZNodes.ISR_CHANGE_NOTIFICATION + "/" + notification;
            Optional<byte[]> data = session.readIfExists(path, null);
            if (data.isPresent()) {
                try {
                    client.delete().forPath(path);
                } catch (KeeperException.NoNodeException alreadyConsumed) {
                    return Optional.empty();
                }
            }
            return data.map(ZkJson::decodeIsrChangeNotification);
        });
    }

    // ---- configs

    /** The dynamic config of an entity; empty if none was ever set. */
    public CompletableFuture<Map<String, String>> getConfig(ConfigEntityType type, String entityName) {
        return session.run(() -> session.readIfExists(ZNodes.config(type, entityName), null)
                .map(ZkJson::decodeEntityConfig)
                .orElseGet(LinkedHashMap::new));
    }

    /**
     * Replaces an entity's dynamic config and, in the same transaction, appends a sequential
     * {@code /config/changes/config_change_} notification so every broker reloads it.
     */
    public CompletableFuture<Void> setConfig(ConfigEntityType type, String entityName, Map<String, String> config) {
        return session.run(() -> {
            String path = ZNodes.config(type, entityName);
            session.createIfAbsent(ZNodes.CONFIG_CHANGES);
            session.createIfAbsent(ZNodes.configType(type));
            byte[] data = ZkJson.entityConfig(config);
            CuratorOp write = client.checkExists().forPath(path) != null
                    ? client.transactionOp().setData().forPath(path, data)
                    : client.transactionOp().create().forPath(path, data);
            CuratorOp notify = client.transactionOp()
                    .create()
                    .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(
                            ZNodes.CONFIG_CHANGES + "/" + ZNodes.CONFIG_CHANGE_PREFIX,
                            ZkJson.configChangeNotification(ZNodes.configEntityPath(type, entityName)));
            client.transaction().forOperations(write, notify);
            return null;
        });
    }

    /**
     * Calls the listener with the sorted names of the pending config change notifications now and after each
     * change; read one with {@link #getConfigChangeEntityPath}.
     */
    public AutoCloseable watchConfigChanges(Consumer<List<String>> listener) {
        return session.watchChildren(ZNodes.CONFIG_CHANGES, listener);
    }

    /** The entity path ({@code topics/foo}) named by one notification, or empty if it was purged. */
    public CompletableFuture<Optional<String>> getConfigChangeEntityPath(String notification) {
        return session.run(() -> session.readIfExists(ZNodes.CONFIG_CHANGES + "/" + notification, null)
                .map(ZkJson::decodeConfigChangeEntityPath));
    }

    /**
     * Deletes the config change notifications created before {@code createdBeforeMs} (ZooKeeper's
     * creation time), as Kafka purges notifications every broker has long processed, but none whose
     * sequence number is above {@code processedUpTo} (not yet seen by the caller); returns how many.
     */
    public CompletableFuture<Integer> purgeConfigChanges(long createdBeforeMs, long processedUpTo) {
        return session.run(() -> {
            int purged = 0;
            List<String> children;
            try {
                children = client.getChildren().forPath(ZNodes.CONFIG_CHANGES);
            } catch (KeeperException.NoNodeException e) {
                return 0;
            }
            for (String child : children) {
                if (ConfigChangeProcessor.sequence(child) > processedUpTo) {
                    continue;
                }
                String path = ZNodes.CONFIG_CHANGES + "/" + child;
                Stat stat = client.checkExists().forPath(path);
                if (stat != null && stat.getCtime() < createdBeforeMs) {
                    deleteIfExists(path, false);
                    purged++;
                }
            }
            return purged;
        });
    }

    // ---- producer ids

    /**
     * Claims the next block of {@link ProducerIdBlock#DEFAULT_SIZE} producer ids for a broker. Concurrent
     * allocators never receive overlapping blocks: each claim is a compare-and-set on the znode version, retried
     * after a lost race.
     */
    public CompletableFuture<ProducerIdBlock> allocateProducerIdBlock(int brokerId) {
        return session.run(() -> {
            while (true) {
                Stat stat = new Stat();
                Optional<byte[]> current = session.readIfExists(ZNodes.LATEST_PRODUCER_ID_BLOCK, stat);
                if (current.isEmpty()) {
                    session.createIfAbsent(ZNodes.LATEST_PRODUCER_ID_BLOCK);
                    continue;
                }
                long first = 0;
                if (current.get().length > 0) {
                    ProducerIdBlock previous = ZkJson.decodeProducerIdBlock(current.get());
                    if (previous.lastProducerId() > Long.MAX_VALUE - ProducerIdBlock.DEFAULT_SIZE) {
                        throw new MetadataStoreException(
                                ErrorCodes.UNKNOWN_SERVER_ERROR, "Producer id space exhausted");
                    }
                    first = previous.lastProducerId() + 1;
                }
                ProducerIdBlock next = new ProducerIdBlock(brokerId, first, ProducerIdBlock.DEFAULT_SIZE);
                try {
                    client.setData()
                            .withVersion(stat.getVersion())
                            .forPath(ZNodes.LATEST_PRODUCER_ID_BLOCK, ZkJson.producerIdBlock(next));
                    return next;
                } catch (KeeperException.BadVersionException lostRace) {
                    // another broker claimed a block since we read; read again
                }
            }
        });
    }

    /**
     * Ends the session (its ephemeral znodes, the broker registration and any controllership, disappear at once)
     * and stops the pool. Blocks briefly.
     */
    @Override
    public void close() {
        registration.set(null);
        session.close();
    }
}
