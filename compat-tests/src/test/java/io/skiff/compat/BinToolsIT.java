package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.compat.clients.ClientProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's bin/ wrappers (bin/kafka-topics, bin/kafka-console-producer, ...) run as a user
 * runs them, as real scripts, against a real broker: the stock Kafka tools they start come from Maven
 * Central through tools/pom.xml (the first run resolves them, which may download). Output and exit
 * codes are checked, failing tools included: a wrapper never hides a failure.
 */
class BinToolsIT {
    private static final Duration FIRST_RUN = Duration.ofMinutes(5);
    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        Tool version = run(FIRST_RUN, "", "kafka-topics", "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).contains("4.3.1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void kafkaTopicsCreatesListsAndDescribes() throws Exception {
        Tool create = tool("kafka-topics", "--create", "--topic", "bin-topics", "--partitions", "3",
                "--replication-factor", "1", "--config", "retention.ms=3600000");
        assertThat(create.exitCode()).as(create.output()).isZero();
        assertThat(create.output()).contains("Created topic bin-topics.");

        Tool list = tool("kafka-topics", "--list");
        assertThat(list.output().lines()).contains("bin-topics");

        Tool describe = tool("kafka-topics", "--describe", "--topic", "bin-topics");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains("PartitionCount: 3", "retention.ms=3600000");
        assertThat(describe.output().lines().filter(l -> l.contains("Partition: "))).hasSize(3);
    }

    @Test
    void aFailingToolFailsTheWrapperWithItsExitCode() throws Exception {
        Tool describe = tool("kafka-topics", "--describe", "--topic", "no-such-topic");
        assertThat(describe.exitCode()).isEqualTo(1);
        assertThat(describe.output()).contains("Topic 'no-such-topic' does not exist");

        Tool unknown = run(RUN, "", "kafka", "no-such-tool");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("unknown tool 'no-such-tool'");
    }

    @Test
    void consoleProducerPipesIntoConsoleConsumerAndTheGroupShowsNoLag() throws Exception {
        assertThat(tool("kafka-topics", "--create", "--topic", "bin-console", "--partitions", "1").exitCode()).isZero();

        Tool produce = runWithStdin("k1:one\nk2:two\nk3:three\n", "kafka-console-producer", "--bootstrap-server",
                broker.bootstrapServers(), "--topic", "bin-console", "--property", "parse.key=true",
                "--property", "key.separator=:");
        assertThat(produce.exitCode()).as(produce.output()).isZero();

        Tool consume = tool("kafka-console-consumer", "--topic", "bin-console", "--group", "bin-console-group",
                "--from-beginning", "--max-messages", "3", "--property", "print.key=true",
                "--property", "key.separator=:");
        assertThat(consume.exitCode()).as(consume.output()).isZero();
        assertThat(consume.output().lines()).containsSubsequence("k1:one", "k2:two", "k3:three");

        Tool offsets = tool("kafka-get-offsets", "--topic", "bin-console");
        assertThat(offsets.exitCode()).as(offsets.output()).isZero();
        assertThat(offsets.output().lines()).contains("bin-console:0:3");

        Tool groups = tool("kafka-consumer-groups", "--describe", "--group", "bin-console-group");
        assertThat(groups.exitCode()).as(groups.output()).isZero();
        assertThat(groups.output().lines().filter(l -> l.startsWith("bin-console-group")))
                .singleElement().satisfies(l -> assertThat(l.split("\\s+")).containsSequence("bin-console", "0", "3",
                        "3", "0"));
    }

    @Test
    void perfTestsProduceAndConsumeTheirRecordCount() throws Exception {
        assertThat(tool("kafka-topics", "--create", "--topic", "bin-perf", "--partitions", "2").exitCode()).isZero();

        Tool producer = run(RUN, "", "kafka-producer-perf-test", "--topic", "bin-perf", "--num-records", "2000",
                "--record-size", "100", "--throughput", "-1", "--command-property",
                "bootstrap.servers=" + broker.bootstrapServers());
        assertThat(producer.exitCode()).as(producer.output()).isZero();
        assertThat(producer.output()).containsPattern("(?m)^2000 records sent");

        Tool consumer = tool("kafka-consumer-perf-test", "--topic", "bin-perf", "--num-records", "2000");
        assertThat(consumer.exitCode()).as(consumer.output()).isZero();
        // CSV: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, ...
        String data = consumer.output().lines().filter(l -> l.matches("^\\d{4}-.*")).findFirst().orElseThrow(
                () -> new AssertionError("no result line:\n" + consumer.output()));
        assertThat(data.split(",\\s*")[4]).isEqualTo("2000");
    }

    @Test
    void dumpLogReadsTheBrokersSegmentFiles() throws Exception {
        assertThat(tool("kafka-topics", "--create", "--topic", "bin-dump", "--partitions", "1").exitCode()).isZero();
        assertThat(runWithStdin("a:alpha\nb:beta\n", "kafka-console-producer", "--bootstrap-server",
                broker.bootstrapServers(), "--topic", "bin-dump", "--property", "parse.key=true",
                "--property", "key.separator=:").exitCode()).isZero();
        List<String> files = new ArrayList<>();
        try (Stream<Path> segment = Files.list(broker.dataDir().resolve("kafka-logs").resolve("bin-dump-0"))) {
            segment.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".index"))
                    .sorted().forEach(f -> files.add(f.toString()));
        }

        Tool dump = run(RUN, "", "kafka-dump-log", "--files", String.join(",", files), "--print-data-log");

        assertThat(dump.exitCode()).as(dump.output()).isZero();
        assertThat(dump.output()).contains("isvalid: true", "key: a payload: alpha", "key: b payload: beta")
                .doesNotContain("isvalid: false");
    }

    @Test
    void kafkaConfigsDescribesATopicsOverrides() throws Exception {
        assertThat(tool("kafka-topics", "--create", "--topic", "bin-configs", "--partitions", "1",
                "--config", "cleanup.policy=compact").exitCode()).isZero();

        Tool describe = tool("kafka-configs", "--describe", "--entity-type", "topics", "--entity-name", "bin-configs");

        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains("Dynamic configs for topic bin-configs are:", "cleanup.policy=compact");
    }

    @Test
    void kafkaConfigsAltersKafkaDeleteRecordsTrimsAndKafkaLogDirsReportsTheFiles() throws Exception {
        assertThat(tool("kafka-topics", "--create", "--topic", "bin-admin", "--partitions", "1").exitCode()).isZero();
        Tool alter = tool("kafka-configs", "--alter", "--entity-type", "topics", "--entity-name", "bin-admin",
                "--add-config", "retention.ms=3600000");
        assertThat(alter.exitCode()).as(alter.output()).isZero();
        assertThat(alter.output()).contains("Completed updating config for topic bin-admin.");
        assertThat(tool("kafka-configs", "--describe", "--entity-type", "topics", "--entity-name", "bin-admin").output())
                .contains("retention.ms=3600000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3600000");

        Tool produce = runWithStdin("a\nb\nc\n", "kafka-console-producer", "--bootstrap-server",
                broker.bootstrapServers(), "--topic", "bin-admin");
        assertThat(produce.exitCode()).as(produce.output()).isZero();
        Path offsets = dir.resolve("delete-records.json");
        Files.writeString(offsets, "{\"partitions\": [{\"topic\": \"bin-admin\", \"partition\": 0, \"offset\": 2}], \"version\": 1}");
        Tool delete = tool("kafka-delete-records", "--offset-json-file", offsets.toString());
        assertThat(delete.exitCode()).as(delete.output()).isZero();
        assertThat(delete.output()).contains("partition: bin-admin-0\tlow_watermark: 2");

        Tool logDirs = tool("kafka-log-dirs", "--describe", "--topic-list", "bin-admin");
        assertThat(logDirs.exitCode()).as(logDirs.output()).isZero();
        long onDisk;
        try (Stream<Path> files = Files.list(broker.dataDir().resolve("kafka-logs").resolve("bin-admin-0"))) {
            onDisk = files.filter(f -> f.toString().endsWith(".log")).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(logDirs.output()).contains("\"partition\":\"bin-admin-0\",\"size\":" + onDisk + ",");
    }

    @Test
    void reassignPartitionsLeaderElectionAndBrokerApiVersionsWorkOnASingleBroker() throws Exception {
        assertThat(tool("kafka-topics", "--create", "--topic", "bin-move", "--partitions", "2").exitCode()).isZero();
        Path topics = dir.resolve("topics-to-move.json");
        Files.writeString(topics, "{\"topics\": [{\"topic\": \"bin-move\"}], \"version\": 1}");
        Tool generate = tool("kafka-reassign-partitions", "--topics-to-move-json-file", topics.toString(),
                "--broker-list", "0", "--generate");
        assertThat(generate.exitCode()).as(generate.output()).isZero();
        assertThat(generate.output()).contains("Current partition replica assignment",
                "Proposed partition reassignment configuration");
        String proposed = generate.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        assertThat(proposed).contains("\"topic\":\"bin-move\"", "\"replicas\":[0]");
        Path plan = dir.resolve("reassignment.json");
        Files.writeString(plan, proposed);

        Tool execute = tool("kafka-reassign-partitions", "--reassignment-json-file", plan.toString(), "--execute");
        assertThat(execute.exitCode()).as(execute.output()).isZero();
        assertThat(execute.output()).contains("Successfully started partition reassignment");
        Tool verify = tool("kafka-reassign-partitions", "--reassignment-json-file", plan.toString(), "--verify");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("Reassignment of partition bin-move-0 is completed.",
                "Reassignment of partition bin-move-1 is completed.");

        Path away = dir.resolve("to-a-missing-broker.json");
        Files.writeString(away, "{\"version\":1,\"partitions\":[{\"topic\":\"bin-move\",\"partition\":0,"
                + "\"replicas\":[7],\"log_dirs\":[\"any\"]}]}");
        Tool refused = tool("kafka-reassign-partitions", "--reassignment-json-file", away.toString(), "--execute");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();

        Tool election = tool("kafka-leader-election", "--election-type", "preferred", "--topic", "bin-move",
                "--partition", "0");
        assertThat(election.exitCode()).as(election.output()).isZero();
        assertThat(election.output()).contains("Valid replica already elected for partitions bin-move-0");

        Tool versions = tool("kafka-broker-api-versions");
        assertThat(versions.exitCode()).as(versions.output()).isZero();
        assertThat(versions.output()).contains("Produce(0): 0 to 13 [usable: 13]",
                "AlterPartitionReassignments(45): 0 to 1 [usable: 1]");
    }

    private record Tool(int exitCode, String output) {}

    /** A wrapper that takes --bootstrap-server, with it set to the test broker. */
    private static Tool tool(String script, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-server");
        all.add(broker.bootstrapServers());
        return run(RUN, "", script, all.toArray(String[]::new));
    }

    private static Tool runWithStdin(String stdin, String script, String... args) throws Exception {
        return run(RUN, stdin, script, args);
    }

    /** Runs bin/SCRIPT from the repository root, stdin piped, stdout and stderr together. */
    private static Tool run(Duration timeout, String stdin, String script, String... args) throws Exception {
        Path root = Path.of(System.getProperty("skiff.repo.root"));
        List<String> command = new ArrayList<>(List.of(root.resolve("bin").resolve(script).toString()));
        command.addAll(List.of(args));
        try (ClientProcess p = ClientProcess.start(script, command, Map.of(), root)) {
            p.write(stdin.getBytes(StandardCharsets.UTF_8));
            p.closeStdin();
            int code = p.waitFor(timeout);
            return new Tool(code, p.stdout() + p.stderr());
        }
    }
}
