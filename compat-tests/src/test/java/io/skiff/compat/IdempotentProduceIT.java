package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idempotent producer's sequence and epoch rules on the wire, with batches built by Kafka's own
 * {@code MemoryRecords}: a retried batch is acknowledged with its original offset and not stored
 * twice, a gap is OUT_OF_ORDER_SEQUENCE_NUMBER, a new epoch must restart at sequence 0, and a batch
 * from an older epoch is INVALID_PRODUCER_EPOCH. As in Kafka 4 (KIP-360), a producer id the
 * partition has never seen may start at any sequence: UNKNOWN_PRODUCER_ID is never returned.
 */
class IdempotentProduceIT {
    private static final String TOPIC = "idempotent";
    private static final short PRODUCE_VERSION = 12;

    @TempDir
    static Path dir;

    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        try (Admin admin = AdminIT.adminFor(broker)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sequencesAndEpochsFollowKafkasRules() throws Exception {
        try (BadInputIT.Raw raw = new BadInputIT.Raw(broker.port())) {
            long pid = initProducerId(raw);

            ProduceResponseData.PartitionProduceResponse first = produce(raw, pid, (short) 0, 0, 3);
            assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
            assertThat(first.baseOffset()).isZero();

            ProduceResponseData.PartitionProduceResponse retry = produce(raw, pid, (short) 0, 0, 3);
            assertThat(Errors.forCode(retry.errorCode())).as("a retried batch is a duplicate").isEqualTo(Errors.NONE);
            assertThat(retry.baseOffset()).as("acknowledged with its original offset").isZero();

            ProduceResponseData.PartitionProduceResponse gap = produce(raw, pid, (short) 0, 5, 1);
            assertThat(Errors.forCode(gap.errorCode())).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);

            ProduceResponseData.PartitionProduceResponse next = produce(raw, pid, (short) 0, 3, 2);
            assertThat(Errors.forCode(next.errorCode())).isEqualTo(Errors.NONE);
            assertThat(next.baseOffset()).as("the duplicate took no offsets").isEqualTo(3);

            ProduceResponseData.PartitionProduceResponse newEpochMidSequence = produce(raw, pid, (short) 1, 5, 1);
            assertThat(Errors.forCode(newEpochMidSequence.errorCode())).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);

            ProduceResponseData.PartitionProduceResponse bumped = produce(raw, pid, (short) 1, 0, 1);
            assertThat(Errors.forCode(bumped.errorCode())).isEqualTo(Errors.NONE);
            assertThat(bumped.baseOffset()).isEqualTo(5);

            ProduceResponseData.PartitionProduceResponse stale = produce(raw, pid, (short) 0, 5, 1);
            assertThat(Errors.forCode(stale.errorCode())).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);

            ProduceResponseData.PartitionProduceResponse unknown = produce(raw, pid + 1_000_000, (short) 0, 42, 1);
            assertThat(Errors.forCode(unknown.errorCode())).as("an unseen producer may start anywhere (KIP-360)")
                    .isEqualTo(Errors.NONE);
            assertThat(unknown.baseOffset()).isEqualTo(6);
        }
    }

    /**
     * The case the Java producer hits when a broker dies with its batch appended but unacknowledged:
     * after {@code kill -9} and recovery the retry must still be recognised as a duplicate, so the
     * producer state is rebuilt from the log (and snapshots), not lost with the process.
     */
    @Test
    void aRetryAfterKillNineAndRecoveryIsStillADuplicate(@TempDir Path own) throws Exception {
        try (BrokerProcess crashing = BrokerProcess.start(own, Map.of("log.flush.interval.messages", "1"))) {
            try (Admin admin = AdminIT.adminFor(crashing)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            long pid;
            try (BadInputIT.Raw raw = new BadInputIT.Raw(crashing.port())) {
                pid = initProducerId(raw);
                assertThat(produce(raw, pid, (short) 0, 0, 3).baseOffset()).isZero();
                assertThat(produce(raw, pid, (short) 0, 3, 2).baseOffset()).isEqualTo(3);
            }
            crashing.kill();
            crashing.restart();
            try (BadInputIT.Raw raw = awaitLeader(crashing)) {
                ProduceResponseData.PartitionProduceResponse retry = produce(raw, pid, (short) 0, 3, 2);
                assertThat(Errors.forCode(retry.errorCode())).isEqualTo(Errors.NONE);
                assertThat(retry.baseOffset()).as("the retry maps to the batch already in the log").isEqualTo(3);
                ProduceResponseData.PartitionProduceResponse next = produce(raw, pid, (short) 0, 5, 1);
                assertThat(next.baseOffset()).as("nothing was stored twice").isEqualTo(5);
            }
        }
    }

    /** A connection to a restarted broker once it leads the partition again. */
    private static BadInputIT.Raw awaitLeader(BrokerProcess broker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            BadInputIT.Raw raw = new BadInputIT.Raw(broker.port());
            org.apache.kafka.common.requests.MetadataResponse metadata = raw.call(
                    new org.apache.kafka.common.requests.MetadataRequest.Builder(List.of(TOPIC), false), (short) 12);
            boolean led = metadata.topicMetadata().stream().allMatch(t -> t.error() == Errors.NONE
                    && t.partitionMetadata().stream().allMatch(p -> p.error == Errors.NONE && p.leaderId.isPresent()));
            if (led) {
                return raw;
            }
            raw.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("partition has no leader after the restart: " + metadata);
            }
            Thread.sleep(100);
        }
    }

    private static long initProducerId(BadInputIT.Raw raw) throws Exception {
        InitProducerIdResponse response = raw.call(new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(60_000)), (short) 4);
        assertThat(response.error()).isEqualTo(Errors.NONE);
        return response.data().producerId();
    }

    private static ProduceResponseData.PartitionProduceResponse produce(BadInputIT.Raw raw, long pid, short epoch,
            int baseSequence, int count) throws Exception {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), ("k" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8),
                    ("v" + (baseSequence + i)).getBytes(StandardCharsets.UTF_8));
        }
        MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, pid, epoch, baseSequence, records);
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(TOPIC);
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch));
        data.topicData().add(topic);
        ProduceResponse response = raw.call(ProduceRequest.builder(data), PRODUCE_VERSION);
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }
}
