package io.skiff.replication.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ZkJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UUID TOPIC_ID = KafkaUuid.fromKafkaString("q0XjKRrgQJ6DY6_2RhNdNw");

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static JsonNode tree(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    @Test
    void clusterIdHasStringVersionAsKafkaWritesIt() {
        assertThat(text(ZkJson.clusterId("Lz6MzkOTRQ6TdNmTj6HBag")))
                .isEqualTo("{\"version\":\"1\",\"id\":\"Lz6MzkOTRQ6TdNmTj6HBag\"}");
        assertThat(ZkJson.decodeClusterId("{\"version\":\"1\",\"id\":\"abc\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("abc");
    }

    @Test
    void controllerIsVersion2WithStringTimestampAndNoKraftEpoch() throws Exception {
        assertThat(tree(text(ZkJson.controller(3, 1234L))))
                .isEqualTo(tree("{\"version\":2,\"brokerid\":3,\"timestamp\":\"1234\",\"kraftControllerEpoch\":-1}"));
        assertThat(ZkJson.decodeControllerId(ZkJson.controller(7, 1L))).isEqualTo(7);
    }

    @Test
    void controllerEpochIsPlainDecimalText() {
        assertThat(text(ZkJson.controllerEpoch(42))).isEqualTo("42");
        assertThat(ZkJson.decodeControllerEpoch("17".getBytes(StandardCharsets.UTF_8))).isEqualTo(17);
    }

    @Test
    void brokerRegistrationMatchesKafkaVersion5() throws Exception {
        BrokerRegistration broker = new BrokerRegistration(
                1,
                List.of(new EndPoint("PLAINTEXT", "PLAINTEXT", "localhost", 9092)),
                Optional.empty(),
                -1,
                1690000000000L,
                Map.of());
        assertThat(text(ZkJson.brokerRegistration(broker))).isEqualTo("{\"features\":{},"
                + "\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
                + "\"endpoints\":[\"PLAINTEXT://localhost:9092\"],\"jmx_port\":-1,\"port\":9092,"
                + "\"host\":\"localhost\",\"version\":5,\"timestamp\":\"1690000000000\"}");
    }

    @Test
    void brokerRegistrationWithRackFeaturesAndNoPlaintextListenerRoundTrips() throws Exception {
        BrokerRegistration broker = new BrokerRegistration(
                2,
                List.of(new EndPoint("INTERNAL", "SASL_SSL", "::1", 9093), new EndPoint("EXT", "SSL", "b2", 9094)),
                Optional.of("rack-a"),
                9999,
                5L,
                Map.of("metadata.version", new BrokerRegistration.VersionRange((short) 1, (short) 7)));
        JsonNode json = tree(text(ZkJson.brokerRegistration(broker)));
        assertThat(json.get("host").isNull()).isTrue();
        assertThat(json.get("port").asInt()).isEqualTo(-1);
        assertThat(json.get("rack").asText()).isEqualTo("rack-a");
        assertThat(json.get("endpoints").toString()).isEqualTo("[\"INTERNAL://[::1]:9093\",\"EXT://b2:9094\"]");
        assertThat(json.get("features")).isEqualTo(tree("{\"metadata.version\":{\"min_version\":1,\"max_version\":7}}"));
        assertThat(ZkJson.decodeBrokerRegistration(2, ZkJson.brokerRegistration(broker))).isEqualTo(broker);
    }

    @Test
    void brokerRegistrationWrittenByKafkaDecodes() {
        String kafka = "{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\","
                + "\"SSL\":\"SSL\"},\"endpoints\":[\"PLAINTEXT://h1:9092\",\"SSL://h1:9093\"],\"jmx_port\":9999,"
                + "\"port\":9092,\"host\":\"h1\",\"version\":5,\"timestamp\":\"42\",\"rack\":\"r1\"}";
        BrokerRegistration broker = ZkJson.decodeBrokerRegistration(4, kafka.getBytes(StandardCharsets.UTF_8));
        assertThat(broker.endpoints()).containsExactly(
                new EndPoint("PLAINTEXT", "PLAINTEXT", "h1", 9092), new EndPoint("SSL", "SSL", "h1", 9093));
        assertThat(broker.rack()).contains("r1");
        assertThat(broker.jmxPort()).isEqualTo(9999);
        assertThat(broker.timestamp()).isEqualTo(42L);
    }

    @Test
    void topicAssignmentIsVersion3WithTopicIdAndReassignmentMaps() throws Exception {
        TopicAssignment assignment = new TopicAssignment(
                "orders",
                TOPIC_ID,
                new java.util.TreeMap<>(Map.of(0, List.of(1, 2), 1, List.of(2, 1))),
                new java.util.TreeMap<>(Map.of(1, List.of(3))),
                new java.util.TreeMap<>());
        assertThat(text(ZkJson.topicAssignment(assignment))).isEqualTo("{\"version\":3,"
                + "\"topic_id\":\"q0XjKRrgQJ6DY6_2RhNdNw\",\"partitions\":{\"0\":[1,2],\"1\":[2,1]},"
                + "\"adding_replicas\":{\"1\":[3]},\"removing_replicas\":{}}");
        assertThat(ZkJson.decodeTopicAssignment("orders", ZkJson.topicAssignment(assignment))).isEqualTo(assignment);
    }

    @Test
    void topicWithoutIdIsRejected() {
        byte[] legacy = "{\"version\":1,\"partitions\":{\"0\":[1]}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ZkJson.decodeTopicAssignment("old", legacy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic_id");
    }

    @Test
    void partitionStateMatchesKafkaAndCarriesZkVersionOutOfBand() throws Exception {
        PartitionState state = new PartitionState(1, 4, List.of(1, 2), 3, 9);
        assertThat(text(ZkJson.partitionState(state)))
                .isEqualTo("{\"controller_epoch\":3,\"leader\":1,\"version\":1,\"leader_epoch\":4,\"isr\":[1,2]}");
        assertThat(ZkJson.decodePartitionState(ZkJson.partitionState(state), 11))
                .isEqualTo(new PartitionState(1, 4, List.of(1, 2), 3, 11));
    }

    @Test
    void entityConfigAndChangeNotification() {
        assertThat(text(ZkJson.entityConfig(Map.of("retention.ms", "1000", "cleanup.policy", "compact"))))
                .isEqualTo("{\"version\":1,\"config\":{\"cleanup.policy\":\"compact\",\"retention.ms\":\"1000\"}}");
        assertThat(ZkJson.decodeEntityConfig(new byte[0])).isEmpty();
        assertThat(text(ZkJson.configChangeNotification("topics/orders")))
                .isEqualTo("{\"version\":2,\"entity_path\":\"topics/orders\"}");
    }

    @Test
    void producerIdBlockWritesBoundsAsStrings() {
        ProducerIdBlock block = new ProducerIdBlock(2, 1000, 1000);
        assertThat(text(ZkJson.producerIdBlock(block)))
                .isEqualTo("{\"version\":1,\"broker\":2,\"block_start\":\"1000\",\"block_end\":\"1999\"}");
        assertThat(ZkJson.decodeProducerIdBlock(ZkJson.producerIdBlock(block))).isEqualTo(block);
    }

    @Test
    void malformedJsonIsAnIllegalArgument() {
        assertThatThrownBy(() -> ZkJson.decodePartitionState("{\"leader\":".getBytes(StandardCharsets.UTF_8), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZkJson.decodePartitionState("[]".getBytes(StandardCharsets.UTF_8), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kafkaUuidTextIs22UrlSafeCharactersAndRoundTrips() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            UUID id = KafkaUuid.random(random);
            String text = KafkaUuid.toKafkaString(id);
            assertThat(text).as("seed %d", seed).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotStartWith("-");
            assertThat(KafkaUuid.fromKafkaString(text)).as("seed %d", seed).isEqualTo(id);
            assertThat(id).as("seed %d", seed).isNotEqualTo(KafkaUuid.ZERO);
        }
        assertThat(KafkaUuid.toKafkaString(new UUID(0L, 1L))).isEqualTo("AAAAAAAAAAAAAAAAAAAAAQ");
        assertThatThrownBy(() -> KafkaUuid.fromKafkaString("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
