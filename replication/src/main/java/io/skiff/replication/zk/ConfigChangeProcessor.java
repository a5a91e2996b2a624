package io.skiff.replication.zk;

import io.skiff.log.Time;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code /config/changes}, Kafka's ZooKeeper-mode channel for dynamic config changes: whoever
 * changes the config of an entity writes a sequential {@code config_change_<seq>} znode naming it
 * ({@code {"version":2,"entity_path":"topics/foo"}}), and every broker re-reads that entity's config
 * when it sees the notification.
 *
 * <p>Notifications are handed to the listener in sequence order, once each, on this processor's own
 * thread (so the listener may block on ZooKeeper reads). Those already present at {@link #start()} are
 * processed too, as Kafka does: a reload is idempotent, and so a change written between the caller's
 * initial load and the start of the watch is never missed. Notifications older than
 * {@link #PURGE_AGE_MS} are deleted, as Kafka does, so the directory does not grow forever; any broker
 * may purge, since by then every live broker has seen them (and a broker never purges one it has not
 * processed itself).
 *
 * <p>Thread-safety: all work runs on one thread; {@link #close()} may be called from any thread.
 */
public final class ConfigChangeProcessor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigChangeProcessor.class);
    /** Kafka's {@code ZkConfigChangeNotification} purges after 15 minutes. */
    static final long PURGE_AGE_MS = TimeUnit.MINUTES.toMillis(15);
    private static final long PURGE_INTERVAL_MS = TimeUnit.MINUTES.toMillis(1);

    /** Told the entity whose config changed. */
    @FunctionalInterface
    public interface Listener {
        void configChanged(ConfigEntityType type, String entityName);
    }

    private final ZkMetadataStore store;
    private final Listener listener;
    private final Time time;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "skiff-config-changes");
        t.setDaemon(true);
        return t;
    });
    private long lastProcessed = -1;
    private long lastPurgeMs;
    private AutoCloseable watch;

    public ConfigChangeProcessor(ZkMetadataStore store, Listener listener, Time time) {
        this.store = store;
        this.listener = listener;
        this.time = time;
    }

    public synchronized void start() {
        lastPurgeMs = time.milliseconds();
        watch = store.watchConfigChanges(children -> worker.execute(() -> process(children)));
    }

    /** Runs on the worker thread only. */
    private void process(List<String> children) {
        for (String child : children) { // sorted by name, and so by sequence (fixed-width digits)
            long seq = sequence(child);
            if (seq <= lastProcessed) {
                continue;
            }
            try {
                Optional<String> entityPath = store.getConfigChangeEntityPath(child).get(30, TimeUnit.SECONDS);
                entityPath.ifPresent(this::dispatch);
            } catch (Exception e) {
                // ZooKeeper trouble: retried when the watch fires again after reconnection.
                LOG.warn("Could not read config change notification {}; will retry", child, e);
                return;
            }
            lastProcessed = seq;
        }
        long now = time.milliseconds();
        if (now - lastPurgeMs >= PURGE_INTERVAL_MS) {
            lastPurgeMs = now;
            store.purgeConfigChanges(now - PURGE_AGE_MS, lastProcessed).whenComplete((n, e) -> {
                if (e != null) {
                    LOG.debug("Could not purge old config change notifications", e);
                } else if (n > 0) {
                    LOG.debug("Purged {} config change notifications", n);
                }
            });
        }
    }

    private void dispatch(String entityPath) {
        int slash = entityPath.indexOf('/');
        if (slash <= 0) {
            LOG.warn("Ignoring config change notification for malformed entity path {}", entityPath);
            return;
        }
        String typeName = entityPath.substring(0, slash);
        String name = entityPath.substring(slash + 1);
        for (ConfigEntityType type : ConfigEntityType.values()) {
            if (type.znodeName().equals(typeName)) {
                try {
                    listener.configChanged(type, name);
                } catch (RuntimeException e) {
                    LOG.error("Applying the config change of {} failed", entityPath, e);
                }
                return;
            }
        }
        LOG.debug("Ignoring config change of entity type {}", typeName);
    }

    static long sequence(String child) {
        try {
            return Long.parseLong(child.substring(ZNodes.CONFIG_CHANGE_PREFIX.length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        worker.shutdownNow();
    }
}
