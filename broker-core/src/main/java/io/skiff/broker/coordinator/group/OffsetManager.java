package io.skiff.broker.coordinator.group;

import io.skiff.log.TopicPartition;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitResponseData;
import io.skiff.wire.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import io.skiff.wire.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Committed offsets: OffsetCommit validates the committer against the group (Kafka's classic rules),
 * persists the offsets through the {@link OffsetLog} and only then makes them visible to OffsetFetch;
 * loading replays {@code __consumer_offsets} records into the groups.
 *
 * <p>Thread-safe: a group's offsets are read and written under the group's monitor.
 */
public final class OffsetManager {
    /** The protocol type of groups whose member metadata is a ConsumerProtocolSubscription. */
    static final String CONSUMER_PROTOCOL = "consumer";
    /** Kafka's "no committed offset" answer. */
    public static final long NO_OFFSET = -1L;

    private final GroupRegistry registry;
    private final OffsetLog log;
    private final LongSupplier wallClockMs;

    /** @param wallClockMs the clock commit timestamps are taken from */
    public OffsetManager(GroupRegistry registry, OffsetLog log, LongSupplier wallClockMs) {
        this.registry = registry;
        this.log = log;
        this.wallClockMs = wallClockMs;
    }

    // ---------------------------------------------------------------- commit

    public CompletableFuture<OffsetCommitResponseData> commit(OffsetCommitRequestData request) {
        String groupId = request.groupId();
        Errors error = groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID : registry.status(groupId);
        ClassicGroup group = null;
        if (error == Errors.NONE) {
            boolean memberCommit = request.generationIdOrMemberEpoch() >= 0
                    || !(request.memberId() == null || request.memberId().isEmpty())
                    || request.groupInstanceId() != null;
            group = memberCommit ? registry.get(groupId) : registry.getOrCreate(groupId);
            error = group == null ? Errors.ILLEGAL_GENERATION : validate(group, request, memberCommit);
        }
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(uniform(request, error));
        }
        int maxMetadata = registry.config().offsetMetadataMaxBytes();
        long now = wallClockMs.getAsLong();
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        List<OffsetLog.Entry> entries = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : request.topics()) {
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                if (metadata.length() > maxMetadata) {
                    results.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                    continue;
                }
                CommittedOffset value = new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), metadata,
                        now);
                accepted.put(tp, value);
                results.put(tp, Errors.NONE);
                entries.add(new OffsetLog.Entry(OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()),
                        OffsetRecords.offsetValue(value)));
            }
        }
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(response(request, results));
        }
        ClassicGroup target = group;
        return log.append(registry.config().partitionFor(groupId), entries).toCompletableFuture()
                .exceptionally(Errors::forException)
                .thenApply(appendError -> {
                    if (appendError == Errors.NONE) {
                        synchronized (target) {
                            target.offsets.putAll(accepted);
                        }
                    } else {
                        accepted.keySet().forEach(tp -> results.put(tp, appendError));
                    }
                    return response(request, results);
                });
    }

    private static Errors validate(ClassicGroup group, OffsetCommitRequestData request, boolean memberCommit) {
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return Errors.COORDINATOR_NOT_AVAILABLE;
            }
            if (!memberCommit) {
                // A commit from outside the group (admin tools, assign() consumers) needs an empty group.
                return group.is(GroupState.EMPTY) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
            }
            Errors error = group.validateMember(request.memberId(), request.groupInstanceId(),
                    request.generationIdOrMemberEpoch());
            if (error == Errors.NONE && group.is(GroupState.COMPLETING_REBALANCE)) {
                return Errors.REBALANCE_IN_PROGRESS;
            }
            return error;
        }
    }

    /** The answer that fails every partition of {@code request} with {@code error}. */
    public static OffsetCommitResponseData uniform(OffsetCommitRequestData request, Errors error) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        request.topics().forEach(t -> t.partitions().forEach(p ->
                results.put(new TopicPartition(t.name(), p.partitionIndex()), error)));
        return response(request, results);
    }

    private static OffsetCommitResponseData response(OffsetCommitRequestData request,
                                                     Map<TopicPartition, Errors> results) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : request.topics()) {
            OffsetCommitResponseTopic topic = new OffsetCommitResponseTopic().setName(t.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                Errors e = results.get(new TopicPartition(t.name(), p.partitionIndex()));
                topic.partitions().add(new OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(e.code()));
            }
            response.topics().add(topic);
        }
        return response;
    }

    // ---------------------------------------------------------------- fetch

    /** A group's committed offsets, or the group-level error. */
    public record FetchResult(Errors error, Map<TopicPartition, CommittedOffset> offsets) {}

    /**
     * The committed offsets of {@code groupId} for {@code wanted} (topic → partitions; null: every committed
     * offset). A partition with no commit is absent from the result for "every", and {@link #NO_OFFSET} with
     * empty metadata otherwise (the caller shapes that answer).
     */
    public FetchResult fetch(String groupId, Map<String, List<Integer>> wanted) {
        Errors status = groupId == null ? Errors.INVALID_GROUP_ID : registry.status(groupId);
        if (status != Errors.NONE) {
            return new FetchResult(status, Map.of());
        }
        ClassicGroup group = registry.get(groupId);
        Map<TopicPartition, CommittedOffset> result = new TreeMap<>(OffsetManager::compare);
        if (group == null) {
            return new FetchResult(Errors.NONE, result);
        }
        synchronized (group) {
            if (wanted == null) {
                result.putAll(group.offsets);
            } else {
                wanted.forEach((topic, partitions) -> partitions.forEach(p -> {
                    CommittedOffset o = group.offsets.get(new TopicPartition(topic, p));
                    if (o != null) {
                        result.put(new TopicPartition(topic, p), o);
                    }
                }));
            }
        }
        return new FetchResult(Errors.NONE, result);
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int c = a.topic().compareTo(b.topic());
        return c != 0 ? c : Integer.compare(a.partition(), b.partition());
    }

    // ---------------------------------------------------------------- delete

    /** The outcome of an OffsetDelete: a group-level error, or one error per requested partition. */
    public record DeleteResult(Errors error, Map<TopicPartition, Errors> partitions) {}

    /**
     * OffsetDelete: removes committed offsets (tombstones in {@code __consumer_offsets}) unless the group is
     * actively consuming the topic. A group with members must use the "consumer" protocol so that its
     * subscriptions can be read (otherwise NON_EMPTY_GROUP); a partition of a subscribed topic answers
     * GROUP_SUBSCRIBED_TO_TOPIC, as in Kafka.
     */
    public CompletableFuture<DeleteResult> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        Errors status = groupId == null ? Errors.INVALID_GROUP_ID : registry.status(groupId);
        ClassicGroup group = status == Errors.NONE ? registry.get(groupId) : null;
        if (status == Errors.NONE && group == null) {
            status = Errors.GROUP_ID_NOT_FOUND;
        }
        if (status != Errors.NONE) {
            return CompletableFuture.completedFuture(new DeleteResult(status, Map.of()));
        }
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        List<OffsetLog.Entry> tombstones = new ArrayList<>();
        List<TopicPartition> deleted = new ArrayList<>();
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(new DeleteResult(Errors.GROUP_ID_NOT_FOUND, Map.of()));
            }
            if (!group.is(GroupState.EMPTY) && !CONSUMER_PROTOCOL.equals(group.protocolType())) {
                return CompletableFuture.completedFuture(new DeleteResult(Errors.NON_EMPTY_GROUP, Map.of()));
            }
            java.util.Set<String> subscribed = group.is(GroupState.EMPTY) ? java.util.Set.of()
                    : Subscriptions.topics(group);
            for (TopicPartition tp : partitions) {
                if (subscribed.contains(tp.topic())) {
                    results.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                    continue;
                }
                results.put(tp, Errors.NONE);
                if (group.offsets.containsKey(tp)) {
                    deleted.add(tp);
                    tombstones.add(new OffsetLog.Entry(OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()),
                            null));
                }
            }
        }
        if (tombstones.isEmpty()) {
            return CompletableFuture.completedFuture(new DeleteResult(Errors.NONE, results));
        }
        return log.append(registry.config().partitionFor(groupId), tombstones).toCompletableFuture()
                .exceptionally(Errors::forException)
                .thenApply(appendError -> {
                    if (appendError != Errors.NONE) {
                        return new DeleteResult(appendError, Map.of());
                    }
                    synchronized (group) {
                        deleted.forEach(group.offsets::remove);
                    }
                    return new DeleteResult(Errors.NONE, results);
                });
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Expires the offsets of EMPTY groups committed more than {@code retentionMs} ago (Kafka's
     * {@code offsets.retention.minutes}; a group that has members keeps its offsets), writing a tombstone
     * for each; a group left with neither members nor offsets is removed. Completes with the number of
     * offsets expired.
     */
    public CompletableFuture<Integer> expireOffsets(long retentionMs) {
        long now = wallClockMs.getAsLong();
        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        for (ClassicGroup group : registry.all()) {
            if (registry.status(group.groupId()) != Errors.NONE) {
                continue;
            }
            List<TopicPartition> expired = new ArrayList<>();
            List<OffsetLog.Entry> tombstones = new ArrayList<>();
            synchronized (group) {
                if (!group.is(GroupState.EMPTY)) {
                    continue;
                }
                group.offsets.forEach((tp, o) -> {
                    if (now - o.commitTimestamp() >= retentionMs) {
                        expired.add(tp);
                        tombstones.add(new OffsetLog.Entry(
                                OffsetRecords.offsetKey(group.groupId(), tp.topic(), tp.partition()), null));
                    }
                });
            }
            if (expired.isEmpty()) {
                continue;
            }
            pending.add(log.append(registry.config().partitionFor(group.groupId()), tombstones).toCompletableFuture()
                    .exceptionally(Errors::forException)
                    .thenApply(error -> {
                        if (error != Errors.NONE) {
                            return 0; // kept: the next run tries again
                        }
                        synchronized (group) {
                            expired.forEach(group.offsets::remove);
                            if (group.is(GroupState.EMPTY) && group.members.isEmpty()
                                    && group.pendingMembers.isEmpty() && group.offsets.isEmpty()) {
                                group.transitionTo(GroupState.DEAD);
                                registry.remove(group);
                            }
                        }
                        return expired.size();
                    }));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> pending.stream().mapToInt(CompletableFuture::join).sum());
    }

    // ---------------------------------------------------------------- loading

    /** Replays one record read back from {@code __consumer_offsets} (later records win, as compaction keeps). */
    public void replay(java.nio.ByteBuffer key, java.nio.ByteBuffer value) {
        OffsetRecords.OffsetKey k = OffsetRecords.readOffsetKey(key);
        if (k == null) {
            return;
        }
        TopicPartition tp = new TopicPartition(k.topic(), k.partition());
        if (value == null) {
            ClassicGroup group = registry.get(k.group());
            if (group != null) {
                synchronized (group) {
                    group.offsets.remove(tp);
                }
            }
            return;
        }
        CommittedOffset offset = OffsetRecords.readOffsetValue(value);
        ClassicGroup group = registry.getOrCreate(k.group());
        synchronized (group) {
            group.offsets.put(tp, offset);
        }
    }
}
