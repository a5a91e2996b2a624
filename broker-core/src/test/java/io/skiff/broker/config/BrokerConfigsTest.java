package io.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Test;

/** Our key names, types and defaults against Kafka's own broker configuration definition. */
class BrokerConfigsTest {

    /** Keys of ZooKeeper-mode Kafka (gone from the 4.x definition) and our own additions. */
    private static final Set<String> NOT_IN_KAFKA_4 = Set.of(
            "broker.id.generation.enable",
            "reserved.broker.max.id",
            "zookeeper.connect",
            "zookeeper.session.timeout.ms",
            "zookeeper.connection.timeout.ms",
            "embedded.zookeeper.port");

    @Test
    void everyKeyHasKafkasNameTypeAndDefault() {
        Map<String, ConfigDef.ConfigKey> kafka = AbstractKafkaConfig.CONFIG_DEF.configKeys();
        List<String> mismatches = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (ConfigKey<?> ours : BrokerConfigs.DEF.keys().values()) {
            ConfigDef.ConfigKey theirs = kafka.get(ours.name());
            if (theirs == null) {
                missing.add(ours.name());
                continue;
            }
            if (!theirs.type.name().equals(ours.type().name())) {
                mismatches.add(ours.name() + ": type " + ours.type() + " vs Kafka " + theirs.type);
            }
            Object theirDefault = theirs.defaultValue == ConfigDef.NO_DEFAULT_VALUE ? null : theirs.defaultValue;
            if (!java.util.Objects.equals(normalise(theirDefault), normalise(ours.defaultValue()))) {
                mismatches.add(ours.name() + ": default " + ours.defaultValue() + " vs Kafka " + theirDefault);
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(missing).isEqualTo(new TreeSet<>(NOT_IN_KAFKA_4));
    }

    private static Object normalise(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value;
    }

    /**
     * Ours and the inert table together are exactly Kafka's non-internal keys (plus our ZooKeeper-mode
     * ones), disjoint, and the table carries Kafka's types and defaults. On a mismatch the message is the
     * table as it should read, to paste into {@code inert-broker-configs.tsv}.
     */
    @Test
    void theInertTableIsEveryOtherNonInternalKafkaKeyWithItsTypeAndDefault() {
        Map<String, ConfigDef.ConfigKey> kafka = AbstractKafkaConfig.CONFIG_DEF.configKeys();
        StringBuilder expected = new StringBuilder();
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(kafka).values()) {
            if (key.internalConfig || BrokerConfigs.DEF.keys().containsKey(key.name)) {
                continue;
            }
            boolean none = key.defaultValue == null || key.defaultValue == ConfigDef.NO_DEFAULT_VALUE;
            expected.append(key.name).append('\t').append(key.type.name()).append('\t')
                    .append(none ? "\\N" : ConfigDef.convertToString(key.defaultValue, key.type)).append('\n');
        }
        StringBuilder actual = new StringBuilder();
        for (InertBrokerConfigs.Key key : InertBrokerConfigs.all().values()) {
            actual.append(key.name()).append('\t').append(key.type()).append('\t')
                    .append(key.defaultValue() == null ? "\\N" : key.defaultValue()).append('\n');
        }
        assertThat(actual.toString()).isEqualTo(expected.toString());
        assertThat(InertBrokerConfigs.all().keySet()).doesNotContainAnyElementsOf(BrokerConfigs.DEF.keys().keySet());
    }
}
