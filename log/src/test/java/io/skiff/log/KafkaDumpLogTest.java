package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.tools.DumpLogSegments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stock {@code kafka-dump-log} ({@link DumpLogSegments}) reads the segments, indexes and producer snapshots we write.
 * Every run must show the positive evidence (the tool dumped each file, listed exactly our batches and records,
 * passed the index sanity checks) and none of the tool's problem reports: an unknown file, a skipped or invalid
 * batch, trailing invalid bytes, an index or time-index mismatch; and, uncompacted, no offset gap but the one the
 * tool always reports at a segment's start. For every codec, and for compacted segments (rebuilt batches, delete
 * horizons, empty batches).
 */
@ResourceLock("System.out")
@ResourceLock("System.err")
class KafkaDumpLogTest {
    static final long T0 = 1_700_000_000_000L;

    /** What the tool prints when something is wrong (see DumpLogSegments). */
    static final List<String> PROBLEMS = List.of("Ignoring unknown file", "Error at", "invalid bytes",
            "isvalid: false", "isValid: false", "Mismatches in", "not found in", "timestamp mismatch",
            "out of order timestamp", "Unknown record type", "Index offset:",
            "Index timestamp:", "Indexed offset:", "Exception", "corrupt");

    static final Pattern BATCH = Pattern.compile("^baseOffset: (\\d+) lastOffset: (\\d+) count: (\\d+) "
            + "baseSequence: (-?\\d+) lastSequence: (-?\\d+) producerId: (-?\\d+) producerEpoch: (-?\\d+) "
            + "partitionLeaderEpoch: (-?\\d+) isTransactional: (\\w+) isControl: (\\w+) deleteHorizonMs: (\\S+) "
            + "position: (\\d+) (CreateTime|LogAppendTime): (-?\\d+) size: (\\d+) magic: 2 compresscodec: (\\w+) "
            + "crc: (\\d+) isvalid: true$");
    static final Pattern RECORD = Pattern.compile("^\\| offset: (\\d+) (?:CreateTime|LogAppendTime): (-?\\d+) "
            + "keySize: (-?\\d+) valueSize: (-?\\d+) sequence: (-?\\d+) headerKeys: \\[.*] key: (.*?)(?: payload: (.*))?$");

    @TempDir
    Path logDir;

    /** Runs the tool; stdout and stderr (where it reports problems) together. */
    static String dump(String... args) throws Exception {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            DumpLogSegments.main(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Asserts the tool dumped every one of {@code files} and reported no problem at all. */
    static void assertDumpedCleanly(String out, List<Path> files) {
        for (Path f : files) {
            assertThat(out).contains("Dumping " + f);
        }
        for (String problem : PROBLEMS) {
            assertThat(out).as("dump output:%n%s", out).doesNotContainIgnoringCase(problem);
        }
    }

    /** A deep dump of one segment with its records, checked to report no problem. */
    static String deepDump(Path segment) throws Exception {
        String out = dump("--deep-iteration", "--print-data-log", "--files", segment.toString());
        assertDumpedCleanly(out, List.of(segment));
        return out;
    }

    /** One batch line of a deep dump. */
    record DumpedBatch(long baseOffset, long lastOffset, int count, long producerId, String deleteHorizon,
                       String codec, List<String> payloads) {}

    /** The batches (and their records' payloads) of a deep {@code --print-data-log} dump of one segment. */
    static List<DumpedBatch> parseDeepDump(String out) {
        List<DumpedBatch> batches = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Matcher b = BATCH.matcher(line);
            Matcher r = RECORD.matcher(line);
            if (b.matches()) {
                batches.add(new DumpedBatch(Long.parseLong(b.group(1)), Long.parseLong(b.group(2)),
                        Integer.parseInt(b.group(3)), Long.parseLong(b.group(6)), b.group(11), b.group(16),
                        new ArrayList<>()));
            } else if (r.matches()) {
                DumpedBatch last = batches.get(batches.size() - 1);
                long offset = Long.parseLong(r.group(1));
                assertThat(offset).isBetween(last.baseOffset(), last.lastOffset());
                last.payloads().add(offset + "=" + r.group(7)); // "null" for a tombstone (no payload printed)
            } else {
                assertThat(line).as("every line of a segment dump is a known one")
                        .matches("Dumping .*|Log starting offset: \\d+|Non-consecutive offsets in .*"
                                + "|  -?\\d+ is followed by \\d+");
            }
        }
        return batches;
    }

    static List<Path> files(Path dir, String... suffixes) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Stream.of(suffixes).anyMatch(x -> p.toString().endsWith(x))).sorted()
                    .collect(Collectors.toList());
        }
    }

    static String joined(List<Path> files) {
        return files.stream().map(Path::toString).collect(Collectors.joining(","));
    }

    /** Verification and sanity check of every index, plus a plain dump whose entries must be ordered. */
    static void assertIndexesVerify(Path dir) throws Exception {
        List<Path> indexes = files(dir, ".index", ".timeindex");
        assertThat(indexes).isNotEmpty();
        String verify = dump("--deep-iteration", "--verify-index-only", "--files", joined(indexes));
        assertDumpedCleanly(verify, indexes);
        String sanity = dump("--index-sanity-check", "--files", joined(indexes));
        assertDumpedCleanly(sanity, indexes);
        for (Path f : indexes) {
            assertThat(sanity.contains(f + " passed sanity check.") || sanity.contains(f + " is empty."))
                    .as("%s in:%n%s", f, sanity).isTrue();
        }
        assertThat(sanity).contains("passed sanity check.");
        String plain = dump("--files", joined(indexes));
        assertDumpedCleanly(plain, indexes);
        long previous = -1;
        int entries = 0;
        for (String line : plain.lines().toList()) {
            Matcher m = Pattern.compile("^offset: (\\d+) position: (\\d+)$").matcher(line);
            if (line.startsWith("Dumping ")) {
                previous = -1;
            } else if (m.matches()) {
                assertThat(Long.parseLong(m.group(1))).isGreaterThan(previous);
                previous = Long.parseLong(m.group(1));
                entries++;
            } else {
                assertThat(line).matches(".* is empty\\.|timestamp: \\d+ offset: \\d+");
            }
        }
        assertThat(entries).as("some offset index entries").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void stockDumpLogVerifiesOurIndexesAndListsExactlyOurBatchesAndRecords(String codec) throws Exception {
        MockTime time = new MockTime(T0);
        TopicPartition tp = new TopicPartition("dump", 0);
        PartitionLog log = PartitionLog.open(logDir, tp,
                LogConfig.from(Map.of(LogConfigs.INDEX_INTERVAL_BYTES, 200, LogConfigs.SEGMENT_BYTES, 2500)),
                0, 0, true, time, Scheduler.IMMEDIATE);
        Compression c = Compression.of(codec).build();
        int seq = 0;
        List<String> expectedPayloads = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            time.sleep(i % 3 == 0 ? 5 : -2); // timestamps not monotonic: only increases are indexed
            long pid = i % 2 == 0 ? 77 : -1;
            String[] values = {"value-" + i + "-a", "value-" + i + "-b", "value-" + i + "-c"};
            log.appendAsLeader(TestBatches.batch(c, pid, (short) (pid < 0 ? -1 : 0), pid < 0 ? -1 : seq,
                    time.milliseconds(), values), 3);
            for (int v = 0; v < 3; v++) {
                expectedPayloads.add((3L * i + v) + "=" + values[v]);
            }
            if (pid >= 0) {
                seq += 3;
            }
        }
        assertThat(log.numberOfSegments()).isGreaterThan(1);
        log.close();

        assertIndexesVerify(log.dir());

        List<DumpedBatch> all = new ArrayList<>();
        for (Path segment : files(log.dir(), ".log")) {
            String out = deepDump(segment);
            long base = LogFiles.offsetFromFileName(segment.getFileName().toString(), ".log").orElseThrow();
            assertThat(out).contains("Log starting offset: " + base);
            // The tool starts every file at "-1", so a segment not at offset 0 always reports that one jump; an
            // uncompacted log has no other.
            assertThat(out.lines().filter(l -> l.contains("is followed by") || l.startsWith("Non-consecutive"))
                    .toList()).isEqualTo(base == 0 ? List.of()
                    : List.of("Non-consecutive offsets in " + segment, "  -1 is followed by " + base));
            List<DumpedBatch> batches = parseDeepDump(out);
            assertThat(batches).isNotEmpty();
            assertThat(batches.get(0).baseOffset()).isEqualTo(base);
            all.addAll(batches);
        }
        assertThat(all).hasSize(60);
        for (int i = 0; i < 60; i++) {
            DumpedBatch b = all.get(i);
            assertThat(b.baseOffset()).isEqualTo(3L * i);
            assertThat(b.lastOffset()).isEqualTo(3L * i + 2);
            assertThat(b.count()).isEqualTo(3);
            assertThat(b.producerId()).isEqualTo(i % 2 == 0 ? 77 : -1);
            assertThat(b.codec()).isEqualTo(codec);
            assertThat(b.deleteHorizon()).isEqualTo("OptionalLong.empty");
        }
        assertThat(all.stream().flatMap(b -> b.payloads().stream()).toList()).isEqualTo(expectedPayloads);

        List<Path> snaps = files(log.dir(), ".snapshot");
        assertThat(snaps).isNotEmpty();
        String snapDump = dump("--files", joined(snaps));
        assertDumpedCleanly(snapDump, snaps);
        // The close-time snapshot at the log end knows producer 77's last batch: offsets 174-176, sequences 87-89.
        Path last = snaps.get(snaps.size() - 1);
        assertThat(last.getFileName().toString()).isEqualTo(LogFiles.filenamePrefix(180) + ".snapshot");
        String lastDump = dump("--files", last.toString());
        assertThat(lastDump).contains("producerId: 77 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: "
                + "OptionalLong.empty").contains("firstSequence: 87 lastSequence: 89 lastOffset: 176 offsetDelta: 2");
    }

    @Test
    void stockDumpLogReadsCompactedSegmentsWithHorizonsAndEmptyBatches() throws Exception {
        MockTime time = new MockTime(T0);
        PartitionLog log = PartitionLog.open(logDir, new TopicPartition("compacted", 0), LogConfig.from(Map.of(
                LogConfigs.CLEANUP_POLICY, "compact", LogConfigs.DELETE_RETENTION_MS, 10_000,
                LogConfigs.INDEX_INTERVAL_BYTES, 1)), 0, 0, true, time, Scheduler.IMMEDIATE);
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(TestBatches.keyedBatch(i % 2 == 0 ? Compression.NONE : Compression.zstd().build(),
                        T0 + i, "k" + i + "=r" + round, "k" + (i + 1) + "=r" + round + "b"), 0);
            }
            log.roll();
        }
        // Producer 99's only batch, superseded below: kept as an empty batch for the producer state.
        log.appendAsLeader(TestBatches.batch(Compression.NONE, 99, (short) 0, 0, T0, "zz"), 0);              // 80
        log.appendAsLeader(TestBatches.keyedBatch(Compression.lz4().build(), T0, "k3", "k4=last", "kzz=gone"), 0);
        log.roll();
        log.appendAsLeader(TestBatches.keyedBatch(Compression.NONE, T0, "active=1"), 0);
        assertThat(new LogCleaner(time, Double.MAX_VALUE).clean(log, true)).isPositive();
        log.close();

        assertIndexesVerify(log.dir());
        List<DumpedBatch> all = new ArrayList<>();
        for (Path segment : files(log.dir(), ".log")) {
            all.addAll(parseDeepDump(deepDump(segment)));
        }
        // Rounds 0-2 are wholly superseded; in round 3 (offsets 60-79) k_j=r3 at 60+2j wins, except k3 (a tombstone at
        // 81) and k4 (82).
        List<String> payloads = all.stream().flatMap(b -> b.payloads().stream()).toList();
        assertThat(payloads).containsExactly("60=k0=r3", "62=k1=r3", "64=k2=r3", "70=k5=r3", "72=k6=r3",
                "74=k7=r3", "76=k8=r3", "78=k9=r3", "79=k10=r3b", "81=null", "82=k4=last", "83=kzz=gone",
                "84=active=1");
        DumpedBatch empty = all.stream().filter(b -> b.baseOffset() == 80).findFirst().orElseThrow();
        assertThat(empty.count()).isZero();
        assertThat(empty.producerId()).isEqualTo(99);
        DumpedBatch tombstone = all.stream().filter(b -> b.baseOffset() == 81).findFirst().orElseThrow();
        assertThat(tombstone.deleteHorizon()).isEqualTo("OptionalLong[" + (T0 + 10_000) + "]");
        assertThat(tombstone.codec()).isEqualTo("lz4");
        assertThat(all.stream().filter(b -> b.codec().equals("zstd"))).isNotEmpty();
        // Rebuilt batches keep their whole offset range; the records between them are gone.
        assertThat(all.stream().filter(b -> b.count() < b.lastOffset() - b.baseOffset() + 1)).isNotEmpty();
    }
}
