package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock group tools, run as the scripts run them ({@link StockTool}): {@code kafka-console-consumer} with
 * a {@code --group}, fed by {@code kafka-console-producer} and feeding another producer through a shell pipe;
 * {@code kafka-consumer-groups --list / --describe / --reset-offsets / --delete}, their output checked in
 * Kafka's format (column headers, one row per partition with CURRENT-OFFSET, LOG-END-OFFSET and LAG).
 */
class ConsumerGroupToolsIT {
    private static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    private static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    private static final String CONSUMER_GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final List<String> DESCRIBE_HEADER = List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET",
            "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");

    @TempDir
    static Path dir;

    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of("group.min.session.timeout.ms", "1000"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void consoleConsumerInAGroupReadsWhatTheConsoleProducerWroteAndResumesFromItsCommit() throws Exception {
        createTopic("piped", 2);
        createTopic("mirrored", 1);
        StockTool produce = StockTool.run(CONSOLE_PRODUCER, "alpha\nbeta\ngamma\ndelta\n",
                "--bootstrap-server", broker.bootstrapServers(), "--topic", "piped");
        assertThat(produce.exitCode()).as(produce.output()).isZero();

        // kafka-console-consumer --group ... | kafka-console-producer: the group's records flow on to "mirrored".
        String consume = String.join(" ", quoted(StockTool.command(CONSOLE_CONSUMER, "--bootstrap-server",
                broker.bootstrapServers(), "--topic", "piped", "--group", "console-g", "--from-beginning",
                "--max-messages", "4", "--timeout-ms", "60000")));
        String forward = String.join(" ", quoted(StockTool.command(CONSOLE_PRODUCER, "--bootstrap-server",
                broker.bootstrapServers(), "--topic", "mirrored")));
        StockTool pipe = StockTool.run(List.of("bash", "-c", "set -o pipefail; " + consume + " | " + forward), "");
        assertThat(pipe.exitCode()).as(pipe.output()).isZero();

        StockTool mirrored = consoleConsumer("mirror-reader", "mirrored", 4, true);
        assertThat(records(mirrored)).containsExactlyInAnyOrder("alpha", "beta", "gamma", "delta");
        assertThat(mirrored.output()).contains("Processed a total of 4 messages");

        // The group committed what it read: a second run of the same group sees only the new record.
        assertThat(StockTool.run(CONSOLE_PRODUCER, "epsilon\n", "--bootstrap-server", broker.bootstrapServers(),
                "--topic", "piped").exitCode()).isZero();
        StockTool resumed = consoleConsumer("console-g", "piped", 1, false);
        assertThat(records(resumed)).containsExactly("epsilon");
        assertThat(describeRows("console-g")).extracting(r -> r.get(5)).containsOnly("0"); // no lag left
    }

    @Test
    void kafkaConsumerGroupsListsDescribesResetsAndDeletes() throws Exception {
        createTopic("tooled", 2);
        produce("tooled", 0, 5);
        produce("tooled", 1, 7);
        try (KafkaConsumer<String, String> c = consumer("tool-g")) {
            c.subscribe(List.of("tooled"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (c.assignment().size() < 2 && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100));
            }
            c.commitSync(Map.of(new TopicPartition("tooled", 0), new OffsetAndMetadata(3),
                    new TopicPartition("tooled", 1), new OffsetAndMetadata(7)));

            // While the member is there, its id, host and client id are shown on its partitions.
            List<List<String>> live = describeRows("tool-g");
            assertThat(live).hasSize(2).allSatisfy(row -> {
                assertThat(row.get(6)).startsWith("tool-client-");
                assertThat(row.get(7)).isEqualTo("/127.0.0.1");
                assertThat(row.get(8)).isEqualTo("tool-client");
            });
        }

        StockTool list = groups("--list");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output().lines()).contains("tool-g");

        StockTool describe = groups("--describe", "--group", "tool-g");
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        assertThat(describe.output()).contains("Consumer group 'tool-g' has no active members.");
        assertThat(describeRows("tool-g")).containsExactly(
                List.of("tool-g", "tooled", "0", "3", "5", "2", "-", "-", "-"),
                List.of("tool-g", "tooled", "1", "7", "7", "0", "-", "-", "-"));

        StockTool reset = groups("--reset-offsets", "--to-earliest", "--execute", "--group", "tool-g",
                "--topic", "tooled");
        assertThat(reset.exitCode()).as(reset.output()).isZero();
        List<List<String>> resetTable = table(reset.stdout(), "GROUP");
        assertThat(resetTable).as(reset.output()).hasSize(3);
        assertThat(resetTable.get(0)).containsExactly("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
        assertThat(resetTable.subList(1, 3)).containsExactlyInAnyOrder(
                List.of("tool-g", "tooled", "0", "0"),
                List.of("tool-g", "tooled", "1", "0"));
        try (KafkaConsumer<String, String> c = consumer("tool-g")) {
            c.subscribe(List.of("tooled"));
            List<ConsumerRecord<String, String>> reread = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (reread.size() < 12 && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(reread::add);
            }
            assertThat(reread).hasSize(12);
            assertThat(reread.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::offset).toList())
                    .containsExactly(0L, 1L, 2L, 3L, 4L);
        }

        StockTool delete = groups("--delete", "--group", "tool-g");
        assertThat(delete.exitCode()).as(delete.output()).isZero();
        assertThat(delete.output()).contains("Deletion of requested consumer groups ('tool-g') was successful.");
        assertThat(groups("--list").output().lines()).doesNotContain("tool-g");
        // DescribeGroups v6 answers GROUP_ID_NOT_FOUND (KIP-1043): the tool reports it as against Kafka 4.
        StockTool gone = groups("--describe", "--group", "tool-g");
        assertThat(gone.output()).contains("GroupIdNotFoundException: Group tool-g not found.");
    }

    // ------------------------------------------------------------------ helpers

    private static StockTool consoleConsumer(String group, String topic, int max, boolean fromBeginning)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers(), "--topic", topic,
                "--group", group, "--max-messages", String.valueOf(max), "--timeout-ms", "60000"));
        if (fromBeginning) {
            args.add("--from-beginning");
        }
        StockTool tool = StockTool.run(CONSOLE_CONSUMER, "", args.toArray(String[]::new));
        assertThat(tool.exitCode()).as(tool.output()).isZero();
        return tool;
    }

    /** The records a console consumer printed: its stdout (notices, logs and the summary go to stderr). */
    private static List<String> records(StockTool consumer) {
        return consumer.stdout().lines().toList();
    }

    private static StockTool groups(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", broker.bootstrapServers()));
        all.addAll(List.of(args));
        return StockTool.run(CONSUMER_GROUPS, "", all.toArray(String[]::new));
    }

    /** {@code --describe}'s rows (columns split on spaces) after checking its header is Kafka's. */
    private static List<List<String>> describeRows(String group) throws Exception {
        StockTool describe = groups("--describe", "--group", group);
        assertThat(describe.exitCode()).as(describe.output()).isZero();
        List<List<String>> table = table(describe.stdout(), "GROUP");
        assertThat(table).as(describe.output()).isNotEmpty();
        assertThat(table.get(0)).isEqualTo(DESCRIBE_HEADER);
        List<List<String>> rows = new ArrayList<>(table.subList(1, table.size()));
        rows.sort((a, b) -> a.get(2).compareTo(b.get(2)));
        return rows;
    }

    /** The lines from the one starting with {@code headerStart} up to the next blank line, split on spaces. */
    private static List<List<String>> table(String output, String headerStart) {
        List<List<String>> table = new ArrayList<>();
        boolean inside = false;
        for (String line : output.lines().toList()) {
            if (!inside && line.startsWith(headerStart + " ")) {
                inside = true;
            }
            if (inside) {
                if (line.isBlank()) {
                    break;
                }
                table.add(Arrays.asList(line.trim().split("\\s+")));
            }
        }
        return table;
    }

    private static List<String> quoted(List<String> command) {
        return command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.toList());
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        AdminIT.createTopic(broker, topic, partitions);
    }

    private static void produce(String topic, int partition, int count) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k" + i, "v" + i)).get();
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Properties p = GroupWorker.properties(broker.bootstrapServers(), group, "tool-client");
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
