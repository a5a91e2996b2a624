package io.skiff.broker.network;

import io.skiff.log.FileRegion;
import io.skiff.wire.protocol.RecordsPayload;
import java.util.List;

/**
 * The records of a fetch response as byte ranges of segment files, sent with {@code sendfile} on
 * plaintext listeners: the bytes never enter the JVM heap.
 */
public record FileRecordsPayload(List<FileRegion> regions) implements RecordsPayload {
    public FileRecordsPayload {
        regions = List.copyOf(regions);
    }

    public static FileRecordsPayload of(FileRegion region) {
        return new FileRecordsPayload(List.of(region));
    }

    @Override
    public int sizeInBytes() {
        int size = 0;
        for (FileRegion r : regions) {
            size += r.length();
        }
        return size;
    }
}
