package io.skiff.replication.zk;

import io.skiff.replication.DaemonExecutors;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Curator session and the small pool on which every metadata operation runs, with the helpers the stores share:
 * {@link #run} turns a blocking ZooKeeper call into a future completed on the pool (so callers on Netty event loops
 * never block), mapping unexpected failures to {@link MetadataStoreException}. Thread-safe.
 */
final class ZkSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkSession.class);
    private static final byte[] NO_DATA = new byte[0];
    private static final int POOL_THREADS = 2;

    final CuratorFramework client;
    final ExecutorService pool;

    ZkSession(CuratorFramework client) {
        this.client = client;
        this.pool = DaemonExecutors.fixed(POOL_THREADS, "skiff-zk-store");
    }

    long sessionId() throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    AutoCloseable watchChildren(String path, Consumer<List<String>> listener) {
        ZkChildrenWatch watch = new ZkChildrenWatch(client, path, pool, listener);
        watch.start();
        return watch;
    }

    <T> AutoCloseable watchData(String path,
            Function<Optional<ZkDataWatch.Versioned>, Optional<T>> decode,
            Consumer<Optional<T>> listener) {
        ZkDataWatch watch = new ZkDataWatch(client, path, pool, node -> {
            Optional<T> value;
            try {
                value = decode.apply(node);
            } catch (IllegalArgumentException e) {
                LOG.error("Ignoring unparseable content of {}", path, e);
                return;
            }
            listener.accept(value);
        });
        watch.start();
        return watch;
    }

    Optional<byte[]> readIfExists(String path, Stat stat) throws Exception {
        try {
            byte[] data = stat == null
                    ? client.getData().forPath(path)
                    : client.getData().storingStatIn(stat).forPath(path);
            return Optional.of(data == null ? NO_DATA : data);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    void createIfAbsent(String path) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, NO_DATA);
        } catch (KeeperException.NodeExistsException e) {
            // already there: exactly what we wanted
        }
    }

    @FunctionalInterface
    interface ZkCall<T> {
        T call() throws Exception;
    }

    <T> CompletableFuture<T> run(ZkCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    result.complete(call.call());
                } catch (MetadataStoreException e) {
                    result.completeExceptionally(e);
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    result.completeExceptionally(new MetadataStoreException(
                            ErrorCodes.UNKNOWN_SERVER_ERROR, "ZooKeeper operation failed: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                    new MetadataStoreException(ErrorCodes.UNKNOWN_SERVER_ERROR, "metadata store is closed", e));
        }
        return result;
    }

    /** Stops the pool, then ends the session. Blocks briefly. */
    @Override
    public void close() {
        DaemonExecutors.shutdown(pool);
        client.close();
    }
}
