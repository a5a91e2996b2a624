package io.skiff.log;

import java.util.List;
import java.util.Map;

/**
 * What one compaction pass of a log works on, captured at one instant under the log's lock (then read without it:
 * sealed segments never change until swapped, and the active one only grows past the captured end).
 *
 * @param cleanable the sealed segments wholly below {@code upperBound}, oldest first
 * @param upperBound the first offset not cleaned: the base of the segment after the last cleanable one, never above
 *     the active segment's base or the first offset of an open transaction (Kafka's first uncleanable offset)
 * @param firstDirtyOffset offsets below it were cleaned by an earlier pass; segments ending above it are dirty
 * @param later the segments from {@code upperBound} on (the active one last), where transaction markers may lie
 * @param endSegmentBase base of the segment holding the log end at capture
 * @param endPosition byte position of the log end in that segment
 * @param activeProducers per producer id the last batch it wrote, whose header compaction must keep
 */
record CleanerView(List<LogSegment> cleanable, long upperBound, long firstDirtyOffset, List<LogSegment> later,
                   long endSegmentBase, int endPosition, Map<Long, ActiveProducer> activeProducers) {

    /**
     * A producer the log still tracks: the last offset of its last data batch (-1 if it wrote only markers since
     * its state was last loaded) and its epoch.
     */
    record ActiveProducer(long lastDataOffset, short epoch) {}

    /** The byte a scan of {@code seg} may read up to (the captured end for the active segment). */
    int scanEnd(LogSegment seg) {
        return seg.baseOffset() == endSegmentBase ? endPosition : seg.size();
    }

    /** The segments' bytes in the clean and the dirty section: Kafka's cleanable ratio is dirty / (clean + dirty). */
    double dirtyRatio() {
        long clean = 0;
        long dirty = 0;
        for (int i = 0; i < cleanable.size(); i++) {
            if (endOf(i) > firstDirtyOffset) {
                dirty += cleanable.get(i).size();
            } else {
                clean += cleanable.get(i).size();
            }
        }
        return clean + dirty == 0 ? 0 : (double) dirty / (clean + dirty);
    }

    /** Whether the {@code i}-th cleanable segment holds offsets at or above the first dirty offset. */
    boolean isDirty(int i) {
        return endOf(i) > firstDirtyOffset;
    }

    private long endOf(int i) {
        return i + 1 < cleanable.size() ? cleanable.get(i + 1).baseOffset() : upperBound;
    }
}
