package io.skiff.replication.zk;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a listener the data and version of one znode (empty while it does not exist), now and after every change,
 * until closed. Same re-arming, reconnection and ordering rules as {@link ZkChildrenWatch}: snapshots arrive in the
 * order they were read, a snapshot equal to the previous one (same version and bytes) is not repeated, and the
 * listener must not block.
 */
final class ZkDataWatch implements AutoCloseable, CuratorWatcher, ConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(ZkDataWatch.class);

    /** A znode's content at one version. */
    record Versioned(byte[] data, int version) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Versioned v && v.version == version && Arrays.equals(v.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(data) + version;
        }
    }

    private final CuratorFramework client;
    private final String path;
    private final Executor executor;
    private final Consumer<Optional<Versioned>> listener;
    private Optional<Versioned> lastDelivered;
    private volatile boolean closed;

    ZkDataWatch(CuratorFramework client, String path, Executor executor, Consumer<Optional<Versioned>> listener) {
        this.client = client;
        this.path = path;
        this.executor = executor;
        this.listener = listener;
    }

    void start() {
        client.getConnectionStateListenable().addListener(this);
        executor.execute(this::refresh);
    }

    @Override
    public void process(WatchedEvent event) {
        if (!closed && event.getType() != Watcher.Event.EventType.None) {
            executor.execute(this::refresh);
        }
    }

    @Override
    public void stateChanged(CuratorFramework ignored, ConnectionState newState) {
        if (!closed && newState == ConnectionState.RECONNECTED) {
            executor.execute(this::refresh);
        }
    }

    private synchronized void refresh() {
        if (closed) {
            return;
        }
        Optional<Versioned> current;
        try {
            try {
                Stat stat = new Stat();
                byte[] data = client.getData().storingStatIn(stat).usingWatcher(this).forPath(path);
                current = Optional.of(new Versioned(data == null ? new byte[0] : data, stat.getVersion()));
            } catch (KeeperException.NoNodeException e) {
                if (client.checkExists().usingWatcher(this).forPath(path) != null) {
                    executor.execute(this::refresh); // created between the two calls
                    return;
                }
                current = Optional.empty();
            }
        } catch (Exception e) {
            LOG.debug("Could not read {}; will retry on reconnection", path, e);
            return;
        }
        if (!current.equals(lastDelivered)) {
            lastDelivered = current;
            listener.accept(current);
        }
    }

    @Override
    public void close() {
        closed = true;
        client.getConnectionStateListenable().removeListener(this);
    }
}
