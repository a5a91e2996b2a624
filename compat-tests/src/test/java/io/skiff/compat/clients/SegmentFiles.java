package io.skiff.compat.clients;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the broker's segment files directly (Kafka's layout, {@code <log.dir>/<topic>-<partition>/*.log})
 * to show which codec a client really used: each record batch's attributes carry it (bits 0-2 of the
 * int16 at byte 21 of the batch header). Read-only; the broker keeps running.
 */
public final class SegmentFiles {
    private static final String[] CODECS = {"none", "gzip", "snappy", "lz4", "zstd"};
    private static final int HEADER_BEFORE_ATTRIBUTES = 21;
    private static final int LOG_OVERHEAD = 12;

    private SegmentFiles() {}

    /** The codec of each batch in the partition, in offset order. */
    public static List<String> batchCodecs(Path logDir, String topic, int partition) throws IOException {
        List<String> codecs = new ArrayList<>();
        List<Path> segments;
        try (Stream<Path> files = Files.list(logDir.resolve(topic + "-" + partition))) {
            segments = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        for (Path segment : segments) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
            while (b.remaining() >= LOG_OVERHEAD) {
                int start = b.position();
                int length = b.getInt(start + 8);
                if (length <= 0 || start + LOG_OVERHEAD + length > b.limit()) {
                    break; // preallocated or unflushed tail
                }
                codecs.add(CODECS[b.getShort(start + HEADER_BEFORE_ATTRIBUTES) & 0x7]);
                b.position(start + LOG_OVERHEAD + length);
            }
        }
        return codecs;
    }
}
