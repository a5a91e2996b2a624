package io.skiff.broker;

import io.skiff.broker.admin.ConfigStore;
import io.skiff.broker.admin.TopicConfigs;
import io.skiff.broker.config.BrokerConfig;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.config.DynamicBrokerConfig;
import io.skiff.broker.config.Endpoint;
import io.skiff.broker.config.InertBrokerConfigs;
import io.skiff.broker.handler.Handlers;
import io.skiff.broker.network.HandlerRegistry;
import io.skiff.broker.network.KafkaServer;
import io.skiff.log.ExecutorScheduler;
import io.skiff.log.LogManager;
import io.skiff.log.MetaProperties;
import io.skiff.log.Time;
import io.skiff.replication.controller.ZkControllerAdapter;
import io.skiff.replication.delayed.SystemTimer;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.replication.partition.ReplicaManagerConfig;
import io.skiff.replication.zk.BrokerRegistration;
import io.skiff.replication.zk.ConfigChangeProcessor;
import io.skiff.replication.zk.ConfigEntityType;
import io.skiff.replication.zk.EmbeddedZooKeeper;
import io.skiff.replication.zk.EndPoint;
import io.skiff.replication.zk.KafkaUuid;
import io.skiff.replication.zk.ZkConnectionConfig;
import io.skiff.replication.zk.ZkMetadataStore;
import io.skiff.replication.zk.ZkMetadataWatcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker process's life: start in dependency order, stop in reverse.
 *
 * <p>Start: (embedded) ZooKeeper → metadata store, cluster id, broker id ↔ {@code meta.properties}
 * → log manager (recovery) → timer, metadata watcher → request handlers → listeners → broker
 * registration in ZooKeeper → controller election → metadata watching. Clients can connect once the
 * listeners are bound, but the broker is "started" (and says so in the log) only after it is
 * registered, so a client's first Metadata request already lists it.
 *
 * <p>Stop (SIGTERM, Ctrl-C): listeners first (no new requests), then controller and registration,
 * then the log manager, which flushes and writes the clean-shutdown marker and checkpoints, then
 * ZooKeeper. Every step is attempted even when an earlier one failed.
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    /** Sealed segments whose files stay open; colder ones are reopened on demand (bounded descriptors). */
    private static final long MAX_OPEN_SEGMENT_FILES = 10_000;
    /** Kafka's replica.high.watermark.checkpoint.interval.ms default. */
    private static final long HW_CHECKPOINT_INTERVAL_MS = 5000L;

    private final BrokerConfig config;
    private final Time time;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private volatile BrokerServices services;
    private volatile List<Endpoint> boundEndpoints = List.of();

    public Broker(BrokerConfig config, Time time) {
        this.config = config;
        this.time = time;
    }

    /** Starts everything; on failure closes what was started and rethrows. */
    public void start() throws Exception {
        long startNanos = System.nanoTime();
        try {
            doStart(startNanos);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void doStart(long startNanos) throws Exception {
        for (String key : config.unknownKeys()) {
            if (InertBrokerConfigs.all().containsKey(key)) {
                LOG.info("Configuration key {} is Kafka's but has no effect in this broker", key);
            } else {
                LOG.info("Ignoring unknown configuration key {}", key);
            }
        }
        List<Path> logDirs = config.logDirs().stream().map(p -> p.toAbsolutePath().normalize()).toList();

        String connect;
        if (config.zookeeperConnect().isPresent()) {
            connect = config.zookeeperConnect().get();
        } else {
            Path zkDir = logDirs.get(0).getParent().resolve("zookeeper");
            EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(zkDir, config.get(BrokerConfigs.EMBEDDED_ZOOKEEPER_PORT));
            closeables.push(zk);
            connect = zk.connectString();
        }
        ZkMetadataStore store = ZkMetadataStore.connect(new ZkConnectionConfig(connect,
                config.get(BrokerConfigs.ZOOKEEPER_SESSION_TIMEOUT_MS), config.zookeeperConnectionTimeoutMs()),
                time);
        closeables.push(store);
        store.ensurePersistentPaths().get(30, TimeUnit.SECONDS);
        SecureRandom random = new SecureRandom();
        String clusterId = store.getOrCreateClusterId(() -> KafkaUuid.random(random)).get(30, TimeUnit.SECONDS);
        int brokerId = resolveIdentity(logDirs, clusterId, store);

        ExecutorScheduler scheduler = new ExecutorScheduler("skiff-background", config.get(BrokerConfigs.BACKGROUND_THREADS));
        closeables.push(scheduler);
        TopicConfigs topicConfigs = new TopicConfigs(ConfigStore.of(store), new DynamicBrokerConfig(config), brokerId);
        topicConfigs.reloadBroker();
        // From here on, the keys that can change at runtime are read from the live config (dynamic layers included).
        BrokerConfig live = topicConfigs.broker().current();
        scheduler.setThreads(live.get(BrokerConfigs.BACKGROUND_THREADS));
        long recoveryStart = System.nanoTime();
        LogManager logManager = LogManager.start(new LogManager.Settings(logDirs,
                        live.get(BrokerConfigs.NUM_RECOVERY_THREADS_PER_DATA_DIR),
                        config.get(BrokerConfigs.LOG_RETENTION_CHECK_INTERVAL_MS),
                        config.get(BrokerConfigs.LOG_FLUSH_SCHEDULER_INTERVAL_MS),
                        config.get(BrokerConfigs.LOG_FLUSH_OFFSET_CHECKPOINT_INTERVAL_MS),
                        config.get(BrokerConfigs.LOG_CLEANER_BACKOFF_MS),
                        live.get(BrokerConfigs.LOG_CLEANER_IO_MAX_BYTES_PER_SECOND),
                        MAX_OPEN_SEGMENT_FILES,
                        config.get(BrokerConfigs.PRODUCER_ID_EXPIRATION_MS)),
                topicConfigs::logConfig, time, scheduler);
        closeables.push(logManager);
        topicConfigs.attachLogs(logManager::allLogs);
        long recoveryMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveryStart);

        SystemTimer timer = new SystemTimer("skiff-timer", 5);
        closeables.push(timer);
        ThreadPoolExecutor ioPool = ThreadPools.fixed(live.get(BrokerConfigs.NUM_IO_THREADS), daemon("skiff-io"));
        closeables.push(ioPool::shutdownNow);
        Consumer<BrokerConfig> reconfigure = c -> {
            ThreadPools.resize(ioPool, c.get(BrokerConfigs.NUM_IO_THREADS));
            scheduler.setThreads(c.get(BrokerConfigs.BACKGROUND_THREADS));
            logManager.setCleanerIoMaxBytesPerSecond(c.get(BrokerConfigs.LOG_CLEANER_IO_MAX_BYTES_PER_SECOND));
        };
        topicConfigs.broker().onChange(reconfigure);
        reconfigure.accept(topicConfigs.broker().current()); // a change that landed before the listener did
        ZkMetadataWatcher watcher = new ZkMetadataWatcher(store);
        closeables.push(watcher);

        BrokerServices s = new BrokerServices(config, brokerId, clusterId, time, store, watcher, logManager, timer,
                scheduler, ioPool, topicConfigs);
        watcher.addListener(snapshot -> {
            Map<String, java.util.UUID> ids = new java.util.HashMap<>();
            snapshot.topics().forEach((name, assignment) -> ids.put(name, assignment.topicId()));
            topicConfigs.onTopics(ids);
        });
        ConfigChangeProcessor configChanges = new ConfigChangeProcessor(store, (type, name) -> {
            if (type == ConfigEntityType.TOPICS) {
                topicConfigs.reloadTopic(name);
            } else if (type == ConfigEntityType.BROKERS
                    && (name.equals(ConfigEntityType.DEFAULT_ENTITY) || name.equals(Integer.toString(brokerId)))) {
                topicConfigs.reloadBroker();
            }
        }, time);
        closeables.push(configChanges);
        configChanges.start();
        ReplicaManager replicaManager = new ReplicaManager(new ReplicaManagerConfig(brokerId), logManager, timer, time,
                ioPool);
        closeables.push(replicaManager);
        watcher.addListener(replicaManager::onMetadata);
        scheduler.schedulePeriodically("high-watermark-checkpoint", replicaManager::checkpointHighWatermarks,
                HW_CHECKPOINT_INTERVAL_MS, HW_CHECKPOINT_INTERVAL_MS);
        ZkControllerAdapter controller = new ZkControllerAdapter(store, brokerId, time);
        closeables.push(controller);
        HandlerRegistry registry = Handlers.install(s, replicaManager, controller::electLeaders);

        KafkaServer server = new KafkaServer(new KafkaServer.Settings(
                config.get(BrokerConfigs.NUM_NETWORK_THREADS),
                config.get(BrokerConfigs.SOCKET_REQUEST_MAX_BYTES),
                config.get(BrokerConfigs.QUEUED_MAX_REQUESTS),
                config.get(BrokerConfigs.CONNECTIONS_MAX_IDLE_MS),
                config.get(BrokerConfigs.SOCKET_SEND_BUFFER_BYTES),
                config.get(BrokerConfigs.SOCKET_RECEIVE_BUFFER_BYTES),
                config.get(BrokerConfigs.SOCKET_LISTEN_BACKLOG_SIZE)), registry);
        closeables.push(server);
        boundEndpoints = server.start(config.listeners());

        watcher.start();
        store.registerBroker(new BrokerRegistration(brokerId, advertised(boundEndpoints), Optional.empty(), -1,
                time.milliseconds(), Map.of())).get(60, TimeUnit.SECONDS);
        controller.start();
        this.services = s;

        LOG.info("Skiff broker {} started in {} ms (cluster {}); listening on {}; data in {}; log recovery took {} ms",
                brokerId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), clusterId,
                boundEndpoints.stream().map(Broker::describe).collect(Collectors.joining(", ")),
                logDirs, recoveryMs);
    }

    /** Matches the broker id and cluster id against {@code meta.properties} of every log dir. */
    private int resolveIdentity(List<Path> logDirs, String clusterId, ZkMetadataStore store) throws Exception {
        int configured = config.brokerId();
        Integer stored = null;
        for (Path dir : logDirs) {
            java.nio.file.Files.createDirectories(dir);
            Optional<MetaProperties> meta = MetaProperties.read(dir);
            if (meta.isEmpty()) {
                continue;
            }
            if (meta.get().clusterId() != null && !meta.get().clusterId().equals(clusterId)) {
                throw new IllegalStateException("The cluster id " + clusterId + " in ZooKeeper does not match the cluster id "
                        + meta.get().clusterId() + " in " + dir.resolve(MetaProperties.FILE_NAME)
                        + "; is zookeeper.connect pointing at the wrong cluster?");
            }
            if (stored != null && stored != meta.get().brokerId()) {
                throw new IllegalStateException("Log dirs disagree on the broker id: " + stored + " vs " + meta.get().brokerId());
            }
            stored = meta.get().brokerId();
        }
        if (configured >= 0 && stored != null && configured != stored) {
            throw new IllegalStateException("Configured broker.id " + configured + " does not match stored broker.id "
                    + stored + " in meta.properties; delete meta.properties only if this is a new broker");
        }
        int id = configured >= 0 ? configured : stored != null ? stored : generateBrokerId(store);
        for (Path dir : logDirs) {
            new MetaProperties(id, clusterId).write(dir);
        }
        return id;
    }

    /**
     * Kafka's ZooKeeper-mode id generation for a broker that sets no {@code broker.id} and has none stored:
     * {@code reserved.broker.max.id} plus a cluster-wide sequence number, so brokers never collide with
     * each other or with configured ids. The id is then kept in {@code meta.properties}.
     */
    private int generateBrokerId(ZkMetadataStore store) throws Exception {
        if (!config.get(BrokerConfigs.BROKER_ID_GENERATION_ENABLE)) {
            throw new IllegalStateException("broker.id is not set, no meta.properties holds one, and "
                    + "broker.id.generation.enable is false: set broker.id");
        }
        int id = config.get(BrokerConfigs.RESERVED_BROKER_MAX_ID) + store.generateBrokerSequenceId().get(30, TimeUnit.SECONDS);
        LOG.info("Generated broker id {} (broker.id is not set)", id);
        return id;
    }

    private List<EndPoint> advertised(List<Endpoint> bound) throws UnknownHostException {
        List<EndPoint> result = new ArrayList<>();
        for (Endpoint a : config.advertisedListeners()) {
            Endpoint actual = bound.stream().filter(b -> b.listenerName().equals(a.listenerName())).findFirst().orElse(a);
            String host = a.host().isEmpty() ? InetAddress.getLocalHost().getCanonicalHostName() : a.host();
            int port = a.port() == 0 ? actual.port() : a.port();
            result.add(new EndPoint(a.listenerName(), a.securityProtocol(), host, port));
        }
        return result;
    }

    private static String describe(Endpoint e) {
        String host = e.host().isEmpty() ? "0.0.0.0" : e.host();
        return e.listenerName() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + e.port();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The running broker's services; null before {@link #start()} completes. */
    public BrokerServices services() {
        return services;
    }

    /** The listeners with their actual ports. */
    public List<Endpoint> boundEndpoints() {
        return boundEndpoints;
    }

    /** Stops everything that was started, newest first; never throws. */
    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.error("Error while shutting down {}", c.getClass().getSimpleName(), e);
            }
        }
    }
}
