package io.skiff.compat.clients;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A non-Java client driven through its driver script (src/test/python/*_client.py,
 * src/test/node/kafkajs_client.js), which speaks the JSON-lines command line of
 * {@code clientcli.py}: one process per call. Where the interpreter, the client library or its codec
 * libraries live comes from system properties set by the compat-tests pom ({@code skiff.python},
 * {@code skiff.client.scripts}, {@code skiff.node.modules}). Immutable.
 */
public final class DriverClient implements KafkaClient {
    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final List<String> codecs;
    private final boolean admin;
    private final List<String> check;
    private final String installHint;

    private DriverClient(String name, List<String> command, Map<String, String> env, List<String> codecs,
                         boolean admin, List<String> check, String installHint) {
        this.name = name;
        this.command = command;
        this.env = env;
        this.codecs = codecs;
        this.admin = admin;
        this.check = check;
        this.installHint = installHint;
    }

    /** confluent-kafka-python on librdkafka: every codec is built into librdkafka. */
    public static DriverClient confluentKafkaPython() {
        return python("confluent-kafka-python", "confluent_client.py", "import confluent_kafka",
                "apt-get install python3-confluent-kafka");
    }

    /** kafka-python: gzip is built in, snappy, lz4 and zstd need python3-snappy, python3-lz4, python3-zstandard. */
    public static DriverClient kafkaPython() {
        return python("kafka-python", "kafka_python_client.py",
                "import kafka.codec as c; assert c.has_snappy() and c.has_lz4() and c.has_zstd(), 'codec modules'",
                "apt-get install python3-kafka python3-snappy python3-lz4 python3-zstandard");
    }

    /** kafkajs 2.2.4 with kafkajs-snappy and kafkajs-lz4; no zstd codec installs on this Node (see package.json). */
    public static DriverClient kafkajs() {
        Map<String, String> env = Map.of("NODE_PATH", property("skiff.node.modules"),
                "KAFKAJS_NO_PARTITIONER_WARNING", "1");
        return new DriverClient("kafkajs", List.of("node", scripts().resolve("node/kafkajs_client.js").toString()), env,
                List.of("none", "gzip", "snappy", "lz4"), true,
                List.of("node", "-e", "require('kafkajs'); require('kafkajs-lz4'); require('kafkajs-snappy')"),
                "Node.js and npm (apt-get install nodejs npm); the compat-tests build installs kafkajs with npm ci "
                        + "into compat-tests/target/node (mvn verify does it)");
    }

    private static DriverClient python(String name, String script, String importCheck, String installHint) {
        String python = property("skiff.python");
        Map<String, String> env = Map.of("PYTHONPATH", scripts().resolve("python").toString(),
                "PYTHONDONTWRITEBYTECODE", "1", "PYTHONUNBUFFERED", "1");
        return new DriverClient(name, List.of(python, scripts().resolve("python").resolve(script).toString()), env,
                List.of("none", "gzip", "snappy", "lz4", "zstd"), true, List.of(python, "-c", importCheck),
                installHint + " (Debian's packages, for Debian's " + python + "; .ci/run installs them)");
    }

    private static Path scripts() {
        return Path.of(property("skiff.client.scripts"));
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set (run the tests through Maven)");
        }
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public List<String> codecs() {
        return codecs;
    }

    @Override
    public boolean hasAdmin() {
        return admin;
    }

    @Override
    public void requireInstalled() {
        Installed.require(name, check, env, installHint);
    }

    @Override
    public void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        run(List.of(), "create-topic", "--bootstrap", bootstrap, "--topic", topic, "--partitions",
                Integer.toString(partitions));
    }

    @Override
    public void produce(String bootstrap, String topic, int partition, String codec, List<ClientRecord> records)
            throws Exception {
        try (ClientProcess p = run(records.stream().map(ClientRecord::toJsonLine).toList(), "produce",
                "--bootstrap", bootstrap, "--topic", topic, "--partition", Integer.toString(partition),
                "--codec", codec)) {
            if (p.events("produced").size() != records.size()) {
                throw new AssertionError(name + " reported " + p.events("produced").size() + " of " + records.size()
                        + " records produced\n" + p.transcript());
            }
        }
    }

    @Override
    public List<ClientRecord> consume(String bootstrap, String topic, List<Integer> partitions, int count)
            throws Exception {
        try (ClientProcess p = run(List.of(), "consume", "--bootstrap", bootstrap, "--topic", topic,
                "--partitions", partitions.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--count", Integer.toString(count))) {
            return p.events("record").stream().map(ClientRecord::fromEvent).toList();
        }
    }

    @Override
    public GroupRun groupConsume(String bootstrap, String topic, String group, int count) throws Exception {
        try (ClientProcess p = run(List.of(), "group-consume", "--bootstrap", bootstrap, "--topic", topic,
                "--group", group, "--count", Integer.toString(count))) {
            Map<Integer, Long> committed = new LinkedHashMap<>();
            for (JsonNode e : p.events("committed")) {
                for (JsonNode pair : e.path("offsets")) {
                    committed.put(pair.get(0).asInt(), pair.get(1).asLong());
                }
            }
            return new GroupRun(p.events("record").stream().map(ClientRecord::fromEvent).toList(), committed);
        }
    }

    /** Starts a long-running action (e.g. {@code static-member}); the caller ends it. */
    public ClientProcess start(String action, String... args) throws IOException {
        requireInstalled();
        List<String> full = new ArrayList<>(command);
        full.add(action);
        full.addAll(List.of(args));
        return ClientProcess.start(name + " " + action, full, env, null);
    }

    private ClientProcess run(List<String> stdinLines, String action, String... args) throws Exception {
        ClientProcess p = start(action, args);
        try {
            if (!stdinLines.isEmpty()) {
                p.write((String.join("\n", stdinLines) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return p.succeed(RUN_TIMEOUT);
        } catch (Exception | AssertionError e) {
            p.close();
            throw e;
        }
    }
}
