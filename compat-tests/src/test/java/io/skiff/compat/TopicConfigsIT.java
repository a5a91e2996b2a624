package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic and broker configs through the stock {@code kafka-configs} tool and the Admin client: describe
 * with Kafka's sources and synonyms, incremental and legacy alters, refusals that change nothing, and
 * the behaviour each config controls changing on a running broker (retention, min.insync.replicas,
 * compression.type, max.message.bytes, message.timestamp.type, cleanup.policy, dynamic broker defaults).
 */
class TopicConfigsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of("log.retention.check.interval.ms", "300"));
        admin = AdminIT.adminFor(broker);
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void kafkaConfigsAltersDescribesAndDeletesTopicOverrides() throws Exception {
        create("cfg");
        StockTool alter = configs("--alter", "--entity-type", "topics", "--entity-name", "cfg",
                "--add-config", "retention.ms=86400000,cleanup.policy=[compact,delete]");
        assertThat(alter.exitCode()).as(alter.output()).isZero();
        assertThat(alter.output()).contains("Completed updating config for topic cfg.");

        StockTool describe = configs("--describe", "--entity-type", "topics", "--entity-name", "cfg");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains("Dynamic configs for topic cfg are:",
                "retention.ms=86400000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=86400000",
                "cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete");

        StockTool all = configs("--describe", "--all", "--entity-type", "topics", "--entity-name", "cfg");
        assertThat(all.output()).contains("All configs for topic cfg are:",
                "segment.bytes=1073741824 sensitive=false synonyms={DEFAULT_CONFIG:log.segment.bytes=1073741824}",
                "max.message.bytes=1048588 sensitive=false synonyms={DEFAULT_CONFIG:message.max.bytes=1048588}");
        assertThat(all.output().lines().filter(l -> l.contains("sensitive="))).hasSize(33);

        StockTool delete = configs("--alter", "--entity-type", "topics", "--entity-name", "cfg", "--delete-config", "retention.ms");
        assertThat(delete.exitCode()).as(delete.output()).isZero();
        Config after = describe(new ConfigResource(ConfigResource.Type.TOPIC, "cfg"));
        assertThat(after.get("retention.ms").value()).isEqualTo("604800000");
        assertThat(after.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(after.get("cleanup.policy").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
    }

    @Test
    void invalidValuesAreRefusedWithTheirErrorAndChangeNothing() throws Exception {
        create("strict");
        alter("strict", AlterConfigOp.OpType.SET, "retention.ms", "100000");

        StockTool bad = configs("--alter", "--entity-type", "topics", "--entity-name", "strict", "--add-config", "retention.ms=soon");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("Invalid value soon for configuration retention.ms");

        assertRefused("strict", "retention.ms", "soon", InvalidConfigurationException.class);
        assertRefused("strict", "no.such.config", "1", InvalidConfigurationException.class);
        assertRefused("strict", "min.insync.replicas", "0", InvalidConfigurationException.class);
        assertRefused("strict", "cleanup.policy", "forever", InvalidConfigurationException.class);
        assertRefused("strict", "compression.type", "brotli", InvalidConfigurationException.class);
        assertRefused("strict", "segment.bytes", "1024", InvalidConfigurationException.class);
        assertRefused("strict", "max.compaction.lag.ms", "0", InvalidConfigurationException.class);
        alter("strict", AlterConfigOp.OpType.SET, "max.compaction.lag.ms", "5000");
        StockTool conflict = configs("--alter", "--entity-type", "topics", "--entity-name", "strict", "--add-config",
                "min.compaction.lag.ms=10000");
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.output()).contains(
                "conflict topic config setting min.compaction.lag.ms (10000) > max.compaction.lag.ms (5000)");
        assertRefused("missing-topic", "retention.ms", "1", UnknownTopicOrPartitionException.class);
        ExecutionException append = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "strict"),
                        List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND))))
                        .all().get(30, TimeUnit.SECONDS));
        assertThat(append.getCause()).isInstanceOf(InvalidConfigurationException.class);

        Config config = describe(new ConfigResource(ConfigResource.Type.TOPIC, "strict"));
        assertThat(config.get("retention.ms").value()).isEqualTo("100000");
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        assertThat(config.get("segment.bytes").value()).isEqualTo("1073741824");
        assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo("0");
    }

    @Test
    void loweringRetentionMsDeletesOldSegmentsAndConsumersStartAfterThem() throws Exception {
        create("retained");
        alter("retained", AlterConfigOp.OpType.SET, "segment.ms", "100");
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("retained", bytes("old"))).get(30, TimeUnit.SECONDS);
            Thread.sleep(300); // the next append rolls the segment (older than segment.ms)
            producer.send(new ProducerRecord<>("retained", bytes("new"))).get(30, TimeUnit.SECONDS);
        }
        TopicPartition tp = new TopicPartition("retained", 0);
        assertThat(earliest(tp)).isZero();

        StockTool alter = configs("--alter", "--entity-type", "topics", "--entity-name", "retained", "--add-config", "retention.ms=1000");
        assertThat(alter.exitCode()).as(alter.output()).isZero();

        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (earliest(tp) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(earliest(tp)).as("the old segment was deleted by retention").isEqualTo(1);
        assertThat(consumeFromStart(tp, 1)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("new");
    }

    @Test
    void minInsyncReplicasGatesAcksAllProducesAtOnce() throws Exception {
        create("guarded");
        Map<String, Object> strict = Map.of("acks", "all", "enable.idempotence", "false", "retries", 0,
                "delivery.timeout.ms", 5000, "request.timeout.ms", 4000, "linger.ms", 0);
        try (KafkaProducer<byte[], byte[]> producer = producer(strict)) {
            producer.send(new ProducerRecord<>("guarded", bytes("a"))).get(30, TimeUnit.SECONDS);

            alter("guarded", AlterConfigOp.OpType.SET, "min.insync.replicas", "2");
            ExecutionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("guarded", bytes("b"))).get(30, TimeUnit.SECONDS));
            assertThat(refused.getCause()).isInstanceOf(NotEnoughReplicasException.class);

            alter("guarded", AlterConfigOp.OpType.DELETE, "min.insync.replicas", null);
            assertThat(producer.send(new ProducerRecord<>("guarded", bytes("c"))).get(30, TimeUnit.SECONDS).offset()).isEqualTo(1);
        }
    }

    @Test
    void compressionTypeRecompressesTheProducersBatches() throws Exception {
        create("squeezed");
        alter("squeezed", AlterConfigOp.OpType.SET, "compression.type", "gzip");
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of("compression.type", "none", "linger.ms", 20))) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add(producer.send(new ProducerRecord<>("squeezed", bytes("k" + i), bytes("value-" + i))));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        java.io.File segment = broker.dataDir().resolve("kafka-logs").resolve("squeezed-0")
                .resolve("00000000000000000000.log").toFile();
        try (org.apache.kafka.common.record.internal.FileRecords file =
                org.apache.kafka.common.record.internal.FileRecords.open(segment, false)) {
            List<String> codecs = new ArrayList<>();
            file.batches().forEach(b -> {
                b.ensureValid();
                codecs.add(b.compressionType().name);
            });
            assertThat(codecs).isNotEmpty().containsOnly("gzip");
        }
        assertThat(consumeFromStart(new TopicPartition("squeezed", 0), 100)).extracting(r -> new String(r.value(),
                StandardCharsets.UTF_8)).startsWith("value-0", "value-1").endsWith("value-99");
    }

    @Test
    void maxMessageBytesTimestampTypeAndCleanupPolicyApplyToTheNextProduce() throws Exception {
        create("shaped");
        alter("shaped", AlterConfigOp.OpType.SET, "max.message.bytes", "1024");
        Map<String, Object> noRetry = Map.of("enable.idempotence", "false", "retries", 0, "delivery.timeout.ms", 5000,
                "request.timeout.ms", 4000, "linger.ms", 0);
        try (KafkaProducer<byte[], byte[]> producer = producer(noRetry)) {
            ExecutionException tooLarge = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("shaped", new byte[2000])).get(30, TimeUnit.SECONDS));
            assertThat(tooLarge.getCause()).isInstanceOf(RecordTooLargeException.class);

            alter("shaped", AlterConfigOp.OpType.SET, "message.timestamp.type", "LogAppendTime");
            long before = System.currentTimeMillis();
            producer.send(new ProducerRecord<>("shaped", 0, 1000L, bytes("k"), bytes("stamped"))).get(30, TimeUnit.SECONDS);
            ConsumerRecord<byte[], byte[]> stamped = consumeFromStart(new TopicPartition("shaped", 0), 1).get(0);
            assertThat(stamped.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(stamped.timestamp()).isGreaterThanOrEqualTo(before);

            alter("shaped", AlterConfigOp.OpType.SET, "cleanup.policy", "compact");
            ExecutionException keyless = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("shaped", bytes("no key"))).get(30, TimeUnit.SECONDS));
            assertThat(keyless.getCause()).isInstanceOf(InvalidRecordException.class);
        }
    }

    @Test
    void aBrokerDescribesEveryKeyKafkaDescribes() throws Exception {
        Config config = describe(new ConfigResource(ConfigResource.Type.BROKER, "0"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        config.entries().forEach(e -> names.add(e.name()));
        java.util.Set<String> kafkas = new java.util.TreeSet<>();
        org.apache.kafka.server.config.AbstractKafkaConfig.CONFIG_DEF.configKeys().values().stream()
                .filter(k -> !k.internalConfig).forEach(k -> kafkas.add(k.name));
        assertThat(names).containsAll(kafkas);

        ConfigEntry password = config.get("ssl.keystore.password");
        assertThat(password.isSensitive()).isTrue();
        assertThat(password.value()).isNull();
        assertThat(password.type()).isEqualTo(ConfigEntry.ConfigType.PASSWORD);
        assertThat(config.get("ssl.keystore.type").value()).isEqualTo("JKS");
        assertThat(config.get("ssl.keystore.type").isReadOnly()).isTrue();

        StockTool all = configs("--describe", "--all", "--entity-type", "brokers", "--entity-name", "0");
        assertThat(all.exitCode()).as(all.output()).isZero();
        assertThat(all.output()).contains("All configs for broker 0 are:",
                "num.io.threads=8 sensitive=false synonyms={DEFAULT_CONFIG:num.io.threads=8}",
                "ssl.keystore.password=null sensitive=true synonyms={}",
                "sasl.enabled.mechanisms=GSSAPI sensitive=false synonyms={DEFAULT_CONFIG:sasl.enabled.mechanisms=GSSAPI}");
    }

    @Test
    void dynamicBrokerConfigsChangeTopicDefaultsAndSurviveARestart(@TempDir Path own) throws Exception {
        try (BrokerProcess b = BrokerProcess.start(own, Map.of()); Admin a = AdminIT.adminFor(b)) {
            a.createTopics(List.of(new NewTopic("plain", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            StockTool clusterDefault = StockTool.run("kafka.admin.ConfigCommand", "", "--bootstrap-server",
                    b.bootstrapServers(), "--alter", "--entity-type", "brokers", "--entity-default",
                    "--add-config", "log.retention.ms=3600000");
            assertThat(clusterDefault.exitCode()).as(clusterDefault.output()).isZero();
            assertThat(clusterDefault.output()).contains("Completed updating default config for brokers in the cluster.");

            StockTool describeDefault = StockTool.run("kafka.admin.ConfigCommand", "", "--bootstrap-server",
                    b.bootstrapServers(), "--describe", "--entity-type", "brokers", "--entity-default");
            assertThat(describeDefault.output()).contains("Default configs for brokers in the cluster are:",
                    "log.retention.ms=3600000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=3600000}");

            ConfigEntry retention = describe(a, new ConfigResource(ConfigResource.Type.TOPIC, "plain")).get("retention.ms");
            assertThat(retention.value()).isEqualTo("3600000");
            assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);

            a.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, "0"), List.of(
                    new AlterConfigOp(new ConfigEntry("log.retention.ms", "7200000"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            ConfigEntry own0 = describe(a, new ConfigResource(ConfigResource.Type.BROKER, "0")).get("log.retention.ms");
            assertThat(own0.value()).isEqualTo("7200000");
            assertThat(own0.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);

            StockTool refused = StockTool.run("kafka.admin.ConfigCommand", "", "--bootstrap-server", b.bootstrapServers(),
                    "--alter", "--entity-type", "brokers", "--entity-name", "0", "--add-config", "log.dirs=/elsewhere");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("Cannot update these configs dynamically: Set(log.dirs)");
            ExecutionException viaAdmin = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> a.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, "0"), List.of(
                            new AlterConfigOp(new ConfigEntry("num.io.threads", "2"), AlterConfigOp.OpType.SET))))
                            .all().get(30, TimeUnit.SECONDS));
            assertThat(viaAdmin.getCause()).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("value should be at least half the current value 8");
            StockTool threads = StockTool.run("kafka.admin.ConfigCommand", "", "--bootstrap-server", b.bootstrapServers(),
                    "--alter", "--entity-type", "brokers", "--entity-name", "0", "--add-config", "num.io.threads=12");
            assertThat(threads.exitCode()).as(threads.output()).isZero();
            ConfigEntry io = describe(a, new ConfigResource(ConfigResource.Type.BROKER, "0")).get("num.io.threads");
            assertThat(io.value()).isEqualTo("12");
            assertThat(io.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
            assertThat(io.isReadOnly()).isFalse();

            a.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "plain"), List.of(
                    new AlterConfigOp(new ConfigEntry("segment.ms", "60000"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        try (BrokerProcess b = BrokerProcess.start(own, Map.of()); Admin a = AdminIT.adminFor(b)) {
            Config topic = describe(a, new ConfigResource(ConfigResource.Type.TOPIC, "plain"));
            assertThat(topic.get("retention.ms").value()).as("this broker's dynamic value, from ZooKeeper").isEqualTo("7200000");
            assertThat(topic.get("segment.ms").value()).isEqualTo("60000");
        }
    }

    @Test
    void brokerLoggersAreListedAndTheirLevelsChangedAtRuntime() throws Exception {
        String id = "0";
        StockTool describe = configs("--describe", "--entity-type", "broker-loggers", "--entity-name", id);
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains("root=INFO", "io.skiff.broker.Broker=INFO");

        StockTool raise = configs("--alter", "--entity-type", "broker-loggers", "--entity-name", id,
                "--add-config", "io.skiff.broker=DEBUG");
        assertThat(raise.exitCode()).as(raise.output()).isZero();
        assertThat(configs("--describe", "--entity-type", "broker-loggers", "--entity-name", id).output())
                .contains("io.skiff.broker=DEBUG", "io.skiff.broker.Broker=DEBUG", "root=INFO");

        StockTool bad = configs("--alter", "--entity-type", "broker-loggers", "--entity-name", id,
                "--add-config", "io.skiff.broker=LOUD");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.output()).contains("Cannot set the log level of io.skiff.broker to LOUD as it is not a supported log level");
        StockTool unknown = configs("--alter", "--entity-type", "broker-loggers", "--entity-name", id,
                "--add-config", "no.such.logger=DEBUG");
        // The tool checks the name against our list first; the broker checks it too.
        assertThat(unknown.output()).contains("Invalid broker logger(s): no.such.logger");
        ExecutionException unknownViaAdmin = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER_LOGGER, id),
                        List.of(new AlterConfigOp(new ConfigEntry("no.such.logger", "DEBUG"), AlterConfigOp.OpType.SET))))
                        .all().get(30, TimeUnit.SECONDS));
        assertThat(unknownViaAdmin.getCause()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Logger no.such.logger does not exist!");

        StockTool reset = configs("--alter", "--entity-type", "broker-loggers", "--entity-name", id,
                "--delete-config", "io.skiff.broker");
        assertThat(reset.exitCode()).as(reset.output()).isZero();
        assertThat(configs("--describe", "--entity-type", "broker-loggers", "--entity-name", id).output())
                .contains("io.skiff.broker=INFO");
    }

    private static void create(String topic) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private static void alter(String topic, AlterConfigOp.OpType op, String key, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                List.of(new AlterConfigOp(new ConfigEntry(key, value), op)))).all().get(30, TimeUnit.SECONDS);
    }

    private static void assertRefused(String topic, String key, String value, Class<? extends Throwable> error) {
        ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> alter(topic, AlterConfigOp.OpType.SET, key, value));
        assertThat(e).as("%s=%s", key, value).isNotNull();
        assertThat(e.getCause()).as("%s=%s", key, value).isInstanceOf(error);
    }

    private static Config describe(ConfigResource resource) throws Exception {
        return describe(admin, resource);
    }

    private static Config describe(Admin a, ConfigResource resource) throws Exception {
        return a.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true))
                .all().get(30, TimeUnit.SECONDS).get(resource);
    }

    private static StockTool configs(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers()));
        all.addAll(List.of(args));
        return StockTool.run("kafka.admin.ConfigCommand", "", all.toArray(String[]::new));
    }

    private static long earliest(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
        config.putAll(extra);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeFromStart(TopicPartition tp, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).records(tp).forEach(records::add);
            }
            return records;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
