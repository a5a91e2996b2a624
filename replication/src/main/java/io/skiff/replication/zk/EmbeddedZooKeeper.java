package io.skiff.replication.zk;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.NIOServerCnxnFactory;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node ZooKeeper server running inside the broker's JVM, used when {@code zookeeper.connect} is not set.
 *
 * <p>On disk: {@code <dataDir>/version-2/snapshot.*} and {@code <dataDir>/version-2/log.*} (ZooKeeper's own
 * formats, snapshot and transaction logs in the same directory, as a standalone ZooKeeper with only
 * {@code dataDir} set keeps them). Restarting on the same directory restores every persistent znode.
 *
 * <p>Network: exactly one listening socket, the client port, bound to the loopback address, so the embedded server
 * is never reachable from another host. A bare {@link ZooKeeperServer} starts neither the admin HTTP server nor a
 * quorum port (those belong to {@code ZooKeeperServerMain}/{@code QuorumPeerMain}); four-letter-word commands, if
 * whitelisted at all, are answered on the client port only.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} must not race each other; the accessors are safe from any
 * thread.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    private static final int TICK_TIME_MS = 500;
    private static final int MAX_CLIENT_CONNECTIONS = 1000;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections, Path dataDir) {
        this.server = server;
        this.connections = connections;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server and returns once it accepts connections.
     *
     * @param dataDir holds snapshots and transaction logs; created if missing
     * @param port the loopback port to listen on, or 0 for an ephemeral one (read it back with {@link #port()})
     * @throws IOException if the directory cannot be used or the port cannot be bound
     */
    public static EmbeddedZooKeeper start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        ZooKeeperServer server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_TIME_MS);
        ServerCnxnFactory connections = new NIOServerCnxnFactory();
        try {
            connections.configure(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), MAX_CLIENT_CONNECTIONS, -1);
            connections.startup(server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connections.shutdown();
            server.shutdown();
            throw new IOException("interrupted while starting embedded ZooKeeper", e);
        } catch (IOException | RuntimeException e) {
            connections.shutdown();
            server.shutdown();
            throw e;
        }
        // Sessions restored from disk belong to this broker's previous life (the server is private to
        // it). Left alone, the dead process's ephemeral registration would block the restart for a
        // whole session timeout, so end them now, before any client of this process connects.
        java.util.List<Long> restored = new java.util.ArrayList<>(server.getZKDatabase().getSessions());
        for (long session : restored) {
            server.expire(session);
        }
        if (!restored.isEmpty()) {
            LOG.info("Expired {} ZooKeeper session(s) left by the previous run", restored.size());
        }
        EmbeddedZooKeeper embedded = new EmbeddedZooKeeper(server, connections, dataDir);
        LOG.info("Embedded ZooKeeper serving {} with data in {}", embedded.connectString(), dataDir);
        return embedded;
    }

    /** The port actually bound. */
    public int port() {
        return connections.getLocalPort();
    }

    /** A connect string for clients, e.g. {@code 127.0.0.1:2181}. */
    public String connectString() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        String host = loopback.getHostAddress().contains(":")
                ? "[" + loopback.getHostAddress() + "]"
                : loopback.getHostAddress();
        return host + ":" + port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Closes client connections, then the server and its files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.shutdown();
        server.shutdown();
        try {
            // The server does not own its snapshot/txn-log handles; without this the log file stays open.
            server.getTxnLogFactory().close();
        } catch (IOException e) {
            LOG.warn("Embedded ZooKeeper could not close its transaction log in {}", dataDir, e);
        }
        LOG.info("Embedded ZooKeeper stopped, data in {}", dataDir);
    }
}
