package io.skiff.broker.coordinator.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.ManualTimer;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.CompressionType;
import io.skiff.wire.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loading a {@code __consumer_offsets} partition from a scripted log: a failed load is retried with a
 * doubling backoff on the (manual) timer, starts again from the log start with nothing of the failed
 * attempt kept, and stops once leadership is gone. Loads run on the calling thread.
 */
class CoordinatorLoaderTest {
    private static final String GROUP = "g";
    private static final TopicPartition TP = new TopicPartition("t", 0);

    private final ManualTimer timer = new ManualTimer(0);
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final List<Long> reads = new ArrayList<>();
    private GroupRegistry registry;
    private OffsetManager offsets;
    private CoordinatorLoader loader;
    /** The log: one batch per element, read one batch at a time; {@code failReadsLeft} reads fail first. */
    private List<ByteBuffer> log;
    private int failReadsLeft;
    /** The read (by position in {@link #reads}) that fails once, -1 for none. */
    private int failAtRead = -1;

    @BeforeEach
    void setUp() {
        registry = new GroupRegistry(new GroupConfig(6_000, 300_000, 0, 10, 1, 4096), p -> false, () -> 0L);
        GroupCoordinator coordinator = new GroupCoordinator(registry, timer, new Random(5));
        offsets = new OffsetManager(registry, coordinator,
                (p, entries) -> CompletableFuture.completedFuture(Errors.NONE));
        CoordinatorLoader.LogReader reader = new CoordinatorLoader.LogReader() {
            @Override
            public long logStartOffset(int partition) {
                return 0;
            }

            @Override
            public CoordinatorLoader.Chunk read(int partition, long offset) throws IOException {
                reads.add(offset);
                if (failReadsLeft > 0) {
                    failReadsLeft--;
                    throw new IOException("disk says no");
                }
                if (reads.size() - 1 == failAtRead) {
                    throw new IOException("torn read");
                }
                ByteBuffer batch = offset < log.size() ? log.get((int) offset).duplicate() : ByteBuffer.allocate(0);
                return new CoordinatorLoader.Chunk(batch, log.size());
            }
        };
        loader = new CoordinatorLoader(registry, coordinator, offsets, reader, p -> leader.get(), Runnable::run, timer);
    }

    private static ByteBuffer commitRecord(long offset, long committed) {
        return new RecordBatchBuilder(CompressionType.NONE).baseOffset(offset)
                .append(0L, OffsetRecords.offsetKey(GROUP, TP.topic(), TP.partition()),
                        OffsetRecords.offsetValue(new CommittedOffset(committed, -1, "", 0L)))
                .build();
    }

    private static ByteBuffer tombstone(long offset) {
        return new RecordBatchBuilder(CompressionType.NONE).baseOffset(offset)
                .append(0L, OffsetRecords.offsetKey(GROUP, TP.topic(), TP.partition()), null).build();
    }

    private Map<TopicPartition, CommittedOffset> committed() {
        return offsets.fetch(GROUP, null).offsets();
    }

    @Test
    void aFailedLoadIsRetriedWithADoublingBackoffUntilItSucceeds() {
        log = List.of(commitRecord(0, 42));
        failReadsLeft = 2;

        loader.startLoading(0);
        assertThat(registry.status(GROUP)).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertThat(reads).hasSize(1);

        timer.advance(CoordinatorLoader.INITIAL_BACKOFF_MS - 1);
        assertThat(reads).hasSize(1);
        timer.advance(1);
        assertThat(reads).hasSize(2); // second attempt, fails again: next wait is twice as long
        timer.advance(2 * CoordinatorLoader.INITIAL_BACKOFF_MS - 1);
        assertThat(reads).hasSize(2);
        assertThat(registry.status(GROUP)).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        timer.advance(1);

        assertThat(registry.status(GROUP)).isEqualTo(Errors.NONE);
        assertThat(committed()).containsOnlyKeys(TP).extractingByKey(TP).extracting(CommittedOffset::offset)
                .isEqualTo(42L);
    }

    @Test
    void aRetryStartsFromTheLogStartWithoutWhatTheFailedAttemptHadRead() {
        // The commit is replayed, then the read of its tombstone fails: the retry must not keep the commit.
        log = List.of(commitRecord(0, 42), tombstone(1));
        failAtRead = 1;

        loader.startLoading(0);
        assertThat(registry.get(GROUP)).isNull(); // the failed attempt's group was discarded
        timer.advance(CoordinatorLoader.INITIAL_BACKOFF_MS);

        assertThat(reads).containsExactly(0L, 1L, 0L, 1L, 2L);
        assertThat(registry.status(GROUP)).isEqualTo(Errors.NONE);
        assertThat(committed()).isEmpty();
    }

    @Test
    void retriesStopOnceLeadershipIsGone() {
        log = List.of(commitRecord(0, 42));
        failReadsLeft = 1;

        loader.startLoading(0);
        leader.set(false);
        timer.advance(CoordinatorLoader.MAX_BACKOFF_MS);

        assertThat(reads).hasSize(1);
        assertThat(registry.status(GROUP)).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    @Test
    void theBackoffStopsGrowingAtItsMaximum() {
        log = List.of(commitRecord(0, 7));
        failReadsLeft = 12;

        loader.startLoading(0);
        for (int failed = 1; failed <= 12; failed++) {
            assertThat(reads).as("attempts after %d failures", failed).hasSize(failed);
            // Uncapped, the wait after failure 8 on would be 12.8 s, 25.6 s, ...: the next attempt would not run.
            timer.advance(Math.min(CoordinatorLoader.MAX_BACKOFF_MS,
                    CoordinatorLoader.INITIAL_BACKOFF_MS << (failed - 1)));
        }

        assertThat(registry.status(GROUP)).isEqualTo(Errors.NONE);
    }
}
