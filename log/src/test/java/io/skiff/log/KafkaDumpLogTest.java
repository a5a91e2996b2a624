package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TestBatches.MockTime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.tools.DumpLogSegments;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock {@code kafka-dump-log} ({@link DumpLogSegments}) reads the segments, indexes and producer snapshots we write:
 * index verification reports no mismatch and a deep dump lists our records, for every codec.
 */
@ResourceLock("System.out")
@ResourceLock("System.err")
class KafkaDumpLogTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void stockDumpLogVerifiesOurIndexesAndListsOurRecords(String codec) throws Exception {
        MockTime time = new MockTime(1_700_000_000_000L);
        TopicPartition tp = new TopicPartition("dump", 0);
        PartitionLog log = PartitionLog.open(logDir, tp,
                LogConfig.from(Map.of(LogConfigs.INDEX_INTERVAL_BYTES, 200, LogConfigs.SEGMENT_BYTES, 2500)),
                0, 0, true, time, Scheduler.IMMEDIATE);
        Compression c = Compression.of(codec).build();
        int seq = 0;
        for (int i = 0; i < 60; i++) {
            time.sleep(i % 3 == 0 ? 5 : -2); // timestamps not monotonic: only increases are indexed
            long pid = i % 2 == 0 ? 77 : -1;
            String[] values = {"value-" + i + "-a", "value-" + i + "-b", "value-" + i + "-c"};
            log.appendAsLeader(TestBatches.batch(c, pid, (short) (pid < 0 ? -1 : 0), pid < 0 ? -1 : seq,
                    time.milliseconds(), values), 3);
            if (pid >= 0) {
                seq += 3;
            }
        }
        assertThat(log.numberOfSegments()).isGreaterThan(1);
        log.close();

        List<Path> files;
        try (Stream<Path> s = Files.list(log.dir())) {
            files = s.sorted().collect(Collectors.toList());
        }
        String indexes = files.stream().filter(p -> p.toString().endsWith(".index") || p.toString().endsWith(".timeindex"))
                .map(Path::toString).collect(Collectors.joining(","));
        String verify = dump("--deep-iteration", "--verify-index-only", "--files", indexes);
        assertThat(verify).doesNotContain("Mismatches", "not found", "out of order", "mismatch", "Error");
        assertThat(files).anyMatch(p -> p.toString().endsWith(".index") && sizeOf(p) > 0);

        StringBuilder deep = new StringBuilder();
        for (Path segment : files.stream().filter(p -> p.toString().endsWith(".log")).toList()) {
            String out = dump("--deep-iteration", "--print-data-log", "--files", segment.toString());
            long base = Long.parseLong(segment.getFileName().toString().substring(0, 20));
            // The tool starts every file at "-1", so a segment not at offset 0 always reports that one jump.
            String expectedJump = base == 0 ? "" : "  -1 is followed by " + base;
            assertThat(out.lines().filter(l -> l.contains("is followed by")).toList())
                    .isEqualTo(base == 0 ? List.of() : List.of(expectedJump));
            assertThat(out).doesNotContain("Error", "corrupt", "invalid bytes");
            deep.append(out);
        }
        assertThat(deep).contains("payload: value-0-a", "payload: value-59-c", "offset: 179");
        assertThat(deep).contains("compresscodec: " + codec);

        String snaps = files.stream().filter(p -> p.toString().endsWith(".snapshot")).map(Path::toString)
                .collect(Collectors.joining(","));
        assertThat(snaps).isNotEmpty();
        String snapDump = dump("--files", snaps);
        assertThat(snapDump).contains("producerId: 77").doesNotContain("Error", "Corrupt");
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
