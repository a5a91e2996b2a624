package io.skiff.replication.zk;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ClusterSnapshot} in step with ZooKeeper: one {@link CuratorCache} over
 * {@code /brokers} (registrations, topic assignments, partition states) and one over
 * {@code /controller}. Every change marks the snapshot dirty; a single thread rebuilds it from the
 * caches' local copies (no ZooKeeper round trip) and hands it to the listeners, so a burst of
 * znode events (a topic with 50 partitions) yields few rebuilds.
 *
 * <p>This is how every broker learns leadership: the controller writes partition states, each
 * broker's watcher sees them. Listeners run on the watcher's thread, one at a time, in order, and
 * see each snapshot before {@link #snapshot()} returns it.
 */
public final class ZkMetadataWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkMetadataWatcher.class);

    private final CuratorCache brokersCache;
    private final CuratorCache controllerCache;
    private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skiff-metadata-watcher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean rebuildQueued = new AtomicBoolean();
    private volatile ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;

    public ZkMetadataWatcher(ZkMetadataStore store) {
        this.brokersCache = CuratorCache.build(store.curator(), "/brokers");
        this.controllerCache = CuratorCache.build(store.curator(), ZNodes.CONTROLLER);
        brokersCache.listenable().addListener((type, oldData, data) -> scheduleRebuild());
        controllerCache.listenable().addListener((type, oldData, data) -> scheduleRebuild());
    }

    /** Registers {@code listener} for every snapshot from now on; call before {@link #start()}. */
    public void addListener(Consumer<ClusterSnapshot> listener) {
        listeners.add(listener);
    }

    public void start() {
        brokersCache.start();
        controllerCache.start();
        scheduleRebuild();
    }

    /** The latest snapshot. */
    public ClusterSnapshot snapshot() {
        return snapshot;
    }

    private void scheduleRebuild() {
        if (rebuildQueued.compareAndSet(false, true)) {
            rebuilder.execute(() -> {
                rebuildQueued.set(false);
                ClusterSnapshot next;
                try {
                    next = rebuild();
                } catch (RuntimeException e) {
                    LOG.error("Failed to rebuild cluster metadata from ZooKeeper", e);
                    return;
                }
                // Listeners (the replica manager making this broker a leader) act before the snapshot is
                // published: whoever sees a topic in Metadata finds its partitions already led here, so a
                // produce right after topic creation is never refused (or, with acks=0, silently lost).
                for (Consumer<ClusterSnapshot> l : listeners) {
                    try {
                        l.accept(next);
                    } catch (RuntimeException e) {
                        LOG.error("Metadata listener {} failed on a new cluster snapshot", l, e);
                    }
                }
                snapshot = next;
            });
        }
    }

    private ClusterSnapshot rebuild() {
        Map<Integer, BrokerRegistration> brokers = new HashMap<>();
        Map<String, TopicAssignment> topics = new HashMap<>();
        Map<String, Map<Integer, PartitionState>> states = new HashMap<>();
        String idsPrefix = ZNodes.BROKER_IDS + "/";
        String topicsPrefix = ZNodes.BROKER_TOPICS + "/";
        brokersCache.stream().forEach(node -> {
            String path = node.getPath();
            byte[] data = node.getData();
            if (data == null || data.length == 0) {
                return;
            }
            try {
                if (path.startsWith(idsPrefix) && path.indexOf('/', idsPrefix.length()) < 0) {
                    int id = Integer.parseInt(path.substring(idsPrefix.length()));
                    brokers.put(id, ZkJson.decodeBrokerRegistration(id, data));
                } else if (path.startsWith(topicsPrefix)) {
                    String[] parts = path.substring(topicsPrefix.length()).split("/");
                    if (parts.length == 1) {
                        topics.put(parts[0], ZkJson.decodeTopicAssignment(parts[0], data));
                    } else if (parts.length == 4 && parts[1].equals("partitions") && parts[3].equals("state")) {
                        states.computeIfAbsent(parts[0], t -> new HashMap<>())
                                .put(Integer.parseInt(parts[2]), ZkJson.decodePartitionState(data, version(node)));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Ignoring unreadable znode {}: {}", path, e.toString());
            }
        });
        OptionalInt controller = controllerCache.get(ZNodes.CONTROLLER)
                .map(ChildData::getData)
                .filter(d -> d != null && d.length > 0)
                .map(d -> OptionalInt.of(ZkJson.decodeControllerId(d)))
                .orElse(OptionalInt.empty());
        // A state whose topic is gone (deletion in progress) is not part of the cluster any more.
        states.keySet().retainAll(topics.keySet());
        return new ClusterSnapshot(brokers, topics, states, controller);
    }

    private static int version(ChildData node) {
        return node.getStat() == null ? PartitionState.UNKNOWN_ZK_VERSION : node.getStat().getVersion();
    }

    @Override
    public void close() {
        brokersCache.close();
        controllerCache.close();
        rebuilder.shutdownNow();
    }
}
