package io.skiff.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {

    @Test
    void emptyPropertiesGiveKafkaDefaults() {
        BrokerConfig config = new BrokerConfig(Map.of());
        assertThat(config.brokerId()).isEqualTo(-1);
        assertThat(config.listeners()).containsExactly(new Endpoint("PLAINTEXT", "PLAINTEXT", "", 9092));
        assertThat(config.advertisedListeners()).isEqualTo(config.listeners());
        assertThat(config.logDirs()).containsExactly(Path.of("/tmp/kafka-logs"));
        assertThat(config.zookeeperConnect()).isEmpty();
        assertThat(config.logRetentionMs()).isEqualTo(168L * 3600 * 1000);
        assertThat(config.logRollMs()).isEqualTo(168L * 3600 * 1000);
        assertThat(config.get(BrokerConfigs.NUM_PARTITIONS)).isEqualTo(1);
        assertThat(config.get(BrokerConfigs.OFFSETS_TOPIC_NUM_PARTITIONS)).isEqualTo(50);
        assertThat(config.zookeeperConnectionTimeoutMs()).isEqualTo(18000);
    }

    @Test
    void retentionPrefersMillisecondsThenMinutesThenHours() {
        assertThat(new BrokerConfig(Map.of("log.retention.hours", "1")).logRetentionMs()).isEqualTo(3_600_000L);
        assertThat(new BrokerConfig(Map.of("log.retention.hours", "1", "log.retention.minutes", "2")).logRetentionMs())
                .isEqualTo(120_000L);
        assertThat(new BrokerConfig(Map.of("log.retention.minutes", "2", "log.retention.ms", "5")).logRetentionMs())
                .isEqualTo(5L);
        assertThat(new BrokerConfig(Map.of("log.retention.ms", "-7")).logRetentionMs()).isEqualTo(-1L);
    }

    @Test
    void logDirsOverridesLogDir() {
        BrokerConfig config = new BrokerConfig(Map.of("log.dir", "/a", "log.dirs", "/b, /c"));
        assertThat(config.logDirs()).containsExactly(Path.of("/b"), Path.of("/c"));
    }

    @Test
    void listenersAndAdvertisedListenersAreParsed() {
        BrokerConfig config = new BrokerConfig(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:0, INTERNAL://[::1]:9093",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT",
                "advertised.listeners", "PLAINTEXT://broker.example:9092"));
        assertThat(config.listeners()).containsExactly(
                new Endpoint("PLAINTEXT", "PLAINTEXT", "127.0.0.1", 0), new Endpoint("INTERNAL", "PLAINTEXT", "::1", 9093));
        assertThat(config.advertisedListeners()).containsExactly(new Endpoint("PLAINTEXT", "PLAINTEXT", "broker.example", 9092));
    }

    @Test
    void invalidValuesNameTheKey() {
        assertRejected(Map.of("num.partitions", "zero"), "num.partitions");
        assertRejected(Map.of("num.partitions", "0"), "num.partitions");
        assertRejected(Map.of("auto.create.topics.enable", "yes"), "auto.create.topics.enable");
        assertRejected(Map.of("log.cleanup.policy", "delete,shred"), "log.cleanup.policy");
        assertRejected(Map.of("log.message.timestamp.type", "WallClock"), "log.message.timestamp.type");
        assertRejected(Map.of("compression.type", "brotli"), "compression.type");
        assertRejected(Map.of("listeners", "PLAINTEXT:9092"), "listeners");
        assertRejected(Map.of("listeners", "PLAINTEXT://:70000"), "listeners");
        assertRejected(Map.of("listeners", "SSL://:9093"), "listeners");
        assertRejected(Map.of("listeners", "PLAINTEXT://:1,PLAINTEXT://:2"), "listeners");
        assertRejected(Map.of("advertised.listeners", "OTHER://h:1", "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,OTHER:PLAINTEXT"),
                "advertised.listeners");
        assertRejected(Map.of("broker.id", "3", "node.id", "4"), "node.id");
        assertRejected(Map.of("broker.id", "5000"), "broker.id");
        assertRejected(Map.of("group.min.session.timeout.ms", "10", "group.max.session.timeout.ms", "5"),
                "group.min.session.timeout.ms");
        assertRejected(Map.of("log.dirs", "/x,/x"), "log.dirs");
        assertRejected(Map.of("message.max.bytes", "99999999999"), "message.max.bytes");
    }

    @Test
    void unknownKeysAreReportedNotFatal() {
        BrokerConfig config = new BrokerConfig(Map.of("process.roles", "broker", "num.partitions", "3"));
        assertThat(config.unknownKeys()).containsExactly("process.roles");
        assertThat(config.get(BrokerConfigs.NUM_PARTITIONS)).isEqualTo(3);
    }

    @Test
    void overridesWinOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "# comment\nnum.partitions=4\nlog.dirs=./data\n");
        BrokerConfig config = BrokerConfig.load(Optional.of(file), Map.of("num.partitions", "6"));
        assertThat(config.get(BrokerConfigs.NUM_PARTITIONS)).isEqualTo(6);
        assertThat(config.logDirs()).isEqualTo(List.of(Path.of("./data")));
    }

    private static void assertRejected(Map<String, String> props, String key) {
        assertThatThrownBy(() -> new BrokerConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
}
