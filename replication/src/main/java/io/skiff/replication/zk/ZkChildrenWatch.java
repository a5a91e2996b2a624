package io.skiff.replication.zk;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a listener the sorted child names of one znode, now and after every change, until closed.
 *
 * <p>ZooKeeper watches fire once and are lost with an expired session, so every refresh re-arms the watch, and a
 * reconnection (possibly with a new session) triggers a refresh. A path that does not exist yet reads as no
 * children and is watched for creation.
 *
 * <p>Thread-safety: refreshes run on the given executor and are serialised by this object's lock, and the listener
 * is called inside that lock, so it sees snapshots in the order they were read and never the same snapshot twice in
 * a row. The listener must be quick and must not block.
 */
final class ZkChildrenWatch implements AutoCloseable, CuratorWatcher, ConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(ZkChildrenWatch.class);

    private final CuratorFramework client;
    private final String path;
    private final Executor executor;
    private final Consumer<List<String>> listener;
    private List<String> lastDelivered;
    private volatile boolean closed;

    ZkChildrenWatch(CuratorFramework client, String path, Executor executor, Consumer<List<String>> listener) {
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
        List<String> children;
        try {
            try {
                children = List.copyOf(new TreeSet<>(client.getChildren().usingWatcher(this).forPath(path)));
            } catch (KeeperException.NoNodeException e) {
                if (client.checkExists().usingWatcher(this).forPath(path) != null) {
                    // Created between the two calls: read again rather than miss it.
                    executor.execute(this::refresh);
                    return;
                }
                children = List.of();
            }
        } catch (Exception e) {
            // Connection trouble: the reconnection listener refreshes again once the session is back.
            LOG.debug("Could not read children of {}; will retry on reconnection", path, e);
            return;
        }
        if (!Objects.equals(children, lastDelivered)) {
            lastDelivered = children;
            listener.accept(children);
        }
    }

    @Override
    public void close() {
        closed = true;
        client.getConnectionStateListenable().removeListener(this);
    }
}
