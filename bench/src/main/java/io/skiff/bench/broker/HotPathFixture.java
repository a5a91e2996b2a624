package io.skiff.bench.broker;

import io.skiff.broker.network.RequestContext;
import io.skiff.log.LogConfig;
import io.skiff.log.LogManager;
import io.skiff.log.Scheduler;
import io.skiff.log.Time;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.replication.partition.ReplicaManagerConfig;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.RequestHeaderData;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.ByteBufferAccessor;
import io.skiff.wire.protocol.RequestHeader;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatchBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A single broker's data path without sockets or ZooKeeper, for the hot-path benchmarks: a {@link LogManager} on a
 * temp dir (default topic config but {@code file.delete.delay.ms=0}, so truncation between iterations frees pages
 * at once), a {@link ReplicaManager} leading every partition of one topic, and helpers that build request frames
 * exactly as a client sends them (header and body, without the 4-byte size) and decode them as the network layer
 * does. Not thread-safe; one per benchmark trial.
 */
final class HotPathFixture implements AutoCloseable {
    static final String TOPIC = "bench";
    static final UUID TOPIC_ID = new UUID(7, 42);
    /** kafka-producer-perf-test's shape: 8 partitions, 1 KiB records, 15 to a 16 KiB batch (the default batch.size). */
    static final int PARTITIONS = 8;
    static final int RECORDS_PER_BATCH = 15;
    static final int RECORD_BYTES = 1024;

    final Path dir;
    final LogManager logManager;
    final ReplicaManager replicaManager;
    final int partitions;

    HotPathFixture(int partitions) throws IOException {
        this.partitions = partitions;
        this.dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "skiff-hotpath-bench");
        LogConfig config = LogConfig.from(Map.of("file.delete.delay.ms", 0L));
        this.logManager = LogManager.start(LogManager.Settings.defaults(List.of(dir)), t -> config, Time.SYSTEM,
                Scheduler.IMMEDIATE);
        this.replicaManager = new ReplicaManager(new ReplicaManagerConfig(0), logManager, new ManualTimer(0),
                Time.SYSTEM);
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        Map<Integer, PartitionState> states = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            assignment.put(p, List.of(0));
            states.put(p, new PartitionState(0, 0, List.of(0), 1, 0));
        }
        replicaManager.onMetadata(new ClusterSnapshot(Map.of(), Map.of(TOPIC, TopicAssignment.of(TOPIC, TOPIC_ID,
                assignment)), Map.of(TOPIC, states), OptionalInt.empty()));
    }

    /** Empties every partition's log (between iterations, so the disk never fills). */
    void truncateAll() {
        for (int p = 0; p < partitions; p++) {
            replicaManager.partition(new io.skiff.log.TopicPartition(TOPIC, p)).orElseThrow().log()
                    .truncateFullyAndStartAt(0);
        }
    }

    /** One producer batch of {@code records} random records of {@code recordBytes} (no key), as the Java client builds it. */
    static ByteBuffer batch(CompressionType codec, int records, int recordBytes, Random random) {
        RecordBatchBuilder builder = new RecordBatchBuilder(codec);
        long now = System.currentTimeMillis();
        for (int i = 0; i < records; i++) {
            // Letters, like kafka-producer-perf-test's payload: compressible about as much as its data.
            byte[] value = new byte[recordBytes];
            for (int j = 0; j < value.length; j++) {
                value[j] = (byte) ('A' + random.nextInt(26));
            }
            builder.append(now, null, value);
        }
        return builder.build();
    }

    /** A request frame (header + body) of {@code message} at {@code version}. */
    static ByteBuffer frame(ApiMessageType type, short version, ApiMessage message) {
        short headerVersion = type.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(type.apiKey()).setRequestApiVersion(version)
                .setCorrelationId(1).setClientId("bench-client");
        ByteBuffer buf = ByteBuffer.allocate(header.size(headerVersion) + message.size(version));
        ByteBufferAccessor out = new ByteBufferAccessor(buf);
        header.write(out, headerVersion);
        message.write(out, version);
        return buf.flip();
    }

    /** What the network layer hands a handler: the parsed header as a context, and the body decoded. */
    record Decoded<T extends ApiMessage>(RequestContext context, T request) {}

    @SuppressWarnings("unchecked")
    static <T extends ApiMessage> Decoded<T> decode(ByteBuffer frame) {
        ByteBuffer body = frame.duplicate();
        RequestHeader header = RequestHeader.parse(body);
        ApiMessage request = header.apiType().newRequest();
        request.read(new ByteBufferAccessor(body), header.apiVersion());
        return new Decoded<>(new RequestContext(header, "PLAINTEXT", InetSocketAddress.createUnresolved("bench", 1),
                "bench-connection", System.nanoTime()), (T) request);
    }

    @Override
    public void close() throws IOException {
        replicaManager.close();
        logManager.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
