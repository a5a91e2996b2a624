package io.skiff.replication.partition;

import io.skiff.log.AppendInfo;
import io.skiff.log.FileRegion;
import io.skiff.log.CheckpointFile.EpochEntry;
import io.skiff.log.PartitionLog;
import io.skiff.log.ReadResult;
import io.skiff.log.TopicPartition;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One replica of one partition on this broker: its log, its role, the leader epoch it knows, and
 * (when leader) the in-sync replicas, the followers' log end offsets and the high watermark.
 *
 * <p>States and transitions:
 * <pre>
 *   OFFLINE  --makeLeader-->   LEADER    (log opened; epoch recorded in the leader-epoch cache)
 *   OFFLINE  --makeFollower--> FOLLOWER  (log opened; fetching from the leader is a later issue)
 *   LEADER   --makeFollower--> FOLLOWER  (leadership moved; follower LEOs forgotten)
 *   FOLLOWER --makeLeader-->   LEADER    (elected; follower LEOs start unknown)
 *   LEADER/FOLLOWER --makeLeader/makeFollower with a newer epoch or ISR--> same role, new state
 *   any      --delete-->       OFFLINE   (topic deleted or replica moved away; the log is gone)
 * </pre>
 * A transition carrying a leader epoch older than the current one is ignored (a stale snapshot).
 *
 * <p>Invariants: {@code logStartOffset <= highWatermark <= logEndOffset}; the high watermark never
 * decreases while this replica stays leader; it is the smallest log end offset over the ISR, where a
 * follower whose offset is not yet known counts as offset 0 (so it holds the watermark back).
 *
 * <p>Thread-safety: role changes take the write lock; appends and reads take the read lock, so an
 * append never races a role change but appends run concurrently (the log serialises them). The
 * high watermark moves under this object's monitor and is read without locking (volatile).
 */
public final class Partition {
    /** Bytes up to and including a batch's length field (base offset int64, length int32). */
    private static final int BATCH_LENGTH_END = 12;

    /** The replica's role. */
    public enum Role { OFFLINE, LEADER, FOLLOWER }

    private final TopicPartition tp;
    private final int localBrokerId;
    private final ReentrantReadWriteLock roleLock = new ReentrantReadWriteLock();

    private volatile PartitionLog log;
    private volatile Role role = Role.OFFLINE;
    private volatile UUID topicId;
    private volatile int leaderId = -1;
    private volatile int leaderEpoch = -1;
    private volatile List<Integer> replicas = List.of();
    private volatile List<Integer> isr = List.of();
    private volatile long highWatermark;
    /** Followers' log end offsets as their fetches report them; guarded by {@code this}. */
    private final Map<Integer, Long> followerEndOffsets = new HashMap<>();

    public Partition(TopicPartition tp, int localBrokerId) {
        this.tp = tp;
        this.localBrokerId = localBrokerId;
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    public Role role() {
        return role;
    }

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    public UUID topicId() {
        return topicId;
    }

    public int leaderId() {
        return leaderId;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public List<Integer> isr() {
        return isr;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The log, or null while offline. */
    public PartitionLog log() {
        return log;
    }

    /**
     * Becomes (or stays) leader in {@code epoch}. Returns false, changing nothing, when the epoch is
     * older than the one already known, or equal with the same role and ISR.
     *
     * @param initialHighWatermark the last checkpointed high watermark (clamped into the log's range)
     */
    public boolean makeLeader(PartitionLog partitionLog, UUID id, int epoch, List<Integer> newReplicas,
                              List<Integer> newIsr, long initialHighWatermark) {
        roleLock.writeLock().lock();
        try {
            if (epoch < leaderEpoch || (epoch == leaderEpoch && role == Role.LEADER && newIsr.equals(isr))) {
                return false;
            }
            boolean newLeadership = role != Role.LEADER || epoch != leaderEpoch;
            this.log = partitionLog;
            this.topicId = id;
            this.replicas = List.copyOf(newReplicas);
            this.isr = List.copyOf(newIsr);
            this.leaderId = localBrokerId;
            this.leaderEpoch = epoch;
            this.role = Role.LEADER;
            partitionLog.leaderEpochCache().assign(epoch, partitionLog.logEndOffset());
            synchronized (this) {
                if (newLeadership) {
                    followerEndOffsets.clear();
                    highWatermark = clamp(Math.max(initialHighWatermark, highWatermark), partitionLog);
                }
                followerEndOffsets.keySet().retainAll(newReplicas);
                maybeIncrementHighWatermark();
            }
            return true;
        } finally {
            roleLock.writeLock().unlock();
        }
    }

    /**
     * Becomes (or stays) a follower of {@code newLeader} in {@code epoch}. Fetching from the leader
     * is not implemented yet: a follower only refuses client requests with NOT_LEADER_OR_FOLLOWER.
     */
    public boolean makeFollower(PartitionLog partitionLog, UUID id, int epoch, int newLeader, List<Integer> newReplicas,
                                List<Integer> newIsr, long initialHighWatermark) {
        roleLock.writeLock().lock();
        try {
            if (epoch < leaderEpoch || (epoch == leaderEpoch && role == Role.FOLLOWER && newLeader == leaderId)) {
                return false;
            }
            this.log = partitionLog;
            this.topicId = id;
            this.replicas = List.copyOf(newReplicas);
            this.isr = List.copyOf(newIsr);
            this.leaderId = newLeader;
            this.leaderEpoch = epoch;
            this.role = Role.FOLLOWER;
            synchronized (this) {
                followerEndOffsets.clear();
                highWatermark = clamp(Math.max(initialHighWatermark, highWatermark), partitionLog);
            }
            return true;
        } finally {
            roleLock.writeLock().unlock();
        }
    }

    /** Goes offline: the caller deletes or closes the log. */
    public void makeOffline() {
        roleLock.writeLock().lock();
        try {
            role = Role.OFFLINE;
            log = null;
            leaderId = -1;
        } finally {
            roleLock.writeLock().unlock();
        }
    }

    /**
     * Appends client batches as leader. Returns the log's answer and whether the high watermark moved
     * (so that waiting produces and fetches can be woken).
     *
     * @throws ApiException NOT_LEADER_OR_FOLLOWER when not leader, NOT_ENOUGH_REPLICAS when
     *     {@code acks=-1} and the ISR is smaller than the topic's {@code min.insync.replicas}, or the log's errors
     */
    public LeaderAppend appendAsLeader(ByteBuffer batches, short requiredAcks) {
        roleLock.readLock().lock();
        try {
            PartitionLog l = log;
            if (role != Role.LEADER || l == null) {
                throw new ApiException(Errors.NOT_LEADER_OR_FOLLOWER, "Broker " + localBrokerId
                        + " is not the leader of " + tp);
            }
            int minInsyncReplicas = l.config().minInsyncReplicas();
            if (requiredAcks == -1 && isr.size() < minInsyncReplicas) {
                throw new ApiException(Errors.NOT_ENOUGH_REPLICAS, "The size of the current ISR " + isr
                        + " is insufficient to satisfy the min.isr requirement of " + minInsyncReplicas + " for " + tp);
            }
            AppendInfo info = l.appendAsLeader(batches, leaderEpoch);
            boolean hwMoved;
            synchronized (this) {
                hwMoved = maybeIncrementHighWatermark();
            }
            return new LeaderAppend(info, hwMoved);
        } finally {
            roleLock.readLock().unlock();
        }
    }

    /** DeleteRecords' offset meaning "up to the high watermark". */
    public static final long DELETE_TO_HIGH_WATERMARK = -1L;

    /**
     * DeleteRecords as leader: advances the log start offset to {@code offset} ({@link #DELETE_TO_HIGH_WATERMARK}: to
     * the high watermark) and drops the segments wholly below it. Only records every consumer could already see may
     * be deleted, so the offset may not pass the high watermark. Returns the low watermark: the log start offset
     * (followers' log start offsets are not tracked yet, so on more than one replica it is the leader's).
     *
     * @throws ApiException NOT_LEADER_OR_FOLLOWER, POLICY_VIOLATION for a compact-only topic, OFFSET_OUT_OF_RANGE
     *     for an offset below -1 or above the high watermark, KAFKA_STORAGE_ERROR
     */
    public long deleteRecordsOnLeader(long offset) {
        roleLock.readLock().lock();
        try {
            PartitionLog l = log;
            if (role != Role.LEADER || l == null) {
                throw new ApiException(Errors.NOT_LEADER_OR_FOLLOWER, "Leader not local for partition " + tp
                        + " on broker " + localBrokerId);
            }
            if (l.config().compact() && !l.config().delete()) {
                throw new ApiException(Errors.POLICY_VIOLATION, "Records of partition " + tp
                        + " can not be deleted due to the configured policy");
            }
            long hw = highWatermark;
            long target = offset == DELETE_TO_HIGH_WATERMARK ? hw : offset;
            if (target < 0) {
                throw new ApiException(Errors.OFFSET_OUT_OF_RANGE, "The offset " + target + " for partition " + tp
                        + " is not valid");
            }
            if (target > hw) {
                throw new ApiException(Errors.OFFSET_OUT_OF_RANGE, "Cannot increment the log start offset to "
                        + target + " of partition " + tp + " since it is larger than the high watermark " + hw);
            }
            return l.deleteRecordsBefore(target);
        } finally {
            roleLock.readLock().unlock();
        }
    }

    /** An append's outcome plus whether it advanced the high watermark. */
    public record LeaderAppend(AppendInfo info, boolean highWatermarkMoved) {}

    /**
     * Records a follower's log end offset (from its fetch) and advances the high watermark over the
     * ISR. Returns whether the high watermark moved. Ready for replication; unused on a single node.
     */
    public boolean updateFollowerEndOffset(int replicaId, long logEndOffset) {
        roleLock.readLock().lock();
        try {
            if (role != Role.LEADER || !replicas.contains(replicaId)) {
                return false;
            }
            synchronized (this) {
                followerEndOffsets.put(replicaId, logEndOffset);
                return maybeIncrementHighWatermark();
            }
        } finally {
            roleLock.readLock().unlock();
        }
    }

    /**
     * Whether an {@code acks=all} append ending before {@code requiredOffset} is done: NONE once the
     * high watermark reached it with enough replicas in sync, NOT_ENOUGH_REPLICAS_AFTER_APPEND when it
     * reached it but the ISR shrank below the topic's {@code min.insync.replicas}, NOT_LEADER_OR_FOLLOWER
     * when leadership moved, and null while it must still wait.
     */
    public Errors checkEnoughReplicasReachOffset(long requiredOffset) {
        if (role != Role.LEADER) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        if (highWatermark < requiredOffset) {
            return null;
        }
        PartitionLog l = log;
        int minInsyncReplicas = l == null ? 1 : l.config().minInsyncReplicas();
        return isr.size() < minInsyncReplicas ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND : Errors.NONE;
    }

    /**
     * Checks the epoch a client believes current (KIP-320): FENCED_LEADER_EPOCH when older than ours,
     * UNKNOWN_LEADER_EPOCH when newer (our metadata lags); -1 skips the check.
     */
    public void checkCurrentLeaderEpoch(int currentLeaderEpoch) {
        int ours = leaderEpoch;
        if (currentLeaderEpoch == -1 || currentLeaderEpoch == ours) {
            return;
        }
        if (currentLeaderEpoch < ours) {
            throw new ApiException(Errors.FENCED_LEADER_EPOCH, "Epoch " + currentLeaderEpoch
                    + " is older than the current leader epoch " + ours + " of " + tp);
        }
        throw new ApiException(Errors.UNKNOWN_LEADER_EPOCH, "Epoch " + currentLeaderEpoch
                + " is newer than the leader epoch " + ours + " known for " + tp);
    }

    /** The log of the leader replica after checking role and client epoch. */
    public PartitionLog leaderLog(int currentLeaderEpoch) {
        PartitionLog l = log;
        if (role != Role.LEADER || l == null) {
            throw new ApiException(Errors.NOT_LEADER_OR_FOLLOWER, "Broker " + localBrokerId
                    + " is not the leader of " + tp);
        }
        checkCurrentLeaderEpoch(currentLeaderEpoch);
        return l;
    }

    /**
     * Reads as a consumer (up to the high watermark) or as a follower (up to the log end).
     *
     * @throws ApiException NOT_LEADER_OR_FOLLOWER, FENCED/UNKNOWN_LEADER_EPOCH, OFFSET_OUT_OF_RANGE
     */
    public ReadResult read(long fetchOffset, int maxBytes, boolean upToHighWatermark, boolean minOneBatch,
                           int currentLeaderEpoch) {
        PartitionLog l = leaderLog(currentLeaderEpoch);
        long hw = highWatermark;
        long limit = upToHighWatermark ? hw : Long.MAX_VALUE;
        if (upToHighWatermark && fetchOffset > hw && fetchOffset <= l.logEndOffset()) {
            // Between the watermark and the log end: nothing visible yet, not out of range.
            return new ReadResult(java.util.Optional.empty(), l.logStartOffset(), l.logEndOffset(), -1);
        }
        ReadResult read = l.read(fetchOffset, maxBytes, limit, minOneBatch);
        // A region cut at maxBytes may start with a partial batch; a client cannot progress on that
        // (it reports "no complete records"), so, as Kafka does for fetch v3+, send nothing instead:
        // this partition gets its turn as the first one of a later fetch.
        if (!minOneBatch && read.region().isPresent() && read.region().get().length() >= maxBytes
                && firstBatchIncomplete(read.region().get())) {
            return new ReadResult(java.util.Optional.empty(), read.logStartOffset(), read.logEndOffset(), -1);
        }
        return read;
    }

    private boolean firstBatchIncomplete(FileRegion region) {
        if (region.length() < BATCH_LENGTH_END) {
            return true;
        }
        ByteBuffer header = ByteBuffer.allocate(BATCH_LENGTH_END);
        try {
            while (header.hasRemaining()) {
                if (region.channel().read(header, region.position() + header.position()) < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            throw new ApiException(Errors.KAFKA_STORAGE_ERROR, "Read of " + tp + " failed", e);
        }
        // Batch length counts the bytes after the base offset and the length field.
        return region.length() < BATCH_LENGTH_END + (long) header.getInt(8);
    }

    /** The leader epoch whose range holds {@code offset}, or -1 when the cache has none. */
    public int epochForOffset(long offset) {
        PartitionLog l = log;
        if (l == null) {
            return -1;
        }
        int epoch = -1;
        for (EpochEntry e : l.leaderEpochCache().entries()) {
            if (e.startOffset() <= offset) {
                epoch = e.epoch();
            } else {
                break;
            }
        }
        return epoch;
    }

    /** HW = min LEO over the ISR (never backwards); caller holds {@code this}. */
    private boolean maybeIncrementHighWatermark() {
        PartitionLog l = log;
        if (role != Role.LEADER || l == null) {
            return false;
        }
        long min = l.logEndOffset();
        for (int replica : isr) {
            if (replica != localBrokerId) {
                min = Math.min(min, followerEndOffsets.getOrDefault(replica, 0L));
            }
        }
        if (min > highWatermark) {
            highWatermark = min;
            return true;
        }
        return false;
    }

    private static long clamp(long hw, PartitionLog l) {
        return Math.max(l.logStartOffset(), Math.min(hw, l.logEndOffset()));
    }

    @Override
    public String toString() {
        return "Partition(" + tp + ", " + role + ", leader=" + leaderId + ", epoch=" + leaderEpoch + ", isr=" + isr
                + ", hw=" + highWatermark + ")";
    }
}
