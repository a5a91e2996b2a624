package io.skiff.replication.zk;

import io.skiff.log.Time;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Shared helpers of the ZooKeeper-backed tests: short sessions, bounded waits, no wall-clock assertions. */
public final class ZkTestSupport {
    /** Generous upper bound for anything asynchronous; tests never assert on how long it took. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    public static final long FIXED_TIME_MS = 1_700_000_000_000L;
    public static final Time FIXED_TIME = new Time() {
        @Override
        public long milliseconds() {
            return FIXED_TIME_MS;
        }

        @Override
        public long nanoseconds() {
            return FIXED_TIME_MS * 1_000_000L;
        }
    };

    private ZkTestSupport() {}

    public static ZkMetadataStore connect(EmbeddedZooKeeper zk) {
        return ZkMetadataStore.connect(new ZkConnectionConfig(zk.connectString(), 6_000, 6_000), FIXED_TIME);
    }

    /** A store whose session the server drops soon after the client goes quiet (the server's minimum is 1 s). */
    public static ZkMetadataStore connectWithShortSession(EmbeddedZooKeeper zk) {
        return ZkMetadataStore.connect(new ZkConnectionConfig(zk.connectString(), 2_000, 2_000), FIXED_TIME);
    }

    /**
     * Makes the server end the store's session, as when a broker was silent past its timeout: a second handle joins
     * the same session and closes it, so the server drops the session's ephemerals and the store's own handle is
     * told its session expired.
     */
    public static void expireSessionOnServer(EmbeddedZooKeeper zk, ZkMetadataStore store) throws Exception {
        ZooKeeper original = store.curator().getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(zk.connectString(), 6_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, original.getSessionId(), original.getSessionPasswd());
        try {
            if (!connected.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("could not join session 0x" + Long.toHexString(original.getSessionId()));
            }
        } finally {
            twin.close();
        }
    }

    public static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    public static void awaitCondition(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("still waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * Makes the client alone believe its session expired (as Curator does after a long disconnection); the server
     * keeps the old session, and its ephemerals, until the session timeout passes.
     */
    public static void expireSession(ZkMetadataStore store) throws Exception {
        store.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    }

    /** Rewrites a topic's znode as Kafka's partition-increase tooling does (no version check). */
    public static void overwriteTopic(ZkMetadataStore store, TopicAssignment assignment) throws Exception {
        store.curator().setData().forPath(ZNodes.topic(assignment.topic()), ZkJson.topicAssignment(assignment));
    }

    public static long sessionId(ZkMetadataStore store) throws Exception {
        return store.curator().getZookeeperClient().getZooKeeper().getSessionId();
    }
}
