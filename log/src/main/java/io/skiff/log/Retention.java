package io.skiff.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Which segments a retention pass deletes, Kafka's rules: walking from the oldest, a segment goes while it lies
 * wholly below the log start offset, or (with {@code cleanup.policy} containing delete) its newest timestamp is
 * older than {@code retention.ms}, or the log without it is still at least {@code retention.bytes}. The walk stops
 * at the first segment that stays, and the active (last) segment always stays. A pure function.
 */
final class Retention {
    private Retention() {}

    /**
     * @param all every segment, oldest first, the active one last
     * @return the oldest segments to delete, in order
     */
    static List<LogSegment> segmentsToDelete(List<LogSegment> all, LogConfig cfg, long nowMs, long logStartOffset) {
        return segmentsToDelete(all, cfg, nowMs, logStartOffset, true);
    }

    /**
     * @param all every segment, oldest first, the active one last
     * @param timeAndSize whether {@code retention.ms} and {@code retention.bytes} apply (the periodic pass), or only
     *     the log start offset (right after DeleteRecords, which must not run the time and size rules early)
     * @return the oldest segments to delete, in order
     */
    static List<LogSegment> segmentsToDelete(List<LogSegment> all, LogConfig cfg, long nowMs, long logStartOffset,
                                             boolean timeAndSize) {
        List<LogSegment> doomed = new ArrayList<>();
        long total = 0;
        for (LogSegment s : all) {
            total += s.size();
        }
        for (int i = 0; i < all.size() - 1; i++) {
            LogSegment s = all.get(i);
            boolean belowStart = all.get(i + 1).baseOffset() <= logStartOffset;
            boolean expired = timeAndSize && cfg.delete() && cfg.retentionMs() >= 0
                    && nowMs - s.largestTimestamp() > cfg.retentionMs();
            boolean oversized = timeAndSize && cfg.delete() && cfg.retentionBytes() >= 0
                    && total - s.size() >= cfg.retentionBytes();
            if (!(belowStart || expired || oversized)) {
                break;
            }
            doomed.add(s);
            total -= s.size();
        }
        return doomed;
    }
}
