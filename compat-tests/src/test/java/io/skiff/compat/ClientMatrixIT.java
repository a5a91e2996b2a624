package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.compat.clients.ClientRecord;
import io.skiff.compat.clients.ClientRecord.Header;
import io.skiff.compat.clients.DriverClient;
import io.skiff.compat.clients.JavaClient;
import io.skiff.compat.clients.KafkaClient;
import io.skiff.compat.clients.KcatClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cross-client matrix: each client (the Java client, kcat, confluent-kafka-python, kafka-python,
 * kafkajs) writes the same records into its own partition of one topic, in its own codec, and every
 * client reads every partition back byte for byte: keys with NUL and non-UTF-8 bytes, a value holding
 * all 256 byte values, a 10 KB random value, a null value (tombstone), binary and repeated headers.
 * Codecs are ones every reader decodes (kafkajs has no zstd); each client's own codecs, zstd included,
 * are in {@link NonJavaClientsIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientMatrixIT {
    private static final String TOPIC = "matrix";
    private static final long SEED = 20261202L;
    private static final List<KafkaClient> CLIENTS = List.of(new JavaClient(), new KcatClient(),
            DriverClient.confluentKafkaPython(), DriverClient.kafkaPython(), DriverClient.kafkajs());
    private static final List<String> WRITER_CODECS = List.of("lz4", "gzip", "snappy", "snappy", "lz4");
    static final List<ClientRecord> RECORDS = records();

    @TempDir
    static Path dir;

    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        new JavaClient().createTopic(broker.bootstrapServers(), TOPIC, CLIENTS.size());
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
            assertThat(broker.loggedErrors()).as("broker errors while serving the clients").isEmpty();
        }
    }

    static List<KafkaClient> clients() {
        return CLIENTS;
    }

    /** Header values avoid NUL, ',', '=' and newlines, which kcat cannot pass or print unambiguously. */
    private static List<ClientRecord> records() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        byte[] random = new byte[10_000];
        new Random(SEED).nextBytes(random);
        for (int i = 0; i < random.length; i++) {
            if (random[i] == 0x1e || random[i] == 0x1f) {
                random[i] = 0x20; // kcat's delimiters on the producing side
            }
        }
        return List.of(
                ClientRecord.of("k1".getBytes(StandardCharsets.US_ASCII), allBytes,
                        Header.of("ascii", "plain".getBytes(StandardCharsets.US_ASCII)),
                        Header.of("binary", new byte[] {1, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff})),
                ClientRecord.of(new byte[] {0, (byte) 0xff, (byte) 0x80, 'b', 'i', 'n', 0},
                        "\u00e9\u4e2d\u0000\n\u00ff".getBytes(StandardCharsets.UTF_8),
                        Header.of("dup", "1".getBytes(StandardCharsets.US_ASCII)),
                        Header.of("dup", "2".getBytes(StandardCharsets.US_ASCII))),
                ClientRecord.of("k3".getBytes(StandardCharsets.US_ASCII), random),
                ClientRecord.of("k4-tombstone".getBytes(StandardCharsets.US_ASCII), null,
                        Header.of("deleted", "yes".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    @Order(1)
    void everyClientWritesItsOwnPartition() throws Exception {
        for (int i = 0; i < CLIENTS.size(); i++) {
            KafkaClient writer = CLIENTS.get(i);
            writer.requireInstalled();
            writer.produce(broker.bootstrapServers(), TOPIC, i, WRITER_CODECS.get(i), RECORDS);
        }
    }

    @ParameterizedTest(name = "read by {0}")
    @MethodSource("clients")
    @Order(2)
    void everyClientReadsWhatEveryClientWroteByteForByte(KafkaClient reader) throws Exception {
        reader.requireInstalled();
        List<Integer> partitions = IntStream.range(0, CLIENTS.size()).boxed().toList();

        List<ClientRecord> read = reader.consume(broker.bootstrapServers(), TOPIC, partitions,
                CLIENTS.size() * RECORDS.size());

        for (int p = 0; p < CLIENTS.size(); p++) {
            int partition = p;
            List<ClientRecord> expected = new ArrayList<>();
            for (int i = 0; i < RECORDS.size(); i++) {
                expected.add(RECORDS.get(i).at(p, i));
            }
            assertThat(read.stream().filter(r -> r.partition() == partition).toList())
                    .as("written by %s (%s), read by %s", CLIENTS.get(p), WRITER_CODECS.get(p), reader)
                    .isEqualTo(expected);
        }
    }
}
