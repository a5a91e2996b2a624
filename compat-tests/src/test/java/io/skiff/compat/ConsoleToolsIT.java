package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock command-line tools ({@link StockTool}: each its own JVM, as the scripts run them), with stdin
 * piped and exit code and output checked.
 */
class ConsoleToolsIT {
    @TempDir
    static Path dir;

    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void kafkaTopicsCreatesListsAndDeletes() throws Exception {
        StockTool create = topics("--create", "--topic", "tools-topic", "--partitions", "3", "--replication-factor", "1",
                "--config", "retention.ms=60000");
        assertThat(create.exitCode()).as(create.output()).isZero();
        assertThat(create.output()).contains("Created topic tools-topic.");

        StockTool list = topics("--list");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output().lines()).contains("tools-topic");

        StockTool again = topics("--create", "--topic", "tools-topic", "--partitions", "1");
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("already exists");

        StockTool delete = topics("--delete", "--topic", "tools-topic");
        assertThat(delete.exitCode()).as(delete.output()).isZero();
        assertThat(topics("--list").output().lines()).doesNotContain("tools-topic");
    }

    @Test
    void kafkaTopicsDescribesPartitionsWithLeadersAndIsr() throws Exception {
        // kafka-topics --describe reads partitions (Metadata) and the topic's overrides (DescribeConfigs).
        assertThat(topics("--create", "--topic", "described", "--partitions", "3", "--config", "retention.ms=123456")
                .exitCode()).isZero();
        StockTool describe = topics("--describe", "--topic", "described");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains("PartitionCount: 3", "ReplicationFactor: 1", "retention.ms=123456");
        assertThat(describe.output().lines().filter(l -> l.contains("Partition: ")))
                .hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("Leader: 0", "Replicas: 0", "Isr: 0"));
    }

    @Test
    void kafkaTopicsReportsAnInvalidTopicName() throws Exception {
        StockTool create = topics("--create", "--topic", "bad/name", "--partitions", "1");
        assertThat(create.exitCode()).isNotZero();
        assertThat(create.output()).containsIgnoringCase("illegal");
    }

    @Test
    void consoleProducerWritesEachStdinLineAsARecord() throws Exception {
        assertThat(topics("--create", "--topic", "console", "--partitions", "1").exitCode()).isZero();

        StockTool producer = StockTool.run("org.apache.kafka.tools.ConsoleProducer", "one\ntwo\nthree\n",
                "--bootstrap-server", broker.bootstrapServers(), "--topic", "console");
        assertThat(producer.exitCode()).as(producer.output()).isZero();

        try (Admin admin = AdminIT.adminFor(broker)) {
            TopicPartition tp = new TopicPartition("console", 0);
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)
                    .get(30, TimeUnit.SECONDS).offset();
            assertThat(end).isEqualTo(3);
        }
    }

    private static StockTool topics(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers()));
        all.addAll(List.of(args));
        return StockTool.run("org.apache.kafka.tools.TopicCommand", "", all.toArray(String[]::new));
    }

}
