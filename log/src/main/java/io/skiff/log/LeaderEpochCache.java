package io.skiff.log;

import io.skiff.log.CheckpointFile.EpochEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The partition's leader epochs and the first offset written in each (KIP-101), persisted in
 * {@code leader-epoch-checkpoint} (version 0, count, {@code epoch startOffset} lines).
 *
 * <p>Invariants: epochs and start offsets both strictly increase. Thread-safety: synchronized.
 */
public final class LeaderEpochCache {
    private final CheckpointFile<EpochEntry> checkpoint;
    private final List<EpochEntry> entries = new ArrayList<>();

    LeaderEpochCache(Path dir) throws IOException {
        this.checkpoint = CheckpointFile.leaderEpochs(dir.resolve(LogFiles.LEADER_EPOCH_CHECKPOINT));
        entries.addAll(checkpoint.read());
    }

    /** Records that {@code epoch} starts at {@code startOffset} if it is newer than the latest epoch. */
    public synchronized void assign(int epoch, long startOffset) {
        if (epoch < 0) {
            return;
        }
        if (!entries.isEmpty()) {
            EpochEntry last = entries.get(entries.size() - 1);
            if (epoch <= last.epoch()) {
                return;
            }
        }
        entries.removeIf(e -> e.startOffset() >= startOffset);
        entries.add(new EpochEntry(epoch, startOffset));
        flush();
    }

    public synchronized List<EpochEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized Optional<EpochEntry> latest() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    /**
     * The end offset of {@code epoch} for OffsetForLeaderEpoch: the start of the next higher epoch, or
     * {@code logEndOffset} for the latest; {@code (-1, -1)} when the epoch is below every known one.
     */
    public synchronized EpochEntry endOffsetFor(int epoch, long logEndOffset) {
        EpochEntry found = null;
        for (int i = 0; i < entries.size(); i++) {
            EpochEntry e = entries.get(i);
            if (e.epoch() > epoch) {
                return found == null ? new EpochEntry(-1, -1) : new EpochEntry(found.epoch(), e.startOffset());
            }
            found = e;
        }
        return found == null ? new EpochEntry(-1, -1) : new EpochEntry(found.epoch(), logEndOffset);
    }

    /** Drops epochs starting at or after {@code endOffset} (log truncated to it). */
    public synchronized void truncateFromEnd(long endOffset) {
        if (entries.removeIf(e -> e.startOffset() >= endOffset)) {
            flush();
        }
    }

    /** Drops epochs wholly below {@code startOffset}, moving the earliest kept epoch's start up to it. */
    public synchronized void truncateFromStart(long startOffset) {
        int lastBelow = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).startOffset() <= startOffset) {
                lastBelow = i;
            }
        }
        if (lastBelow < 0) {
            return;
        }
        EpochEntry kept = new EpochEntry(entries.get(lastBelow).epoch(), startOffset);
        entries.subList(0, lastBelow + 1).clear();
        entries.add(0, kept);
        flush();
    }

    public synchronized void clear() {
        entries.clear();
        flush();
    }

    synchronized void flush() {
        try {
            checkpoint.write(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + checkpoint.file(), e);
        }
    }
}
