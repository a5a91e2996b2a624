package io.skiff.broker.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The broker's configuration as it stands now: {@code server.properties} (static) overlaid by the
 * dynamic configs kept in ZooKeeper, the cluster-wide default ({@code /config/brokers/<default>}) and
 * then this broker's own ({@code /config/brokers/<id>}), in Kafka's order of precedence (KIP-226).
 *
 * <p>Only the keys in {@link #RECONFIGURABLE} may be changed at runtime: the broker-wide defaults of
 * topic configs, which take effect on every partition without a restart, as Kafka's
 * {@code DynamicLogConfig}. Kafka accepts a few more dynamically (thread pools, listeners, SSL stores,
 * connection quotas); this broker refuses those with Kafka's "Cannot update these configs dynamically"
 * rather than store a value it would not apply.
 *
 * <p>Thread-safety: the state is one immutable snapshot behind a volatile field; {@link #update} is
 * synchronized, readers never block.
 */
public final class DynamicBrokerConfig {
    /** The keys that can change at runtime (Kafka's {@code DynamicLogConfig.RECONFIGURABLE_CONFIGS}, less tiered log dirs). */
    public static final Set<String> RECONFIGURABLE = Set.of(
            "compression.gzip.level", "compression.lz4.level", "compression.type", "compression.zstd.level",
            "log.cleaner.delete.retention.ms", "log.cleaner.max.compaction.lag.ms", "log.cleaner.min.cleanable.ratio",
            "log.cleaner.min.compaction.lag.ms", "log.cleanup.policy", "log.flush.interval.messages",
            "log.flush.interval.ms", "log.index.interval.bytes", "log.index.size.max.bytes", "log.local.retention.bytes",
            "log.local.retention.ms", "log.message.timestamp.after.max.ms", "log.message.timestamp.before.max.ms",
            "log.message.timestamp.type", "log.preallocate", "log.retention.bytes", "log.retention.ms",
            "log.roll.jitter.ms", "log.roll.ms", "log.segment.bytes", "log.segment.delete.delay.ms", "message.max.bytes",
            "min.insync.replicas", "unclean.leader.election.enable");

    /** One consistent view: the dynamic layers and the configuration they produce. */
    private record State(Map<String, String> clusterDefault, Map<String, String> perBroker, BrokerConfig current) {}

    private final BrokerConfig staticConfig;
    private volatile State state;

    public DynamicBrokerConfig(BrokerConfig staticConfig) {
        this.staticConfig = staticConfig;
        this.state = new State(Map.of(), Map.of(), staticConfig);
    }

    /** The configuration in force: static keys overlaid by the dynamic ones. */
    public BrokerConfig current() {
        return state.current();
    }

    /** {@code server.properties} and {@code --override}s, as the broker started with them. */
    public BrokerConfig staticConfig() {
        return staticConfig;
    }

    /** The cluster-wide dynamic default ({@code /config/brokers/<default>}). */
    public Map<String, String> clusterDefault() {
        return state.clusterDefault();
    }

    /** This broker's own dynamic config ({@code /config/brokers/<id>}). */
    public Map<String, String> perBroker() {
        return state.perBroker();
    }

    /**
     * Installs new dynamic layers as read from ZooKeeper. A layer that no longer parses (someone wrote
     * to ZooKeeper directly) is refused whole and the previous state kept.
     *
     * @return whether the configuration in force changed
     * @throws ConfigException when the layers do not produce a valid configuration
     */
    public synchronized boolean update(Map<String, String> clusterDefault, Map<String, String> perBroker) {
        Map<String, String> merged = new LinkedHashMap<>(staticConfig.parsed().originals());
        merged.putAll(onlyReconfigurable(clusterDefault));
        merged.putAll(onlyReconfigurable(perBroker));
        BrokerConfig next = new BrokerConfig(merged);
        State previous = state;
        state = new State(Map.copyOf(clusterDefault), Map.copyOf(perBroker), next);
        return !previous.current().parsed().originals().equals(next.parsed().originals());
    }

    private static Map<String, String> onlyReconfigurable(Map<String, String> layer) {
        Map<String, String> kept = new LinkedHashMap<>();
        layer.forEach((k, v) -> {
            if (RECONFIGURABLE.contains(k) && v != null) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    /**
     * Checks a dynamic config before it is stored, as Kafka's {@code DynamicBrokerConfig.validateConfigs}:
     * every key must be changeable at runtime and every value must parse and validate.
     *
     * @return null when valid, else the reason (Kafka's wording), for an INVALID_REQUEST answer
     */
    public String validate(Map<String, String> props) {
        Set<String> refused = new TreeSet<>();
        for (String key : props.keySet()) {
            if (!RECONFIGURABLE.contains(key)) {
                refused.add(key);
            }
        }
        if (!refused.isEmpty()) {
            return "Cannot update these configs dynamically: " + scalaSet(refused);
        }
        Map<String, String> merged = new LinkedHashMap<>(staticConfig.parsed().originals());
        merged.putAll(onlyReconfigurable(state.clusterDefault()));
        merged.putAll(onlyReconfigurable(state.perBroker()));
        merged.putAll(props);
        try {
            new BrokerConfig(merged);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        return null;
    }

    /** Kafka's (Scala) rendering of a set of names, which clients and scripts match on. */
    static String scalaSet(Set<String> names) {
        return names.stream().collect(Collectors.joining(", ", "Set(", ")"));
    }
}
