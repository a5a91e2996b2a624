package io.skiff.replication.zk;

import io.skiff.replication.DaemonExecutors;
import io.skiff.log.Time;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's controller election on ZooKeeper: the broker whose session creates the ephemeral {@code /controller}
 * znode is the controller, and in the same multi-op transaction it bumps {@code /controller_epoch} with a
 * compare-and-set on that znode's version. The epoch therefore grows by exactly one per controllership, and a write
 * fenced on it is refused from a deposed controller. Everyone else watches {@code /controller} and runs again when
 * it disappears.
 *
 * <p>States and transitions (per instance): NOT_CONTROLLER -> CONTROLLER when our transaction commits
 * ({@link Listener#onBecomingController}); CONTROLLER -> NOT_CONTROLLER when the session is lost, the znode is
 * deleted or owned by another session, or on {@link #close} ({@link Listener#onResigning}); any -> CLOSED.
 * A resignation always follows a becoming, never two becomings in a row.
 *
 * <p>Threading: all election work and every listener call run on one private thread, in order; public methods are
 * safe from any thread.
 */
public final class ControllerElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerElection.class);
    /** {@code /controller_epoch} before any controller was elected. */
    public static final int INITIAL_CONTROLLER_EPOCH = 0;

    /** What the election tells its owner. Called on the election thread; must not block for long. */
    public interface Listener {
        void onBecomingController(int controllerEpoch);

        void onResigning();
    }

    private final CuratorFramework client;
    private final int brokerId;
    private final Time time;
    private final Listener listener;
    private final ExecutorService thread;
    private final CuratorWatcher controllerWatcher = this::onControllerEvent;
    private final ConnectionStateListener connectionListener = this::onConnectionState;
    // Only touched on the election thread.
    private int activeEpoch = -1;
    private volatile ControllerFence fence;
    private volatile int knownControllerId = -1;
    private volatile boolean closed;

    public ControllerElection(ZkMetadataStore store, int brokerId, Time time, Listener listener) {
        this.client = store.curator();
        this.brokerId = brokerId;
        this.time = time;
        this.listener = listener;
        this.thread = DaemonExecutors.singleThread("skiff-controller-election-" + brokerId);
    }

    /** Joins the election; returns at once, the outcome is reported to the listener. */
    public void start() {
        client.getConnectionStateListenable().addListener(connectionListener);
        post(this::elect);
    }

    /** The controller's broker id as last seen, if any. */
    public OptionalInt controllerId() {
        int id = knownControllerId;
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The fence for writes made as controller; empty when not the controller. */
    public Optional<ControllerFence> fence() {
        return Optional.ofNullable(fence);
    }

    private void onControllerEvent(WatchedEvent event) {
        if (!closed && event.getType() != Watcher.Event.EventType.None) {
            post(this::elect);
        }
    }

    private void onConnectionState(CuratorFramework ignored, ConnectionState state) {
        if (closed) {
            return;
        }
        if (state == ConnectionState.LOST) {
            // The session is gone, and with it our ephemeral /controller: stop acting before anyone else starts.
            post(this::resignIfActive);
        } else if (state == ConnectionState.RECONNECTED) {
            post(this::elect);
        }
    }

    /** Runs on the election thread; dropped once closing, when nothing may be elected any more. */
    private void post(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closing) {
            LOG.debug("Election of broker {} is closed; dropping a task", brokerId);
        }
    }

    private void elect() {
        if (closed) {
            return;
        }
        try {
            while (!closed) {
                Stat stat = new Stat();
                byte[] current = readWatched(stat);
                long session = client.getZookeeperClient().getZooKeeper().getSessionId();
                if (current != null) {
                    knownControllerId = decodeOrUnknown(current);
                    if (stat.getEphemeralOwner() != session) {
                        resignIfActive();
                    } else if (activeEpoch < 0) {
                        // Our transaction committed but its reply was lost with the connection: we did win.
                        Stat epochStat = new Stat();
                        byte[] epoch = client.getData().storingStatIn(epochStat).forPath(ZNodes.CONTROLLER_EPOCH);
                        becomeController(new ControllerFence(
                                ZkJson.decodeControllerEpoch(epoch), epochStat.getVersion()));
                    }
                    return;
                }
                if (tryBecomeController()) {
                    return;
                }
            }
        } catch (Exception e) {
            // Connection trouble: the RECONNECTED event brings us back here.
            LOG.warn("Controller election attempt by broker {} failed; retrying on reconnection", brokerId, e);
        }
    }

    /** Reads /controller and leaves a watch on it whether or not it exists; null if absent. */
    private byte[] readWatched(Stat stat) throws Exception {
        try {
            return client.getData().storingStatIn(stat).usingWatcher(controllerWatcher).forPath(ZNodes.CONTROLLER);
        } catch (KeeperException.NoNodeException e) {
            if (client.checkExists().usingWatcher(controllerWatcher).forPath(ZNodes.CONTROLLER) != null) {
                return readWatched(stat);
            }
            return null;
        }
    }

    private boolean tryBecomeController() throws Exception {
        Stat epochStat = new Stat();
        int epoch;
        try {
            epoch = ZkJson.decodeControllerEpoch(
                    client.getData().storingStatIn(epochStat).forPath(ZNodes.CONTROLLER_EPOCH));
        } catch (KeeperException.NoNodeException e) {
            try {
                client.create().forPath(ZNodes.CONTROLLER_EPOCH, ZkJson.controllerEpoch(INITIAL_CONTROLLER_EPOCH));
            } catch (KeeperException.NodeExistsException raced) {
                // someone else initialised it
            }
            return false;
        }
        int newEpoch = epoch + 1;
        CuratorOp create = client.transactionOp()
                .create()
                .withMode(CreateMode.EPHEMERAL)
                .forPath(ZNodes.CONTROLLER, ZkJson.controller(brokerId, time.milliseconds()));
        CuratorOp bump = client.transactionOp()
                .setData()
                .withVersion(epochStat.getVersion())
                .forPath(ZNodes.CONTROLLER_EPOCH, ZkJson.controllerEpoch(newEpoch));
        try {
            client.transaction().forOperations(create, bump);
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException lost) {
            return false; // another broker won or bumped the epoch: loop to observe and watch it
        }
        client.checkExists().usingWatcher(controllerWatcher).forPath(ZNodes.CONTROLLER);
        becomeController(new ControllerFence(newEpoch, epochStat.getVersion() + 1));
        return true;
    }

    private void becomeController(ControllerFence won) {
        int newEpoch = won.controllerEpoch();
        fence = won;
        activeEpoch = newEpoch;
        knownControllerId = brokerId;
        LOG.info("Broker {} is now the controller with epoch {}", brokerId, newEpoch);
        listener.onBecomingController(newEpoch);
    }

    private void resignIfActive() {
        if (activeEpoch < 0) {
            return;
        }
        LOG.info("Broker {} resigns as controller (epoch {})", brokerId, activeEpoch);
        activeEpoch = -1;
        fence = null;
        if (knownControllerId == brokerId) {
            knownControllerId = -1;
        }
        listener.onResigning();
    }

    private static int decodeOrUnknown(byte[] data) {
        try {
            return ZkJson.decodeControllerId(data);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Leaves the election: resigns if controller (deleting our {@code /controller} so a successor need not wait for
     * the session to end) and stops the election thread. Blocks briefly.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        thread.execute(() -> {
            boolean wasActive = activeEpoch >= 0;
            resignIfActive();
            closed = true;
            if (wasActive) {
                deleteOwnControllerZnode();
            }
        });
        DaemonExecutors.shutdown(thread);
        closed = true;
    }

    private void deleteOwnControllerZnode() {
        try {
            Stat stat = client.checkExists().forPath(ZNodes.CONTROLLER);
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            if (stat != null && stat.getEphemeralOwner() == session) {
                client.delete().withVersion(stat.getVersion()).forPath(ZNodes.CONTROLLER);
            }
        } catch (Exception e) {
            // The znode is ephemeral: it goes with our session anyway.
            LOG.debug("Could not delete /controller on close", e);
        }
    }
}
