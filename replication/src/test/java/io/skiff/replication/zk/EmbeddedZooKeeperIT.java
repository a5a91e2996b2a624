package io.skiff.replication.zk;

import static io.skiff.replication.zk.ZkTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperIT {
    @TempDir
    Path dataDir;

    @Test
    void ephemeralPortIsReadBackAndBoundToLoopbackOnly() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0)) {
            assertThat(zk.port()).isPositive();
            assertThat(zk.connectString()).isEqualTo(
                    InetAddress.getLoopbackAddress().getHostAddress() + ":" + zk.port());
            Optional<InetAddress> external = nonLoopbackAddress();
            if (external.isPresent()) {
                try (Socket probe = new Socket()) {
                    assertThatThrownBy(() -> probe.connect(new InetSocketAddress(external.get(), zk.port()), 5_000))
                            .as("connecting via %s", external.get())
                            .isInstanceOf(ConnectException.class);
                }
            }
            try (ZkMetadataStore store = ZkTestSupport.connect(zk)) {
                await(store.ensurePersistentPaths());
                assertThat(await(store.listTopics())).isEmpty();
            }
        }
    }

    /** Some address of this host other than loopback; hosts without one only check the loopback binding. */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void clusterIdIsStableAcrossRestartsOnTheSameDataDir() throws Exception {
        long seed = new Random().nextLong();
        String first;
        int port;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0);
                ZkMetadataStore store = ZkTestSupport.connect(zk)) {
            port = zk.port();
            Random random = new Random(seed);
            first = await(store.getOrCreateClusterId(() -> KafkaUuid.random(random)));
        }
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0);
                ZkMetadataStore store = ZkTestSupport.connect(zk)) {
            Random other = new Random(seed + 1);
            String second = await(store.getOrCreateClusterId(() -> KafkaUuid.random(other)));
            assertThat(second).as("seed %d, first port %d", seed, port).isEqualTo(first).hasSize(22);
        }
    }

    @Test
    void givenPortInUseStartFailsAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedZooKeeper.start(dataDir, taken.getLocalPort()))
                    .isInstanceOf(IOException.class);
        }
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0)) {
            assertThat(zk.port()).isPositive();
        }
    }

    @Test
    void connectingToAStoppedServerFailsAfterTheConnectionTimeout() throws Exception {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0);
        String connectString = zk.connectString();
        zk.close();

        assertThatThrownBy(() -> ZkMetadataStore.connect(
                        new ZkConnectionConfig(connectString, 1_000, 1_000), ZkTestSupport.FIXED_TIME))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining(ZkConnectionConfig.CONNECTION_TIMEOUT_MS);
    }

    @Test
    void closeIsIdempotent() throws Exception {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0);
        zk.close();
        zk.close();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), zk.port()));
            assertThat(again.getLocalPort()).isEqualTo(zk.port());
        }
    }
}
