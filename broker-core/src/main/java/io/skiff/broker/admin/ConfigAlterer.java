package io.skiff.broker.admin;

import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.config.ConfigKey;
import io.skiff.broker.config.ConfigType;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.ConfigEntityType;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * AlterConfigs and IncrementalAlterConfigs for one resource: a topic (its overrides in
 * {@code /config/topics/<t>}) or a broker (this broker's {@code /config/brokers/<id>}, or the
 * cluster-wide {@code /config/brokers/<default>}), with Kafka's checks and messages in Kafka's order:
 * duplicate keys and null values (INVALID_REQUEST), the resource (INVALID_TOPIC_EXCEPTION,
 * UNKNOWN_TOPIC_OR_PARTITION, INVALID_REQUEST for a foreign broker id), the operations (INVALID_CONFIG
 * for APPEND/SUBTRACT on a non-list key), then the resulting configuration (INVALID_CONFIG for a bad
 * topic value; INVALID_REQUEST with Kafka's "Cannot update these configs dynamically" for a broker key
 * that cannot change at runtime). Nothing is written when any check fails or the request only
 * validates. The {@code broker-loggers} resource (KIP-412, incremental only) changes log levels in
 * place ({@link BrokerLoggers}).
 *
 * <p>A stored change reaches every broker through a config change notification; this broker applies
 * it before answering, so a describe right after an alter sees it. Blocks on ZooKeeper: call off the
 * event loop. Thread-safe; concurrent alters of one resource are serialised here (last writer wins
 * across brokers, as in Kafka's ZooKeeper mode).
 */
public final class ConfigAlterer {
    // Kafka's ConfigResource.Type ids.
    public static final byte TOPIC = 2;
    public static final byte BROKER = 4;
    public static final byte BROKER_LOGGER = 8;
    private static final long STORE_TIMEOUT_S = 30;

    /** IncrementalAlterConfigs' operations, by Kafka's ids. */
    public enum Op {
        SET, DELETE, APPEND, SUBTRACT;

        /** @throws ApiException INVALID_REQUEST for an id Kafka does not define */
        public static Op forId(byte id) {
            if (id < 0 || id >= values().length) {
                throw Errors.INVALID_REQUEST.exception("Unknown operations type " + id);
            }
            return values()[id];
        }
    }

    /** One requested change; a legacy AlterConfigs entry is a SET. */
    public record Change(String name, Op op, String value) {}

    private final TopicConfigs topics;
    private final ConfigStore store;
    private final Supplier<ClusterSnapshot> cluster;
    private final int brokerId;

    public ConfigAlterer(TopicConfigs topics, ConfigStore store, Supplier<ClusterSnapshot> cluster, int brokerId) {
        this.topics = topics;
        this.store = store;
        this.cluster = cluster;
        this.brokerId = brokerId;
    }

    /**
     * Validates and, unless {@code validateOnly}, stores the change. With {@code incremental} false
     * (legacy AlterConfigs) the changes replace the resource's whole dynamic config.
     *
     * @throws ApiException with the error the client must see
     */
    public synchronized void alter(byte resourceType, String resourceName, List<Change> changes, boolean incremental,
            boolean validateOnly) {
        Set<String> names = new HashSet<>();
        List<String> nulls = new ArrayList<>();
        for (Change c : changes) {
            if (!names.add(c.name())) {
                throw Errors.INVALID_REQUEST.exception("Error due to duplicate config keys");
            }
            if (c.op() != Op.DELETE && c.value() == null) {
                nulls.add(c.name());
            }
        }
        if (!nulls.isEmpty()) {
            throw Errors.INVALID_REQUEST.exception("Null value not supported for : " + String.join(", ", nulls));
        }
        switch (resourceType) {
            case TOPIC -> alterTopic(resourceName, changes, incremental, validateOnly);
            case BROKER -> alterBroker(resourceName, changes, incremental, validateOnly);
            case BROKER_LOGGER -> {
                if (!incremental) {
                    // Legacy AlterConfigs never supported loggers (KIP-412 came with the incremental API).
                    throw Errors.INVALID_REQUEST.exception("Unknown resource type " + resourceType);
                }
                alterLoggers(resourceName, changes, validateOnly);
            }
            default -> throw Errors.INVALID_REQUEST.exception("Unknown resource type " + resourceType);
        }
    }

    private void alterTopic(String topic, List<Change> changes, boolean incremental, boolean validateOnly) {
        if (topic == null || topic.isEmpty()) {
            throw Errors.INVALID_REQUEST.exception("Default topic resources are not allowed.");
        }
        Optional<String> invalid = TopicNames.invalidReason(topic);
        if (invalid.isPresent()) {
            throw Errors.INVALID_TOPIC_EXCEPTION.exception(invalid.get());
        }
        if (!cluster.get().topics().containsKey(topic)) {
            throw Errors.UNKNOWN_TOPIC_OR_PARTITION.exception("The topic '" + topic + "' does not exist.");
        }
        Map<String, String> current = read(ConfigEntityType.TOPICS, topic);
        Map<String, String> next = new TreeMap<>(incremental ? current : Map.of());
        for (Change c : changes) {
            switch (c.op()) {
                case SET -> next.put(c.name(), c.value());
                case DELETE -> next.remove(c.name());
                case APPEND, SUBTRACT -> {
                    TopicConfigKeys.Key key = TopicConfigKeys.get(c.name());
                    if (key == null || key.type() != ConfigType.LIST) {
                        throw Errors.INVALID_CONFIG.exception("Can't " + c.op() + " to key " + c.name()
                                + " because its type is not LIST.");
                    }
                    String base = next.containsKey(c.name()) ? next.get(c.name()) : topics.defaults().get(c.name());
                    next.put(c.name(), listOp(base, c.value(), c.op() == Op.APPEND));
                }
            }
        }
        TopicConfigValidator.validate(next, topics.defaults());
        if (!validateOnly) {
            write(ConfigEntityType.TOPICS, topic, next);
            topics.reloadTopic(topic);
        }
    }

    private void alterBroker(String name, List<Change> changes, boolean incremental, boolean validateOnly) {
        boolean perBroker = name != null && !name.isEmpty();
        if (perBroker && nodeId(name) != brokerId) {
            throw Errors.INVALID_REQUEST.exception("Unexpected broker id, expected " + brokerId + ", but received " + name);
        }
        String entity = perBroker ? Integer.toString(brokerId) : ConfigEntityType.DEFAULT_ENTITY;
        Map<String, String> current = read(ConfigEntityType.BROKERS, entity);
        Map<String, String> next = new LinkedHashMap<>(incremental ? current : Map.of());
        for (Change c : changes) {
            switch (c.op()) {
                case SET -> next.put(c.name(), c.value());
                case DELETE -> next.remove(c.name());
                case APPEND, SUBTRACT -> {
                    ConfigKey<?> key = BrokerConfigs.DEF.keys().get(c.name());
                    if (key == null) {
                        throw Errors.INVALID_CONFIG.exception("Unknown config name: " + c.name());
                    }
                    if (key.type() != ConfigType.LIST) {
                        throw Errors.INVALID_CONFIG.exception("Config value " + (c.op() == Op.APPEND ? "append" : "subtract")
                                + " is not allowed for config key: " + c.name());
                    }
                    String base = next.containsKey(c.name()) ? next.get(c.name())
                            : ConfigDescriber.render(key.defaultValue());
                    next.put(c.name(), listOp(base, c.value(), c.op() == Op.APPEND));
                }
            }
        }
        String refusal = topics.broker().validate(next);
        if (refusal != null) {
            throw Errors.INVALID_REQUEST.exception(refusal);
        }
        if (!validateOnly) {
            write(ConfigEntityType.BROKERS, entity, next);
            topics.reloadBroker();
        }
    }

    /** KIP-412 log levels: validated all first, then applied; nothing is stored (levels last until restart). */
    private void alterLoggers(String name, List<Change> changes, boolean validateOnly) {
        if (nodeId(name) != brokerId) {
            throw Errors.INVALID_REQUEST.exception("Unexpected node id. Expected " + brokerId + ", but received " + name);
        }
        for (Change c : changes) {
            switch (c.op()) {
                case SET -> BrokerLoggers.validateSet(c.name(), c.value());
                case DELETE -> BrokerLoggers.validateUnset(c.name());
                default -> throw Errors.INVALID_REQUEST.exception(c.op() + " operation is not allowed for the BROKER_LOGGER resource");
            }
        }
        if (!validateOnly) {
            for (Change c : changes) {
                if (c.op() == Op.SET) {
                    BrokerLoggers.set(c.name(), c.value());
                } else {
                    BrokerLoggers.unset(c.name());
                }
            }
        }
    }

    private static int nodeId(String resourceName) {
        try {
            return Integer.parseInt(resourceName);
        } catch (NumberFormatException e) {
            throw Errors.INVALID_REQUEST.exception("Node id must be an integer, but it is: " + resourceName);
        }
    }

    /** Kafka's list APPEND (new elements at the end, no duplicates) and SUBTRACT. */
    private static String listOp(String base, String operand, boolean append) {
        List<String> list = new ArrayList<>();
        if (base != null && !base.isEmpty()) {
            list.addAll(Arrays.asList(base.split(",")));
        }
        for (String v : operand.split(",")) {
            if (append && !list.contains(v)) {
                list.add(v);
            } else if (!append) {
                list.remove(v);
            }
        }
        return String.join(",", list);
    }

    private Map<String, String> read(ConfigEntityType type, String name) {
        try {
            return store.get(type, name).toCompletableFuture().get(STORE_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.UNKNOWN_SERVER_ERROR.exception("Interrupted");
        } catch (Exception e) {
            throw AdminStore.translate(e);
        }
    }

    private void write(ConfigEntityType type, String name, Map<String, String> config) {
        try {
            store.set(type, name, config).toCompletableFuture().get(STORE_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.UNKNOWN_SERVER_ERROR.exception("Interrupted");
        } catch (Exception e) {
            throw AdminStore.translate(e);
        }
    }
}
