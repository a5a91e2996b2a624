package io.skiff.replication.zk;

import io.skiff.replication.Time;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Shared helpers of the ZooKeeper-backed tests: short sessions, bounded waits, no wall-clock assertions. */
public final class ZkTestSupport {
    /** Generous upper bound for anything asynchronous; tests never assert on how long it took. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    public static final long FIXED_TIME_MS = 1_700_000_000_000L;
    public static final Time FIXED_TIME = () -> FIXED_TIME_MS;

    private ZkTestSupport() {}

    public static ZkMetadataStore connect(EmbeddedZooKeeper zk) {
        return ZkMetadataStore.connect(new ZkConnectionConfig(zk.connectString(), 6_000, 10_000), FIXED_TIME);
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

    /** Makes the server expire the store's current session, as if the broker had been silent for too long. */
    public static void expireSession(ZkMetadataStore store) throws Exception {
        store.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    }

    public static long sessionId(ZkMetadataStore store) throws Exception {
        return store.curator().getZookeeperClient().getZooKeeper().getSessionId();
    }
}
