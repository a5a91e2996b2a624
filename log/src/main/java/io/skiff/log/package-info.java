/**
 * One partition's on-disk log, in Apache Kafka's own file formats. Knows nothing of the network or ZooKeeper.
 *
 * <p>A tour, from the bottom up:
 * <ul>
 *   <li>{@link io.skiff.log.OffsetIndex} and {@link io.skiff.log.TimeIndex} ({@link io.skiff.log.MappedIndex}):
 *       the memory-mapped {@code .index} / {@code .timeindex} files; sealed ones are mapped only while in use and
 *       unmapped deterministically ({@code Unmapper}) under reference counting.</li>
 *   <li>{@link io.skiff.log.SegmentHandles}: the bounded (Caffeine) cache of sealed segments holding a descriptor or
 *       index mappings, shared by all logs of a broker.</li>
 *   <li>{@code LogSegment}: one {@code <20-digit base offset>.log} file of whole v2 batches plus its two indexes;
 *       appends, offset/timestamp lookups, recovery scan, truncation.</li>
 *   <li>{@link io.skiff.log.PartitionLog}: the segments of one {@code <topic>-<partition>} directory, with the
 *       {@link io.skiff.log.LeaderEpochCache} ({@code leader-epoch-checkpoint}) and the idempotent-producer state
 *       ({@code ProducerStateManager}, {@code .snapshot} files). Appends as leader or follower, zero-copy reads
 *       ({@link io.skiff.log.FileRegion}), roll, retention, DeleteRecords, truncation, flush. Its parts:
 *       {@code LogSegments} (the segment set and its files: roll, truncation, delayed deletion, the cleaner's swap),
 *       {@code LogBounds} (log start and end, recovery point and flush policy, first dirty offset, and the moves of
 *       those bounds), {@code BatchValidator} (checks and offset stamping), {@code SegmentReads} (lock-free
 *       reads).</li>
 *   <li>{@code LogLoader}: opening a directory, crash recovery from the recovery point.</li>
 *   <li>{@link io.skiff.log.LogCleaner}: compaction for {@code cleanup.policy=compact}: {@code CleanerView} (what a
 *       pass may clean), {@code CompactionFilter} (Kafka's per-batch retention rules, KIP-534 delete horizons),
 *       {@code CleanerTransactions} (transaction outcomes from the markers in the log), {@code Throttler}
 *       ({@code log.cleaner.io.max.bytes.per.second}).</li>
 *   <li>{@link io.skiff.log.LogManager}: all logs of the broker's log dirs, the per-dir checkpoint files
 *       ({@link io.skiff.log.CheckpointFile}), {@code meta.properties} ({@link io.skiff.log.MetaProperties}), the
 *       clean-shutdown marker and the periodic retention/flush/compaction/checkpoint work.</li>
 *   <li>{@link io.skiff.log.LogConfig} / {@link io.skiff.log.LogConfigs}: the topic-level configs, Kafka names and
 *       defaults.</li>
 * </ul>
 * Time comes from the injected {@link io.skiff.log.Time}, deferred work runs on the injected
 * {@link io.skiff.log.Scheduler}. Failures a client must hear about are {@code io.skiff.wire.protocol.ApiException}s
 * carrying Kafka's error code.
 */
package io.skiff.log;
