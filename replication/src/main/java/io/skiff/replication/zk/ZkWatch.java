package io.skiff.replication.zk;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a listener a snapshot of one znode, now and after every change, until closed.
 *
 * <p>ZooKeeper watches fire once and are lost with an expired session, so every refresh re-arms the watch (the
 * subclass reads with this object as the watcher), and a reconnection, possibly with a new session, triggers a
 * refresh too.
 *
 * <p>Thread-safety: refreshes run on the given executor and are serialised by this object's lock, and the listener
 * is called inside that lock, so it sees snapshots in the order they were read and never the same snapshot twice in
 * a row. The listener must be quick and must not block.
 *
 * @param <T> the snapshot; must implement value equality
 */
abstract class ZkWatch<T> implements AutoCloseable, CuratorWatcher, ConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(ZkWatch.class);

    protected final CuratorFramework client;
    protected final String path;
    private final Executor executor;
    private final Consumer<T> listener;
    private T lastDelivered;
    private volatile boolean closed;

    ZkWatch(CuratorFramework client, String path, Executor executor, Consumer<T> listener) {
        this.client = client;
        this.path = path;
        this.executor = executor;
        this.listener = listener;
    }

    /**
     * Reads the snapshot, leaving {@code this} as the watcher on the znode (also when it does not exist yet).
     *
     * @return the snapshot, or null if the znode changed under the read and it must be read again at once
     */
    protected abstract T read() throws Exception;

    final void start() {
        client.getConnectionStateListenable().addListener(this);
        executor.execute(this::refresh);
    }

    @Override
    public final void process(WatchedEvent event) {
        if (!closed && event.getType() != Watcher.Event.EventType.None) {
            executor.execute(this::refresh);
        }
    }

    @Override
    public final void stateChanged(CuratorFramework ignored, ConnectionState newState) {
        if (!closed && newState == ConnectionState.RECONNECTED) {
            executor.execute(this::refresh);
        }
    }

    private synchronized void refresh() {
        if (closed) {
            return;
        }
        T current;
        try {
            current = read();
        } catch (Exception e) {
            // Connection trouble: the reconnection listener refreshes again once the session is back.
            LOG.debug("Could not read {}; will retry on reconnection", path, e);
            return;
        }
        if (current == null) {
            executor.execute(this::refresh);
        } else if (!Objects.equals(current, lastDelivered)) {
            lastDelivered = current;
            listener.accept(current);
        }
    }

    @Override
    public final void close() {
        closed = true;
        client.getConnectionStateListenable().removeListener(this);
    }
}
