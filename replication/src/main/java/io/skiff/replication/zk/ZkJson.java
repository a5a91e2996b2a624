package io.skiff.replication.zk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Encodes and decodes the JSON payloads of Kafka's znodes (see {@link ZNodes} for the layout). Field names, value
 * types (Kafka writes some numbers as strings: timestamps, producer-id bounds, the cluster-id version) and versions
 * follow Kafka 3.x exactly so that Kafka's tooling and operators read them unchanged; output is compact JSON as
 * Kafka's own encoder writes it. Decoding tolerates unknown fields, so a newer writer does not break us.
 * Stateless and thread-safe.
 */
public final class ZkJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ZkJson() {}

    // ---- /cluster/id

    public static byte[] clusterId(String id) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", "1");
        node.put("id", id);
        return bytes(node);
    }

    public static String decodeClusterId(byte[] data) {
        return text(parse(data), "id");
    }

    // ---- /controller and /controller_epoch

    public static byte[] controller(int brokerId, long timestamp) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", 2);
        node.put("brokerid", brokerId);
        node.put("timestamp", Long.toString(timestamp));
        // -1: elected by a ZooKeeper-mode broker, not by a KRaft controller during a migration.
        node.put("kraftControllerEpoch", -1);
        return bytes(node);
    }

    public static int decodeControllerId(byte[] data) {
        return integer(parse(data), "brokerid");
    }

    public static byte[] controllerEpoch(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.UTF_8);
    }

    public static int decodeControllerEpoch(byte[] data) {
        try {
            return Integer.parseInt(new String(data, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed controller epoch", e);
        }
    }

    // ---- /brokers/ids/<id>

    public static byte[] brokerRegistration(BrokerRegistration registration) {
        ObjectNode node = MAPPER.createObjectNode();
        Optional<EndPoint> plaintext = registration.plaintextEndpoint();
        ObjectNode features = MAPPER.createObjectNode();
        registration.features().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(f -> features.putObject(f.getKey())
                        .put("min_version", f.getValue().minVersion())
                        .put("max_version", f.getValue().maxVersion()));
        node.set("features", features);
        ObjectNode protocolMap = node.putObject("listener_security_protocol_map");
        registration.endpoints().forEach(e -> protocolMap.put(e.listenerName(), e.securityProtocol()));
        ArrayNode endpoints = node.putArray("endpoints");
        registration.endpoints().forEach(e -> endpoints.add(e.connectionString()));
        node.put("jmx_port", registration.jmxPort());
        // Legacy fields for clients that predate endpoints: null/-1 when there is no PLAINTEXT listener.
        if (plaintext.isPresent()) {
            node.put("port", plaintext.get().port());
            node.put("host", plaintext.get().host());
        } else {
            node.put("port", -1);
            node.putNull("host");
        }
        node.put("version", 5);
        node.put("timestamp", Long.toString(registration.timestamp()));
        registration.rack().ifPresent(rack -> node.put("rack", rack));
        return bytes(node);
    }

    public static BrokerRegistration decodeBrokerRegistration(int brokerId, byte[] data) {
        JsonNode node = parse(data);
        Map<String, String> protocols = new LinkedHashMap<>();
        JsonNode protocolMap = node.path("listener_security_protocol_map");
        protocolMap.fields().forEachRemaining(f -> protocols.put(f.getKey(), f.getValue().asText()));
        List<EndPoint> endpoints = new ArrayList<>();
        for (JsonNode endpoint : node.path("endpoints")) {
            String text = endpoint.asText();
            String listener = text.substring(0, Math.max(0, text.indexOf("://")));
            endpoints.add(EndPoint.parse(text, protocols.getOrDefault(listener, listener)));
        }
        Map<String, BrokerRegistration.VersionRange> features = new LinkedHashMap<>();
        node.path("features").fields().forEachRemaining(f -> features.put(
                f.getKey(),
                new BrokerRegistration.VersionRange(
                        (short) f.getValue().path("min_version").asInt(),
                        (short) f.getValue().path("max_version").asInt())));
        JsonNode rack = node.get("rack");
        return new BrokerRegistration(
                brokerId,
                endpoints,
                rack == null || rack.isNull() ? Optional.empty() : Optional.of(rack.asText()),
                node.path("jmx_port").asInt(-1),
                Long.parseLong(text(node, "timestamp")),
                features);
    }

    // ---- /brokers/topics/<t>

    public static byte[] topicAssignment(TopicAssignment assignment) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", 3);
        node.put("topic_id", KafkaUuid.toKafkaString(assignment.topicId()));
        node.set("partitions", replicaMap(assignment.partitions()));
        node.set("adding_replicas", replicaMap(assignment.addingReplicas()));
        node.set("removing_replicas", replicaMap(assignment.removingReplicas()));
        return bytes(node);
    }

    /**
     * @throws IllegalArgumentException if the payload has no {@code topic_id}: a topic written by a Kafka older than
     *     2.8 must have its id assigned by the controller first
     */
    public static TopicAssignment decodeTopicAssignment(String topic, byte[] data) {
        JsonNode node = parse(data);
        JsonNode id = node.get("topic_id");
        if (id == null || id.isNull()) {
            throw new IllegalArgumentException("topic " + topic + " has no topic_id");
        }
        return new TopicAssignment(
                topic,
                KafkaUuid.fromKafkaString(id.asText()),
                decodeReplicaMap(node.path("partitions")),
                decodeReplicaMap(node.path("adding_replicas")),
                decodeReplicaMap(node.path("removing_replicas")));
    }

    // ---- /brokers/topics/<t>/partitions/<p>/state

    public static byte[] partitionState(PartitionState state) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("controller_epoch", state.controllerEpoch());
        node.put("leader", state.leader());
        node.put("version", 1);
        node.put("leader_epoch", state.leaderEpoch());
        ArrayNode isr = node.putArray("isr");
        state.isr().forEach(isr::add);
        return bytes(node);
    }

    public static PartitionState decodePartitionState(byte[] data, int zkVersion) {
        JsonNode node = parse(data);
        return new PartitionState(
                integer(node, "leader"),
                integer(node, "leader_epoch"),
                intList(node.path("isr")),
                integer(node, "controller_epoch"),
                zkVersion);
    }

    // ---- /config/<type>/<name> and /config/changes

    public static byte[] entityConfig(Map<String, String> config) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", 1);
        ObjectNode values = node.putObject("config");
        new TreeMap<>(config).forEach(values::put);
        return bytes(node);
    }

    public static Map<String, String> decodeEntityConfig(byte[] data) {
        Map<String, String> config = new LinkedHashMap<>();
        if (data == null || data.length == 0) {
            return config;
        }
        parse(data).path("config").fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        return config;
    }

    public static byte[] configChangeNotification(String entityPath) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", 2);
        node.put("entity_path", entityPath);
        return bytes(node);
    }

    public static String decodeConfigChangeEntityPath(byte[] data) {
        return text(parse(data), "entity_path");
    }

    // ---- /isr_change_notification/isr_change_<seq>

    /** @param partitions topic name to partition ids whose ISR changed */
    public static byte[] isrChangeNotification(Map<String, ? extends Collection<Integer>> partitions) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", 1);
        ArrayNode list = node.putArray("partitions");
        new TreeMap<>(partitions).forEach((topic, ids) -> new TreeSet<>(ids).forEach(
                id -> list.addObject().put("topic", topic).put("partition", id)));
        return bytes(node);
    }

    public static Map<String, List<Integer>> decodeIsrChangeNotification(byte[] data) {
        Map<String, List<Integer>> partitions = new TreeMap<>();
        for (JsonNode entry : parse(data).path("partitions")) {
            partitions.computeIfAbsent(text(entry, "topic"), t -> new ArrayList<>()).add(integer(entry, "partition"));
        }
        return partitions;
    }

    // ---- /latest_producer_id_block

    public static byte[] producerIdBlock(ProducerIdBlock block) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", 1);
        node.put("broker", block.assignedBrokerId());
        node.put("block_start", Long.toString(block.firstProducerId()));
        node.put("block_end", Long.toString(block.lastProducerId()));
        return bytes(node);
    }

    public static ProducerIdBlock decodeProducerIdBlock(byte[] data) {
        JsonNode node = parse(data);
        long start = Long.parseLong(text(node, "block_start"));
        long end = Long.parseLong(text(node, "block_end"));
        return new ProducerIdBlock(integer(node, "broker"), start, Math.toIntExact(end - start + 1));
    }

    // ---- helpers

    static JsonNode parse(byte[] data) {
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("znode payload is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed znode JSON", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return value.asText();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("missing or non-integer field '" + field + "'");
        }
        return value.asInt();
    }

    private static List<Integer> intList(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode element : array) {
            values.add(element.asInt());
        }
        return values;
    }

    private static ObjectNode replicaMap(SortedMap<Integer, List<Integer>> map) {
        ObjectNode node = MAPPER.createObjectNode();
        map.forEach((partition, replicas) -> {
            ArrayNode array = node.putArray(Integer.toString(partition));
            replicas.forEach(array::add);
        });
        return node;
    }

    private static SortedMap<Integer, List<Integer>> decodeReplicaMap(JsonNode node) {
        SortedMap<Integer, List<Integer>> map = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(Integer.parseInt(field.getKey()), intList(field.getValue()));
        }
        return map;
    }
}
