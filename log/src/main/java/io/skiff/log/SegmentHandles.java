package io.skiff.log;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Bounds the resources held by sealed segments across all logs: a Caffeine cache of the sealed segments whose log
 * file is open or whose {@code .index} / {@code .timeindex} is mapped, at most {@code maxOpenSegments} (so at most
 * that many descriptors and twice that many index mappings), evicted by Caffeine's size policy (recency and
 * frequency). An evicted segment unmaps its indexes at once (a lookup in progress keeps its mapping until it ends,
 * see {@link MappedIndex}) and forgets its channel (closed after {@code closeDelayMs}, so regions already handed to
 * fetches stay readable); both reopen on the next use, which puts the segment back in the cache. Active segments are
 * never in the cache and always open.
 *
 * <p>Thread-safety: thread-safe (Caffeine); eviction work runs on the calling thread.
 */
public final class SegmentHandles {
    private final Cache<LogSegment, Boolean> open;

    /**
     * @param maxOpenSegments the most sealed segment files kept open at once
     * @param scheduler runs the delayed close of an evicted channel
     * @param closeDelayMs how long an evicted channel stays open for in-flight reads
     */
    public SegmentHandles(long maxOpenSegments, Scheduler scheduler, long closeDelayMs) {
        if (maxOpenSegments < 1) {
            throw new LogConfig.InvalidConfigException("log.segment.handles.max", maxOpenSegments,
                    "must be at least 1");
        }
        this.open = Caffeine.newBuilder()
                .maximumSize(maxOpenSegments)
                .executor(Runnable::run)
                .<LogSegment, Boolean>evictionListener((segment, v, cause) -> {
                    if (segment != null) {
                        segment.evict(scheduler, closeDelayMs);
                    }
                })
                .build();
    }

    /** Records a use of {@code segment}'s open channel or mapped index. */
    void touch(LogSegment segment) {
        open.asMap().putIfAbsent(segment, Boolean.TRUE);
        open.getIfPresent(segment);
    }

    /** Drops {@code segment} without closing anything (it was closed, deleted or became active). */
    void forget(LogSegment segment) {
        open.invalidate(segment);
    }

    /** How many sealed segments currently hold a descriptor or mapping (after pending evictions). */
    public long openSegments() {
        open.cleanUp();
        return open.estimatedSize();
    }
}
