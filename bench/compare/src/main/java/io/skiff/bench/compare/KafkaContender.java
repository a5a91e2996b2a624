package io.skiff.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Stock Apache Kafka (the version on this module's classpath) as {@code bin/kafka-server-start.sh} runs it:
 * one KRaft node with combined broker and controller roles, the settings of Kafka's shipped
 * {@code config/server.properties} (ports and {@code log.dirs} changed; listeners bound to loopback only), the
 * storage formatted with {@code kafka-storage.sh format --standalone} first, and the JVM flags of
 * {@code kafka-run-class.sh} with {@code kafka-server-start.sh}'s {@code KAFKA_HEAP_OPTS="-Xmx1G -Xms1G"}, GC log
 * and log4j2 file logging at INFO.
 */
final class KafkaContender extends Contender {
    static final List<String> JVM_FLAGS = List.of("-Xmx1G", "-Xms1G", "-server", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15", "-Djava.awt.headless=true");

    private final String classpath;
    private final List<String> extraJvmFlags;

    KafkaContender(String classpath, List<String> extraJvmFlags) {
        this.classpath = classpath;
        this.extraJvmFlags = extraJvmFlags;
    }

    @Override
    String name() {
        return "kafka";
    }

    @Override
    String jvmSummary() {
        return String.join(" ", JVM_FLAGS);
    }

    @Override
    void prepare(Path dir, int port) throws IOException, InterruptedException {
        int controllerPort = freePort();
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "inter.broker.listener.name=PLAINTEXT",
                "advertised.listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,"
                        + "SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
                "num.network.threads=3",
                "num.io.threads=8",
                "socket.send.buffer.bytes=102400",
                "socket.receive.buffer.bytes=102400",
                "socket.request.max.bytes=104857600",
                "log.dirs=" + dir.resolve("kraft-combined-logs"),
                "num.partitions=1",
                "num.recovery.threads.per.data.dir=1",
                "offsets.topic.replication.factor=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "log.retention.hours=168",
                "log.segment.bytes=1073741824",
                "log.retention.check.interval.ms=300000",
                ""));
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "appender.file.type=File",
                "appender.file.name=KafkaAppender",
                "appender.file.fileName=${sys:kafka.logs.dir}/server.log",
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=[%d] %p %m (%c)%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=KafkaAppender",
                ""));
        // kafka-storage.sh format --standalone -t <uuid> -c server.properties (a KRaft node refuses to start
        // unformatted). The cluster id is Kafka's base64 form of a random UUID.
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        String clusterId = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        Process format = new ProcessBuilder(java(), "-Xmx256M", "-cp", classpath, "kafka.tools.StorageTool",
                "format", "--standalone", "-t", clusterId, "-c", dir.resolve("server.properties").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("format.out").toFile())
                .start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("kafka-storage format failed: " + Files.readString(dir.resolve("format.out")));
        }
    }

    @Override
    List<String> command(Path dir, int port) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-Xlog:gc*:file=" + dir.resolve("kafkaServer-gc.log") + ":time,tags:filecount=10,filesize=100M");
        cmd.addAll(List.of("-Dcom.sun.management.jmxremote", "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false"));
        cmd.add("-Dkafka.logs.dir=" + dir);
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        cmd.addAll(extraJvmFlags);
        cmd.addAll(List.of("-cp", classpath, "kafka.Kafka", dir.resolve("server.properties").toString()));
        return cmd;
    }

    static String java() {
        String home = System.getenv("JAVA_HOME");
        return home == null || home.isEmpty() ? "java" : home + "/bin/java";
    }
}
