package io.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.admin.TopicConfigKeys;
import io.skiff.broker.admin.TopicConfigValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.server.config.DynamicBrokerConfig;
import org.apache.kafka.server.config.ServerTopicConfigSynonyms;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.junit.jupiter.api.Test;

/** Our config tables against Kafka 4.3.1's own (test-scope oracle). */
class ConfigSynonymsTest {

    @Test
    void everyTopicKeyNamesTheBrokerDefaultKafkaNames() {
        Map<String, String> ours = new TreeMap<>();
        for (String name : TopicConfigKeys.all().keySet()) {
            String broker = ConfigSynonyms.brokerDefaultOf(name);
            if (broker != null) {
                ours.put(name, broker);
            }
        }
        assertThat(ours).isEqualTo(new TreeMap<>(ServerTopicConfigSynonyms.TOPIC_CONFIG_SYNONYMS));
    }

    @Test
    void everyBrokerKeyHasKafkasSpellingsInKafkasOrder() {
        List<String> differences = new ArrayList<>();
        for (String name : BrokerConfigs.DEF.keys().keySet()) {
            List<String> kafkas = DynamicBrokerConfig.brokerConfigSynonyms(name, true);
            if (!ConfigSynonyms.brokerSynonyms(name).equals(kafkas)) {
                differences.add(name + ": " + ConfigSynonyms.brokerSynonyms(name) + " vs Kafka " + kafkas);
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void everyTopicBrokerDefaultIsABrokerKeyWeDefine() {
        for (String name : TopicConfigKeys.all().keySet()) {
            String broker = ConfigSynonyms.brokerDefaultOf(name);
            if (broker != null) {
                assertThat(ConfigSynonyms.brokerSynonyms(broker)).allSatisfy(spelling ->
                        assertThat(BrokerConfigs.DEF.keys()).as(spelling).containsKey(spelling));
            }
        }
    }

    @Test
    void topicKeysAreKafkasWithKafkasTypes() {
        Map<String, String> kafkas = new TreeMap<>();
        for (String name : LogConfig.nonInternalConfigNames()) {
            kafkas.put(name, LogConfig.configKeys().get(name).type.name());
        }
        Map<String, String> ours = new TreeMap<>();
        TopicConfigKeys.all().forEach((name, key) -> ours.put(name, key.type().name()));
        assertThat(ours).isEqualTo(kafkas);
    }

    @Test
    void aBrokerWithoutSettingsGivesTopicsKafkasDefaults() {
        Map<String, String> ours = TopicConfigValidator.kafkaDefaults();
        Map<String, String> kafkas = new TreeMap<>();
        for (String name : LogConfig.nonInternalConfigNames()) {
            ConfigDef.ConfigKey key = LogConfig.configKeys().get(name);
            kafkas.put(name, ConfigDef.convertToString(key.defaultValue, key.type));
        }
        assertThat(ours).isEqualTo(kafkas);
    }

    @Test
    void whatWeChangeAtRuntimeKafkaChangesAtRuntimeToo() {
        assertThat(new TreeSet<>(DynamicBrokerConfig.ALL_DYNAMIC_CONFIGS))
                .containsAll(io.skiff.broker.config.DynamicBrokerConfig.RECONFIGURABLE);
        assertThat(BrokerConfigs.DEF.keys().keySet()).containsAll(io.skiff.broker.config.DynamicBrokerConfig.RECONFIGURABLE);
    }
}
