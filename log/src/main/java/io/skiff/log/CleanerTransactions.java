package io.skiff.log;

import io.skiff.wire.record.ControlRecordType;
import io.skiff.wire.record.Record;
import io.skiff.wire.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The transaction facts one compaction pass needs, in the roles of Kafka's {@code CleanedTransactionMetadata}: how
 * the transaction of each transactional data batch ended (aborted data is removed and never enters the key map),
 * and whether a transaction marker may go (once no batch of its transaction is left).
 *
 * <p>Kafka reads the outcome of a transaction from the aborted-transaction index ({@code .txnindex}), which Skiff
 * does not keep yet. This class reads it from the log itself: the first COMMIT or ABORT marker of the batch's
 * producer after the batch. Markers are found by a forward scan of batch headers (only control batches are read
 * whole) from the first cleanable segment on, which runs only when a transactional batch asks and never goes back,
 * so a log without transactions costs nothing and one with them at most one header pass per cleaning pass. Every
 * marker from the start to where the scan is now is remembered, so the copy pass (which asks again from the start)
 * finds the answers the key-map pass already paid for. A batch whose marker
 * is not in the log (its transaction is open, or the log was cut) counts as not aborted and stays, and its keys are
 * kept out of the key map: it may be superseded, but supersedes nothing.
 *
 * <p>Thread-safety: not thread-safe; one pass of one cleaner.
 */
final class CleanerTransactions {
    private static final int MAX_DECOMPRESSED = BatchValidator.MAX_DECOMPRESSED_BYTES;

    /** How a transactional batch's transaction ended, as far as the log shows. */
    enum Outcome { COMMITTED, ABORTED, UNDECIDED }

    private final List<LogSegment> scanned;
    private final CleanerView view;
    private final Throttler throttler;
    private final Map<Long, TreeMap<Long, Boolean>> markersByProducer = new HashMap<>();
    private final ByteBuffer scratch = BatchHeader.scratch();
    private int segment;
    private int position;

    /** Producers with a data batch of a not-aborted transaction traversed since their last marker. */
    private final Set<Long> ongoingCommitted = new HashSet<>();
    /** Producers with a batch of an aborted transaction traversed since their last marker. */
    private final Set<Long> ongoingAbortedSeen = new HashSet<>();

    CleanerTransactions(CleanerView view, Throttler throttler) {
        this.view = view;
        this.throttler = throttler;
        List<LogSegment> all = new ArrayList<>(view.cleanable());
        all.addAll(view.later());
        this.scanned = all;
    }

    /**
     * How the transaction holding {@code batch} (transactional, not a control batch) ended. The key-map pass asks
     * in offset order from the start of the scan, so the markers known always cover everything from there to the
     * scan's position.
     */
    Outcome outcome(RecordBatch batch) throws IOException {
        long pid = batch.producerId();
        while (true) {
            TreeMap<Long, Boolean> markers = markersByProducer.get(pid);
            Map.Entry<Long, Boolean> next = markers == null ? null : markers.ceilingEntry(batch.lastOffset());
            if (next != null) {
                return next.getValue() ? Outcome.COMMITTED : Outcome.ABORTED;
            }
            if (!scanOneBatch()) {
                return Outcome.UNDECIDED;
            }
        }
    }

    /** Reads the next batch header of the log; records it if it is a marker. False at the captured log end. */
    private boolean scanOneBatch() throws IOException {
        while (segment < scanned.size()) {
            LogSegment seg = scanned.get(segment);
            if (seg.baseOffset() > view.endSegmentBase()) {
                return false;
            }
            int end = view.scanEnd(seg);
            BatchHeader h = position < end ? BatchHeader.read(seg.channel(), position, end, scratch) : null;
            if (h == null) {
                segment++;
                position = 0;
                continue;
            }
            throttler.maybeThrottle(RecordBatch.HEADER_SIZE);
            if (h.isControlBatch()) {
                ByteBuffer whole = seg.readBytes(position, h.sizeInBytes());
                throttler.maybeThrottle(h.sizeInBytes());
                recordMarker(RecordBatch.view(whole, 0));
            }
            position += h.sizeInBytes();
            return true;
        }
        return false;
    }

    /** The COMMIT/ABORT type of a control batch, or null for other control records and empty batches. */
    static ControlRecordType markerType(RecordBatch control) {
        if (control.recordCount() == 0) {
            return null;
        }
        Iterator<Record> it = control.records(MAX_DECOMPRESSED);
        ControlRecordType type = ControlRecordType.parse(it.next().key());
        return type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT ? type : null;
    }

    private void recordMarker(RecordBatch control) {
        ControlRecordType type = markerType(control);
        if (type != null) {
            markersByProducer.computeIfAbsent(control.producerId(), k -> new TreeMap<>())
                    .put(control.baseOffset(), type == ControlRecordType.COMMIT);
        }
    }

    /**
     * The copy pass met a data batch (in offset order).
     *
     * @return whether it belongs to an aborted transaction, so its records can go
     */
    boolean onDataBatch(RecordBatch batch) throws IOException {
        if (!batch.isTransactional()) {
            return false;
        }
        // The copy pass asks in offset order too, and never again about anything before this batch: markers in
        // segments wholly before it are not needed any more, and those segments may already be swapped out (their
        // files closing), so the scan jumps over them.
        while (segment + 1 < scanned.size() && scanned.get(segment + 1).baseOffset() <= batch.baseOffset()) {
            segment++;
            position = 0;
        }
        if (outcome(batch) == Outcome.ABORTED) {
            ongoingAbortedSeen.add(batch.producerId());
            return true;
        }
        ongoingCommitted.add(batch.producerId());
        return false;
    }

    /**
     * The copy pass met a control batch (in offset order).
     *
     * @return whether the marker may go: no batch of its transaction was met in this pass (an empty control batch,
     *     left by an earlier pass, always may)
     */
    boolean onControlBatch(RecordBatch batch) {
        if (batch.recordCount() == 0) {
            return true;
        }
        ControlRecordType type = markerType(batch);
        if (type == ControlRecordType.ABORT) {
            ongoingCommitted.remove(batch.producerId());
            return !ongoingAbortedSeen.remove(batch.producerId());
        }
        if (type == ControlRecordType.COMMIT) {
            ongoingAbortedSeen.remove(batch.producerId());
            return !ongoingCommitted.remove(batch.producerId());
        }
        return false;
    }
}
