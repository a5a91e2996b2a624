package io.skiff.log;

import java.util.Optional;

/**
 * What a fetch returns from one partition log: a file region of whole batches (possibly ending in a partial batch
 * when {@code maxBytes} cut it, as Kafka does and clients expect), plus the offsets the fetch saw.
 *
 * @param region the bytes to send, empty when there is nothing to read
 * @param logStartOffset the log start offset at read time
 * @param logEndOffset the log end offset at read time
 * @param firstBatchBaseOffset the base offset of the first batch in the region, or -1
 */
public record ReadResult(Optional<FileRegion> region, long logStartOffset, long logEndOffset,
                         long firstBatchBaseOffset) {
    /** The bytes the region holds (0 when empty). */
    public int sizeInBytes() {
        return region.map(FileRegion::length).orElse(0);
    }
}
