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
import org.apache.kafka.common.message.ApiMessageType;
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

    /**
     * Every key this broker advertises carries exactly the range a Kafka 4.3.1 broker advertises for it
     * (Kafka's own {@code ApiKeys.toApiVersionForApiResponse}, the code behind its ApiVersions answer),
     * including Produce from v0 although v0-v2 are refused (librdkafka turns compression off without them).
     */
    @Test
    void everyAdvertisedKeyHasTheRangeKafkaAdvertises(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                KafkaWire wire = new KafkaWire("127.0.0.1", broker.port())) {
            ApiVersionsResponse response = (ApiVersionsResponse) wire.send(
                    new ApiVersionsRequest(new ApiVersionsRequestData(), ApiKeys.API_VERSIONS.latestVersion()));
            assertThat(response.data().apiKeys()).hasSizeGreaterThan(20);
            List<String> differences = new java.util.ArrayList<>();
            for (ApiVersionsResponseData.ApiVersion ours : response.data().apiKeys()) {
                ApiKeys key = ApiKeys.forId(ours.apiKey());
                var kafkas = key.toApiVersionForApiResponse(false, ApiMessageType.ListenerType.BROKER);
                if (kafkas.isEmpty()) {
                    differences.add(key + " is advertised, but a Kafka broker does not advertise it");
                } else if (kafkas.get().minVersion() != ours.minVersion() || kafkas.get().maxVersion() != ours.maxVersion()) {
                    differences.add(key + ": " + ours.minVersion() + "-" + ours.maxVersion() + ", Kafka "
                            + kafkas.get().minVersion() + "-" + kafkas.get().maxVersion());
                }
            }
            assertThat(differences).isEmpty();
            assertThat(response.data().apiKeys().find(ApiKeys.PRODUCE.id).minVersion()).isZero();
        }
    }

    /** Produce v0-v2 are advertised for librdkafka's sake but refused, as Kafka 4 does: the connection is closed. */
    @Test
    void produceBelowVersionThreeIsRefusedWithoutHarmingOtherConnections(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                KafkaWire refused = new KafkaWire("127.0.0.1", broker.port());
                KafkaWire other = new KafkaWire("127.0.0.1", broker.port())) {
            // Header v1: api key 0, version 2, correlation id 5, client id "x"; body: acks 1, timeout 1000, no topics.
            ByteBuffer frame = ByteBuffer.allocate(2 + 2 + 4 + 2 + 1 + 2 + 4 + 4);
            frame.putShort((short) 0).putShort((short) 2).putInt(5).putShort((short) 1).put((byte) 'x')
                    .putShort((short) 1).putInt(1000).putInt(0).flip();
            refused.sendRaw(frame);
            assertThat(refused.closedByBroker()).isTrue();
            ApiVersionsResponse response = (ApiVersionsResponse) other.send(new ApiVersionsRequest(
                    new ApiVersionsRequestData().setClientSoftwareName("skiff-compat").setClientSoftwareVersion("1"),
                    (short) 3));
            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
        }
        assertThat(Files.readString(dir.resolve("broker.log"))).containsOnlyOnce("unsupported version 2 of Produce");
    }

    /** The README's first command: {@code bin/broker} with the shipped configuration, used by a stock client. */
    @Test
    void binBrokerStartsFromTheShippedConfigServesClientsAndStopsCleanly(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.startWithScript(dir, Map.of())) {
            assertThat(BrokerProcess.repoRoot().resolve("broker-core/target/skiff.jsa"))
                    .as("the class-data archive bin/broker records after a build").isNotEmptyFile();
            String startup = broker.recentOutput();
            assertThat(startup).containsPattern("Skiff broker 0 started in \\d+ ms")
                    .contains("data in [" + dir.resolve("kafka-logs").toRealPath() + "]")
                    .containsPattern("log recovery took \\d+ ms")
                    .containsPattern("[Ee]mbedded ZooKeeper .*127\\.0\\.0\\.1:\\d+");
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                            "bootstrap.servers", broker.bootstrapServers(),
                            "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                            "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()));
                    var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(Map.of(
                            "bootstrap.servers", broker.bootstrapServers(),
                            "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                            "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName()))) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("hello", "k1", "hello")).get(60, TimeUnit.SECONDS);
                var partition = new org.apache.kafka.common.TopicPartition("hello", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                var records = consumer.poll(java.time.Duration.ofSeconds(30));
                assertThat(records.records(partition)).singleElement()
                        .satisfies(r -> assertThat(r.key() + ":" + r.value()).isEqualTo("k1:hello"));
            }
            assertThat(broker.stop()).isIn(0, 143);
            assertThat(broker.recentOutput()).contains("Shut down cleanly");
        }
        assertThat(dir.resolve("kafka-logs").resolve("hello-0").resolve("00000000000000000000.log")).isNotEmptyFile();
        assertThat(dir.resolve("kafka-logs").resolve(".kafka_cleanshutdown")).exists();
    }

    @Test
    void invalidConfigValueStopsStartupWithAMessageNamingTheKey(@TempDir Path dir) throws Exception {
        BrokerProcess.Exit exit = BrokerProcess.runToExit(dir, Map.of("num.partitions", "many"),
                java.time.Duration.ofSeconds(60));
        assertThat(exit.code()).as(exit.output()).isEqualTo(1);
        assertThat(exit.output()).contains("num.partitions").contains("many").doesNotContain("listening on");
    }

    @Test
    void unknownConfigKeyIsLoggedAndIgnored(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of("no.such.broker.setting", "1"))) {
            assertThat(broker.recentOutput()).contains("Ignoring unknown configuration key no.such.broker.setting");
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
