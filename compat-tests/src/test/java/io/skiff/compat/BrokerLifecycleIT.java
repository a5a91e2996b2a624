package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker process itself: startup, ApiVersions as Kafka's client parses it, shutdown, crash and restart. */
class BrokerLifecycleIT {

    @Test
    void apiVersionsIsAnsweredAndParsedByKafkasClientCode(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            for (short version = 0; version <= ApiKeys.API_VERSIONS.latestVersion(); version++) {
                ApiVersionsRequest request = new ApiVersionsRequest(new ApiVersionsRequestData()
                        .setClientSoftwareName("skiff-compat").setClientSoftwareVersion("1.0"), version);
                ApiVersionsResponse response = (ApiVersionsResponse) wire.send(request);
                assertThat(Errors.forCode(response.data().errorCode())).as("v%d", version).isEqualTo(Errors.NONE);
                ApiVersionsResponseData.ApiVersion self = response.data().apiKeys().find(ApiKeys.API_VERSIONS.id);
                assertThat(self).isNotNull();
                assertThat(self.minVersion()).isEqualTo((short) 0);
                assertThat(self.maxVersion()).isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
            }
        }
    }

    @Test
    void unknownApiVersionsVersionGetsTheV0ErrorResponse(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            // Header v2 (ApiVersions v3+ is flexible): api key 18, version 999, correlation id 7,
            // client id "x", no tagged fields; then a body this broker cannot know the layout of.
            ByteBuffer frame = ByteBuffer.allocate(2 + 2 + 4 + 2 + 1 + 1 + 3);
            frame.putShort((short) 18).putShort((short) 999).putInt(7).putShort((short) 1).put((byte) 'x').put((byte) 0)
                    .put(new byte[] {1, 2, 3}).flip();
            wire.sendRaw(frame);
            ByteBuffer response = wire.receive();
            assertThat(response.getInt()).isEqualTo(7);
            ApiVersionsResponseData data = new ApiVersionsResponseData(
                    new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
            assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        }
    }

    @Test
    void sigtermShutsDownCleanlyAndKillNineRestartsQuickly(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of())) {
            // 143 = 128 + SIGTERM: the JVM reports the signal even after a clean shutdown hook, as Kafka does.
            assertThat(broker.stop()).isIn(0, 143);
            assertThat(broker.recentOutput()).contains("Shut down cleanly");
            Path logs = dir.resolve("kafka-logs");
            assertThat(logs.resolve(".kafka_cleanshutdown")).exists();
            String clusterId = Files.readString(logs.resolve("meta.properties"));

            broker.restart();
            assertThat(broker.recentOutput()).contains("(clean shutdown)");
            broker.kill();
            // The dead process's ZooKeeper session must not block the restart (embedded ZooKeeper).
            broker.restart();
            assertThat(broker.recentOutput()).contains("(unclean shutdown)");
            assertThat(Files.readString(logs.resolve("meta.properties"))).contains(clusterIdLine(clusterId));
            try (KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
                ApiVersionsResponse response = (ApiVersionsResponse) wire.send(
                        new ApiVersionsRequest(new ApiVersionsRequestData(), (short) 0));
                assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
            }
        }
    }

    @Test
    void brokerWithoutAnIdGetsOneAboveTheReservedRangeAndKeepsIt(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of("broker.id", "-1", "reserved.broker.max.id", "500"))) {
            assertThat(describedNodeIds(broker)).containsExactly(501);
            assertThat(broker.recentOutput()).contains("Generated broker id 501");
            assertThat(Files.readString(dir.resolve("kafka-logs").resolve("meta.properties"))).contains("broker.id=501");
            broker.stop();
            broker.restart();
            // meta.properties names the broker now; ZooKeeper's sequence is not consulted again.
            assertThat(describedNodeIds(broker)).containsExactly(501);
            assertThat(broker.recentOutput()).doesNotContain("Generated broker id");
        }
    }

    private static List<Integer> describedNodeIds(BrokerProcess broker) throws Exception {
        try (Admin admin = AdminIT.adminFor(broker)) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::id).toList();
        }
    }

    private static String clusterIdLine(String metaProperties) {
        return metaProperties.lines().filter(l -> l.startsWith("cluster.id=")).findFirst().orElseThrow();
    }
}
