package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.compat.clients.ClientRecord;
import io.skiff.compat.clients.ClientRecord.Header;
import io.skiff.compat.clients.DriverClient;
import io.skiff.compat.clients.JavaClient;
import io.skiff.compat.clients.KafkaClient;
import io.skiff.compat.clients.KafkaClient.GroupRun;
import io.skiff.compat.clients.KcatClient;
import io.skiff.compat.clients.SegmentFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The non-Java clients one at a time against a real broker: kcat and confluent-kafka-python (both
 * librdkafka 2.0), kafka-python 2.0 and kafkajs 2.2. Each produces and reads back keys, binary values
 * and headers in every codec it supports (the segment files show the codec was really used, and the
 * Java consumer reads the same bytes), consumes in a group that commits and then resumes exactly
 * after the commit, and creates topics through its admin API where it has one. A client missing from
 * the machine fails these tests with what to install.
 */
class NonJavaClientsIT {
    @TempDir
    static Path dir;

    private static BrokerProcess broker;
    private static Admin admin;
    private static final JavaClient JAVA = new JavaClient();

    @BeforeAll
    static void start() throws Exception {
        broker = BrokerProcess.start(dir.resolve("broker"), Map.of());
        admin = AdminIT.adminFor(broker);
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
            assertThat(broker.loggedErrors()).as("broker errors while serving the non-Java clients").isEmpty();
        }
    }

    static Stream<KafkaClient> clients() {
        return Stream.of(new KcatClient(), DriverClient.confluentKafkaPython(), DriverClient.kafkaPython(),
                DriverClient.kafkajs());
    }

    static Stream<KafkaClient> adminClients() {
        return clients().filter(KafkaClient::hasAdmin);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminClients")
    void adminApiCreatesATopicWithItsPartitions(KafkaClient client) throws Exception {
        client.requireInstalled();
        String topic = "admin-" + client.name();

        client.createTopic(broker.bootstrapServers(), topic, 3);

        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        assertThat(d.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.leader().id()).isZero());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void everyCodecCarriesKeysBinaryValuesAndHeadersByteForByte(KafkaClient client) throws Exception {
        client.requireInstalled();
        String topic = "codecs-" + client.name();
        JAVA.createTopic(broker.bootstrapServers(), topic, 1);
        List<ClientRecord> expected = new ArrayList<>();
        for (String codec : client.codecs()) {
            // Compressible, or librdkafka sends the batch uncompressed.
            byte[] value = ("value in " + codec + " ").repeat(100).getBytes(StandardCharsets.UTF_8);
            value[0] = 0;
            value[value.length - 1] = (byte) 0xff;
            ClientRecord r = ClientRecord.of(("key-" + codec + "\u00e9").getBytes(StandardCharsets.UTF_8), value,
                    Header.of("codec", codec.getBytes(StandardCharsets.UTF_8)),
                    Header.of("binary", new byte[] {1, (byte) 0x80, (byte) 0xfe, (byte) 0xff}));
            client.produce(broker.bootstrapServers(), topic, 0, codec, List.of(r));
            expected.add(r.at(0, expected.size()));
        }

        assertThat(SegmentFiles.batchCodecs(broker.dataDir().resolve("kafka-logs"), topic, 0))
                .as("the codec of each stored batch").isEqualTo(client.codecs());
        assertThat(client.consume(broker.bootstrapServers(), topic, List.of(0), expected.size()))
                .as(client + " reads back").isEqualTo(expected);
        assertThat(JAVA.consume(broker.bootstrapServers(), topic, List.of(0), expected.size()))
                .as("the Java consumer reads").isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void groupConsumerCommitsAndANewMemberResumesRightAfterTheCommit(KafkaClient client) throws Exception {
        client.requireInstalled();
        String topic = "group-" + client.name();
        String group = "group-of-" + client.name();
        JAVA.createTopic(broker.bootstrapServers(), topic, 1);
        List<ClientRecord> records = IntStream.range(0, 6).mapToObj(i -> ClientRecord.of(
                ("k" + i).getBytes(StandardCharsets.UTF_8), ("v" + i).getBytes(StandardCharsets.UTF_8))).toList();
        JAVA.produce(broker.bootstrapServers(), topic, 0, "none", records);
        TopicPartition tp = new TopicPartition(topic, 0);

        GroupRun first = client.groupConsume(broker.bootstrapServers(), topic, group, 4);

        assertThat(first.records()).extracting(ClientRecord::offset).containsExactly(0L, 1L, 2L, 3L);
        assertThat(committed(group, tp)).isEqualTo(4);
        if (!first.committed().isEmpty()) {
            assertThat(first.committed()).isEqualTo(Map.of(0, 4L));
        }

        GroupRun second = client.groupConsume(broker.bootstrapServers(), topic, group, 2);

        assertThat(second.records()).extracting(ClientRecord::offset).containsExactly(4L, 5L);
        assertThat(second.records()).extracting(ClientRecord::content)
                .containsExactly(records.get(4), records.get(5));
        assertThat(committed(group, tp)).isEqualTo(6);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
                .offset();
        assertThat(end).isEqualTo(6);
    }

    private static long committed(String group, TopicPartition tp) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        assertThat(offsets).as("committed offsets of " + group).containsKey(tp);
        return offsets.get(tp).offset();
    }
}
