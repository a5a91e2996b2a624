package io.skiff.log;

import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Idempotent-producer state of one partition: per producer id its epoch, the metadata of its last
 * {@value #MAX_BATCHES} batches (to answer a retried batch with its original offsets), and the first offset of
 * its open transaction.
 *
 * <p>Rules (Kafka's {@code ProducerAppendInfo}, leader appends): an epoch below the current one is
 * INVALID_PRODUCER_EPOCH; a batch whose sequence range matches a retained batch of the same epoch is a duplicate;
 * a new epoch must start at sequence 0 unless the producer is unknown; otherwise the first sequence must follow
 * the last one (wrapping at {@code Integer.MAX_VALUE}) or it is OUT_OF_ORDER_SEQUENCE_NUMBER. Follower appends and
 * replays from the log skip validation.
 *
 * <p>Snapshot file {@code <offset>.snapshot} (Kafka's format, big-endian): {@code int16 version = 1},
 * {@code uint32 crc} (CRC32C of everything after it), {@code int32 count}, then per producer {@code int64
 * producerId, int16 epoch, int32 lastSequence, int64 lastOffset, int32 offsetDelta, int64 timestamp,
 * int32 coordinatorEpoch, int64 currentTxnFirstOffset}. It holds the state as of log end offset {@code offset}.
 *
 * <p>The aborted-transaction index ({@code .txnindex}) and the last stable offset belong next to
 * {@link #currentTxnFirstOffsets()}: the LSO is the smallest open transaction's first offset (or the high
 * watermark); control batches ending a transaction are where the aborted range would be recorded.
 *
 * <p>Thread-safety: not thread-safe; the owning log calls it under its append lock.
 */
final class ProducerStateManager {
    static final int MAX_BATCHES = 5;
    static final short SNAPSHOT_VERSION = 1;
    private static final int ENTRY_BYTES = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

    /** One retained batch of a producer. */
    record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {}

    /** The state of one producer id. */
    static final class Entry {
        short epoch = RecordBatch.NO_PRODUCER_EPOCH;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>();
        int coordinatorEpoch = -1;
        long currentTxnFirstOffset = -1;

        int lastSeq() {
            return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.getLast().lastSeq();
        }
    }

    private final Path dir;
    private final Map<Long, Entry> producers = new HashMap<>();

    ProducerStateManager(Path dir) {
        this.dir = dir;
    }

    /** The retained batch matching {@code batch}'s sequence range and epoch: a retry to answer with old offsets. */
    Optional<BatchMetadata> findDuplicate(RecordBatch batch) {
        if (batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            return Optional.empty();
        }
        Entry e = producers.get(batch.producerId());
        if (e == null || e.epoch != batch.producerEpoch()) {
            return Optional.empty();
        }
        for (BatchMetadata m : e.batches) {
            if (m.firstSeq() == batch.baseSequence() && m.lastSeq() == batch.lastSequence()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Checks a leader append of {@code batch} against the rules in the class comment. */
    void validate(RecordBatch batch) {
        long pid = batch.producerId();
        if (pid == RecordBatch.NO_PRODUCER_ID) {
            return;
        }
        Entry e = producers.get(pid);
        short epoch = batch.producerEpoch();
        int firstSeq = batch.baseSequence();
        if (e == null) {
            return;
        }
        if (epoch < e.epoch) {
            throw new ApiException(Errors.INVALID_PRODUCER_EPOCH, "Producer " + pid + " epoch " + epoch
                    + " is older than the current epoch " + e.epoch);
        }
        if (batch.isControlBatch()) {
            // Transaction markers come from the coordinator and carry no sequence.
            return;
        }
        if (epoch != e.epoch) {
            if (firstSeq != 0 && e.epoch != RecordBatch.NO_PRODUCER_EPOCH) {
                throw new ApiException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "Producer " + pid + " new epoch "
                        + epoch + " starts at sequence " + firstSeq + ", expected 0");
            }
            return;
        }
        int last = e.lastSeq();
        if (last == RecordBatch.NO_SEQUENCE ? firstSeq != 0 : !inSequence(last, firstSeq)) {
            throw new ApiException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, "Producer " + pid + " epoch " + epoch
                    + ": sequence " + firstSeq + " does not follow " + last);
        }
    }

    private static boolean inSequence(int last, int next) {
        return next == last + 1 || (next == 0 && last == Integer.MAX_VALUE);
    }

    /** Records an appended batch (leader, follower or replay); offsets are final. */
    void update(RecordBatch batch) {
        long pid = batch.producerId();
        if (pid == RecordBatch.NO_PRODUCER_ID) {
            return;
        }
        Entry e = producers.computeIfAbsent(pid, k -> new Entry());
        if (batch.producerEpoch() != e.epoch) {
            e.batches.clear();
            e.epoch = batch.producerEpoch();
        }
        if (batch.isControlBatch()) {
            // A commit or abort marker ends the transaction; the aborted range (.txnindex) is recorded here later.
            e.currentTxnFirstOffset = -1;
            return;
        }
        if (batch.isTransactional() && e.currentTxnFirstOffset < 0) {
            e.currentTxnFirstOffset = batch.baseOffset();
        }
        e.batches.addLast(new BatchMetadata(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(),
                batch.lastOffset(), batch.maxTimestamp()));
        while (e.batches.size() > MAX_BATCHES) {
            e.batches.removeFirst();
        }
    }

    /**
     * Takes in the batches of one append, oldest first, validating each first when {@code validate} (a leader
     * append). If one fails, every entry is put back as it was before the append and the exception propagates.
     *
     * @return the entries as they were, for {@link #restore} should writing the batches fail
     * @throws ApiException as {@link #validate}
     */
    Map<Long, Entry> applyAppend(List<RecordBatch> batches, boolean validate) {
        // No rollback map for appends without producer ids (the common case for plain producers).
        Map<Long, Entry> saved = hasProducer(batches) ? new HashMap<>() : Map.of();
        try {
            for (RecordBatch b : batches) {
                remember(saved, b.producerId());
                if (validate) {
                    validate(b);
                }
                update(b);
            }
        } catch (RuntimeException e) {
            restore(saved);
            throw e;
        }
        return saved;
    }

    private static boolean hasProducer(List<RecordBatch> batches) {
        for (RecordBatch b : batches) {
            if (b.producerId() != RecordBatch.NO_PRODUCER_ID) {
                return true;
            }
        }
        return false;
    }

    /** Saves a copy of {@code pid}'s entry (null if absent) once, so a failed append can put it back. */
    private void remember(Map<Long, Entry> saved, long pid) {
        if (pid == RecordBatch.NO_PRODUCER_ID || saved.containsKey(pid)) {
            return;
        }
        Entry e = producers.get(pid);
        Entry copy = null;
        if (e != null) {
            copy = new Entry();
            copy.epoch = e.epoch;
            copy.batches.addAll(e.batches);
            copy.coordinatorEpoch = e.coordinatorEpoch;
            copy.currentTxnFirstOffset = e.currentTxnFirstOffset;
        }
        saved.put(pid, copy);
    }

    /** Puts back the entries {@link #applyAppend} returned. */
    void restore(Map<Long, Entry> saved) {
        saved.forEach((pid, e) -> {
            if (e == null) {
                producers.remove(pid);
            } else {
                producers.put(pid, e);
            }
        });
    }

    /** Producer id to its open transaction's first offset, for the last stable offset. */
    Map<Long, Long> currentTxnFirstOffsets() {
        Map<Long, Long> m = new HashMap<>();
        producers.forEach((pid, e) -> {
            if (e.currentTxnFirstOffset >= 0) {
                m.put(pid, e.currentTxnFirstOffset);
            }
        });
        return m;
    }

    /**
     * Forgets producers idle for longer than {@code expirationMs} ({@code producer.id.expiration.ms}) that have
     * no open transaction, as Kafka does, so the state of long-gone producers does not grow forever.
     *
     * @return how many were removed
     */
    int removeExpired(long nowMs, long expirationMs) {
        int before = producers.size();
        producers.values().removeIf(e -> e.currentTxnFirstOffset < 0
                && (e.batches.isEmpty() || nowMs - e.batches.getLast().timestamp() > expirationMs));
        return before - producers.size();
    }

    /** Every tracked producer's last data offset (-1 if none) and epoch: batches compaction must keep. */
    Map<Long, CleanerView.ActiveProducer> activeProducers() {
        Map<Long, CleanerView.ActiveProducer> m = new HashMap<>();
        producers.forEach((pid, e) -> m.put(pid, new CleanerView.ActiveProducer(
                e.batches.isEmpty() ? -1 : e.batches.getLast().lastOffset(), e.epoch)));
        return m;
    }

    Map<Long, Entry> producers() {
        return producers;
    }

    void clear() {
        producers.clear();
    }

    /** Forgets batches at or after {@code offset} by dropping producers whose last batch is there (truncation). */
    void truncateFrom(long offset) {
        producers.values().forEach(e -> e.batches.removeIf(b -> b.lastOffset() >= offset));
        producers.values().removeIf(e -> e.batches.isEmpty() && e.currentTxnFirstOffset < 0);
    }

    /** Writes {@code <logEndOffset>.snapshot} atomically. */
    void writeSnapshot(long logEndOffset) throws IOException {
        List<Map.Entry<Long, Entry>> live = new ArrayList<>();
        for (Map.Entry<Long, Entry> me : producers.entrySet()) {
            if (!me.getValue().batches.isEmpty()) {
                live.add(me);
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(2 + 4 + 4 + live.size() * ENTRY_BYTES);
        buf.putShort(SNAPSHOT_VERSION).putInt(0).putInt(live.size());
        for (Map.Entry<Long, Entry> me : live) {
            Entry e = me.getValue();
            BatchMetadata last = e.batches.getLast();
            buf.putLong(me.getKey()).putShort(e.epoch).putInt(last.lastSeq()).putLong(last.lastOffset())
                    .putInt((int) (last.lastOffset() - last.firstOffset())).putLong(last.timestamp())
                    .putInt(e.coordinatorEpoch).putLong(e.currentTxnFirstOffset);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 6, buf.capacity() - 6);
        buf.putInt(2, (int) crc.getValue());
        buf.flip();
        Path file = LogFiles.snapshotFile(dir, logEndOffset);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Snapshot files by offset. */
    TreeMap<Long, Path> snapshots() throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + LogFiles.SNAPSHOT_SUFFIX)) {
            for (Path p : ds) {
                OptionalLong o = LogFiles.offsetFromFileName(p.getFileName().toString(), LogFiles.SNAPSHOT_SUFFIX);
                if (o.isPresent()) {
                    out.put(o.getAsLong(), p);
                }
            }
        }
        return out;
    }

    /**
     * Loads the newest valid snapshot at or below {@code maxOffset}, deleting newer and corrupt ones.
     *
     * @return the offset the state is valid at (replay the log from there), or -1 if none was loaded
     */
    long loadLatestSnapshot(long maxOffset) throws IOException {
        producers.clear();
        TreeMap<Long, Path> snaps = snapshots();
        for (Map.Entry<Long, Path> s : snaps.descendingMap().entrySet()) {
            if (s.getKey() > maxOffset) {
                Files.deleteIfExists(s.getValue());
                continue;
            }
            try {
                readSnapshot(Files.readAllBytes(s.getValue()));
                return s.getKey();
            } catch (IOException | RuntimeException e) {
                producers.clear();
                Files.deleteIfExists(s.getValue());
            }
        }
        return -1;
    }

    private void readSnapshot(byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        short version = buf.getShort();
        if (version != SNAPSHOT_VERSION) {
            throw new IOException("Unknown producer snapshot version " + version);
        }
        long stored = Integer.toUnsignedLong(buf.getInt());
        CRC32C crc = new CRC32C();
        crc.update(bytes, 6, bytes.length - 6);
        if (crc.getValue() != stored) {
            throw new IOException("Producer snapshot CRC mismatch");
        }
        int count = buf.getInt();
        for (int i = 0; i < count; i++) {
            long pid = buf.getLong();
            Entry e = new Entry();
            e.epoch = buf.getShort();
            int lastSeq = buf.getInt();
            long lastOffset = buf.getLong();
            int offsetDelta = buf.getInt();
            long timestamp = buf.getLong();
            e.coordinatorEpoch = buf.getInt();
            e.currentTxnFirstOffset = buf.getLong();
            int firstSeq = lastSeq == RecordBatch.NO_SEQUENCE ? lastSeq : decrementSequence(lastSeq, offsetDelta);
            e.batches.add(new BatchMetadata(firstSeq, lastSeq, lastOffset - offsetDelta, lastOffset, timestamp));
            producers.put(pid, e);
        }
    }

    private static int decrementSequence(int sequence, int decrement) {
        long v = (long) sequence - decrement;
        return (int) (v < 0 ? v + Integer.MAX_VALUE + 1L : v);
    }

    /** Deletes snapshots below {@code offset}: their segments are gone. */
    void deleteSnapshotsBelow(long offset) throws IOException {
        for (Map.Entry<Long, Path> s : snapshots().headMap(offset, false).entrySet()) {
            Files.deleteIfExists(s.getValue());
        }
    }

    /** Deletes snapshots above {@code offset}: the log was truncated below them. */
    void deleteSnapshotsAbove(long offset) throws IOException {
        for (Map.Entry<Long, Path> s : snapshots().tailMap(offset, false).entrySet()) {
            Files.deleteIfExists(s.getValue());
        }
    }
}
