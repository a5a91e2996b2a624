package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw sockets sending each kind of bad frame. Bytes that cannot be parsed close that connection with
 * exactly one log line; a well-formed request with bad content gets Kafka's error code. After every
 * case a well-behaved Admin client and a long-lived raw connection, both opened before it, must still
 * be served, and every record acknowledged before the bad input must still be there.
 */
class BadInputIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int ACKNOWLEDGED = 50;

    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Admin admin;
    private static Raw bystander;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        admin = AdminIT.adminFor(broker);
        admin.createTopics(List.of(new NewTopic("survivor", 1, (short) 1))).all()
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        bystander = new Raw(broker.port());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < ACKNOWLEDGED; i++) {
                producer.send(new ProducerRecord<>("survivor", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private int closeLinesBefore;

    @BeforeEach
    void countCloseLines() {
        closeLinesBefore = closeLines();
    }

    private static int closeLines() {
        return (int) broker.outputLines().stream().filter(l -> l.contains("Closing connection from")).count();
    }

    /** The bad connection was closed and logged once (the log line is written before the socket closes). */
    private void assertClosedWithOneLogLine(Raw raw) throws Exception {
        assertThat(raw.closedByPeer()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closeLines() == closeLinesBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(closeLines() - closeLinesBefore).as("log lines for one closed connection").isEqualTo(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bystander != null) {
            bystander.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Everyone else is still served. */
    @AfterEach
    void othersKeepWorking() throws Exception {
        assertThat(admin.describeTopics(List.of("survivor")).allTopicNames()
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).get("survivor").partitions()).hasSize(1);
        MetadataResponse metadata = bystander.call(new MetadataRequest.Builder(
                new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic()
                        .setName("survivor")))), (short) 12);
        assertThat(metadata.topicMetadata()).singleElement()
                .satisfies(t -> assertThat(t.error()).isEqualTo(Errors.NONE));
        TopicPartition tp = new TopicPartition("survivor", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (values.size() < ACKNOWLEDGED && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).as("every acknowledged record, in order")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, ACKNOWLEDGED).mapToObj(i -> "v" + i).toList());
        }
    }

    @Test
    void headerShorterThanItsFixedFieldsClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            raw.sendFrame(ByteBuffer.allocate(4).putShort((short) 3).putShort((short) 1).array());
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void clientIdLongerThanTheFrameClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            raw.sendFrame(ByteBuffer.allocate(12).putShort((short) 3).putShort((short) 1).putInt(1)
                    .putShort((short) 500).putShort((short) 0).array());
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void unknownApiKeyClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            raw.sendFrame(header(999, 0, 1).array());
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void truncatedBodyClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            // Metadata v1: one topic whose name claims 20 bytes, only 3 present.
            ByteBuffer frame = header(3, 1, 1);
            frame.putInt(1).putShort((short) 20).put("abc".getBytes(StandardCharsets.UTF_8));
            raw.sendFrame(slice(frame));
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void absurdArrayLengthClosesTheConnectionWithoutAllocating() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            ByteBuffer frame = header(3, 1, 1);
            frame.putInt(1 << 30);
            raw.sendFrame(slice(frame));
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void sizePrefixAboveTheRequestLimitClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            raw.out.writeInt(200 * 1024 * 1024); // above socket.request.max.bytes (100 MiB); nothing follows
            raw.out.flush();
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void negativeSizePrefixClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            raw.out.writeInt(-5);
            raw.out.flush();
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void unsupportedVersionOfAnApiClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            ByteBuffer frame = header(3, 99, 1);
            frame.putInt(0);
            raw.sendFrame(slice(frame));
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void failedAcksZeroProduceClosesTheConnection() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            // acks=0 gets no response, so the only way to tell the client is to close (Kafka does the same).
            ProduceRequestData data = new ProduceRequestData().setAcks((short) 0).setTimeoutMs(10_000);
            ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("survivor");
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(7)
                    .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("x".getBytes(StandardCharsets.UTF_8)))));
            data.topicData().add(topic);
            raw.send(ProduceRequest.builder(data), (short) 12);
            assertClosedWithOneLogLine(raw);
        }
    }

    @Test
    void unsupportedApiVersionsVersionIsAnsweredWithTheSupportedRange() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            // KIP-511: the broker answers with a v0 ApiVersions response carrying UNSUPPORTED_VERSION.
            // A client newer than the broker sends a flexible (v2) header: an empty tagged-field section follows.
            raw.sendFrame(slice(header(18, 99, 5).put((byte) 0)));
            ByteBuffer response = ByteBuffer.wrap(raw.readFrame());
            assertThat(response.getInt()).as("correlation id").isEqualTo(5);
            assertThat(response.getShort()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            ApiVersionsResponse ok = raw.call(new ApiVersionsRequest.Builder(), (short) 3);
            assertThat(ok.data().apiKeys().find(ApiKeys.METADATA.id)).isNotNull();
        }
    }

    @Test
    void invalidTopicNamesGetInvalidTopicErrorsAndTheConnectionStaysOpen() throws Exception {
        try (Raw raw = new Raw(broker.port())) {
            MetadataResponse metadata = raw.call(new MetadataRequest.Builder(new MetadataRequestData()
                    .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("no/slash")))
                    .setAllowAutoTopicCreation(true)), (short) 12);
            assertThat(metadata.topicMetadata()).singleElement()
                    .satisfies(t -> assertThat(t.error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION));

            CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(10_000);
            create.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("")
                    .setNumPartitions(1).setReplicationFactor((short) 1));
            create.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("..")
                    .setNumPartitions(1).setReplicationFactor((short) 1));
            CreateTopicsResponse created = raw.call(new CreateTopicsRequest.Builder(create), (short) 7);
            assertThat(created.data().topics()).hasSize(2).allSatisfy(t ->
                    assertThat(t.errorCode()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code()));
        }
    }

    /** A request header v1 (api key, version, correlation id, client id "raw") in a roomy buffer. */
    private static ByteBuffer header(int apiKey, int version, int correlationId) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        buffer.putShort((short) apiKey).putShort((short) version).putInt(correlationId);
        buffer.putShort((short) 3).put("raw".getBytes(StandardCharsets.UTF_8));
        return buffer;
    }

    private static byte[] slice(ByteBuffer written) {
        byte[] bytes = new byte[written.position()];
        written.flip();
        written.get(bytes);
        return bytes;
    }

    /** One raw TCP connection speaking size-prefixed frames; requests encoded by kafka-clients itself. */
    static final class Raw implements AutoCloseable {
        private final Socket socket = new Socket();
        final DataOutputStream out;
        private final DataInputStream in;
        private int correlationId = 1000;

        Raw(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
        }

        void sendFrame(byte[] payload) throws IOException {
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
        }

        byte[] readFrame() throws IOException {
            int size = in.readInt();
            byte[] body = new byte[size];
            in.readFully(body);
            return body;
        }

        @SuppressWarnings("unchecked")
        <R extends AbstractResponse> R call(AbstractRequest.Builder<?> builder, short version) throws IOException {
            RequestHeader header = send(builder, version);
            return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(readFrame()), header);
        }

        /** Sends a request without reading anything back; returns its header. */
        RequestHeader send(AbstractRequest.Builder<?> builder, short version) throws IOException {
            RequestHeader header = new RequestHeader(builder.apiKey(), version, "raw-client", correlationId++);
            ByteBuffer request = builder.build(version).serializeWithHeader(header);
            byte[] bytes = new byte[request.remaining()];
            request.get(bytes);
            sendFrame(bytes);
            return header;
        }

        /** True if the broker closes the connection (EOF or reset) before the read timeout. */
        boolean closedByPeer() throws IOException {
            try {
                return in.read() == -1;
            } catch (EOFException | SocketException e) {
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
