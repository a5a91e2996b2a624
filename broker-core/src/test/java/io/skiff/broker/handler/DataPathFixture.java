package io.skiff.broker.handler;

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
import io.skiff.wire.protocol.RequestHeader;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatchBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A broker's data path without sockets or ZooKeeper: a log manager in a temp dir, a manual timer
 * and a replica manager leading topic {@code t} (partitions 0 and 1) on broker 0.
 */
final class DataPathFixture implements AutoCloseable {
    static final long NOW = 1_700_000_000_000L;
    static final UUID TOPIC_ID = new UUID(7, 9);

    final ManualTimer timer = new ManualTimer(0);
    final LogManager logManager;
    final ReplicaManager replicaManager;

    DataPathFixture(Path dir) throws IOException {
        Time time = new Time() {
            @Override
            public long milliseconds() {
                return NOW;
            }

            @Override
            public long nanoseconds() {
                return 0;
            }
        };
        logManager = LogManager.start(LogManager.Settings.defaults(List.of(dir)), t -> LogConfig.defaults(), time,
                Scheduler.IMMEDIATE);
        replicaManager = new ReplicaManager(ReplicaManagerConfig.defaults(0), logManager, timer, time);
        TopicAssignment topic = TopicAssignment.of("t", TOPIC_ID, Map.of(0, List.of(0), 1, List.of(0)));
        replicaManager.onMetadata(new ClusterSnapshot(Map.of(), Map.of("t", topic),
                Map.of("t", Map.of(0, new PartitionState(0, 0, List.of(0), 1, 0), 1, new PartitionState(0, 0, List.of(0), 1, 0))),
                OptionalInt.empty()));
    }

    static ByteBuffer batch(String... values) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE);
        for (String v : values) {
            b.append(NOW, null, v.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** A context whose header is parsed from bytes, as the pipeline would parse it. */
    static RequestContext context(ApiMessageType api, int version) {
        short headerVersion = api.requestHeaderVersion((short) version);
        ByteBuffer b = ByteBuffer.allocate(64);
        b.putShort(api.apiKey()).putShort((short) version).putInt(42);
        b.putShort((short) 4).put("test".getBytes(StandardCharsets.UTF_8));
        if (headerVersion >= 2) {
            b.put((byte) 0);
        }
        b.flip();
        return new RequestContext(RequestHeader.parse(b), "PLAINTEXT", new InetSocketAddress("127.0.0.1", 1), "c1", 0);
    }

    @Override
    public void close() throws IOException {
        replicaManager.close();
        logManager.close();
    }
}
