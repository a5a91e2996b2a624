package io.skiff.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.broker.config.BrokerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicDefaultsTest {
    @Test
    void brokerLogKeysBecomeTheTopicDefaultsAndOverridesWinOverThem() {
        TopicDefaults defaults = TopicDefaults.from(new BrokerConfig(Map.of(
                "log.retention.hours", "1",
                "compression.type", "lz4",
                "num.partitions", "4",
                "min.insync.replicas", "2")));
        assertThat(defaults.numPartitions()).isEqualTo(4);
        assertThat(defaults.topicConfigs())
                .containsEntry("retention.ms", "3600000")
                .containsEntry("compression.type", "lz4")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("cleanup.policy", "delete");

        Map<String, String> effective = TopicConfigValidator.validate(
                Map.of("compression.type", "zstd", "segment.bytes", "1048576"), defaults.topicConfigs());
        assertThat(effective)
                .containsEntry("compression.type", "zstd")
                .containsEntry("segment.bytes", "1048576")
                .containsEntry("retention.ms", "3600000");
    }

    @Test
    void internalTopicsGetTheirOwnShape() {
        TopicDefaults defaults = TopicDefaults.from(new BrokerConfig(Map.of(
                "offsets.topic.num.partitions", "7", "offsets.topic.replication.factor", "1",
                "transaction.state.log.num.partitions", "5", "transaction.state.log.min.isr", "1")));
        TopicCreator.Request offsets = defaults.autoCreateRequest(TopicNames.GROUP_METADATA_TOPIC);
        assertThat(offsets.numPartitions()).isEqualTo(7);
        assertThat(offsets.replicationFactor()).isEqualTo((short) 1);
        assertThat(offsets.configs()).containsEntry("cleanup.policy", "compact");
        TopicCreator.Request transactions = defaults.autoCreateRequest(TopicNames.TRANSACTION_STATE_TOPIC);
        assertThat(transactions.numPartitions()).isEqualTo(5);
        assertThat(transactions.configs()).containsEntry("min.insync.replicas", "1");
    }
}
