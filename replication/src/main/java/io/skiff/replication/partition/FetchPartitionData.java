package io.skiff.replication.partition;

import io.skiff.log.FileRegion;
import io.skiff.wire.protocol.Errors;
import java.util.Optional;

/**
 * The answer for one partition of a fetch. The region stays readable after its segment is deleted
 * for {@code file.delete.delay.ms}, long enough to send it.
 *
 * @param error NONE or the partition's error
 * @param highWatermark the high watermark, -1 on error
 * @param lastStableOffset the last stable offset (the high watermark until transactions exist), -1 on error
 * @param logStartOffset the log start offset, -1 on error
 * @param records the batches read, empty when none
 * @param divergingEpoch for a follower whose log diverges from the leader's: the largest epoch the leader
 *     has at or below the follower's last fetched epoch, with its end offset (the follower truncates there)
 */
public record FetchPartitionData(Errors error, long highWatermark, long lastStableOffset, long logStartOffset,
                                 Optional<FileRegion> records, Optional<OffsetAndEpoch> divergingEpoch) {
    public static FetchPartitionData error(Errors error) {
        return new FetchPartitionData(error, -1, -1, -1, Optional.empty(), Optional.empty());
    }

    public int sizeInBytes() {
        return records.map(FileRegion::length).orElse(0);
    }
}
