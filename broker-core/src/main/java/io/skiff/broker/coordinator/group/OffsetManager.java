package io.skiff.broker.coordinator.group;

import io.skiff.log.TopicPartition;
import io.skiff.wire.message.OffsetCommitRequestData;
import io.skiff.wire.message.OffsetCommitResponseData;
import io.skiff.wire.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import io.skiff.wire.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Committed offsets: OffsetCommit validates the committer against the group (Kafka's classic rules),
 * persists the offsets through the {@link OffsetLog} and only then makes them visible to OffsetFetch;
 * loading replays {@code __consumer_offsets} records into the groups.
 *
 * <p>Thread-safe: a group's offsets are read and written under the group's monitor.
 */
public final class OffsetManager {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OffsetManager.class);
    /** The protocol type of groups whose member metadata is a ConsumerProtocolSubscription. */
    static final String CONSUMER_PROTOCOL = "consumer";
    /** Kafka's "no committed offset" answer. */
    public static final long NO_OFFSET = -1L;

    /** The first OffsetCommit version that answers GROUP_ID_NOT_FOUND for a member commit to no group. */
    private static final short GROUP_ID_NOT_FOUND_VERSION = 9;
    /** OffsetCommit's "no retention time given" (v2-v4): the broker's offsets.retention.minutes applies. */
    private static final long DEFAULT_RETENTION = -1L;

    private final GroupRegistry registry;
    private final GroupCoordinator coordinator;
    private final OffsetLog log;

    /** @param coordinator told of accepted member commits, which keep the member's session alive */
    public OffsetManager(GroupRegistry registry, GroupCoordinator coordinator, OffsetLog log) {
        this.registry = registry;
        this.coordinator = coordinator;
        this.log = log;
    }

    // ---------------------------------------------------------------- commit

    /**
     * OffsetCommit of topics named in {@code request} (a v10 request's topic ids are resolved to names by
     * the caller; a topic's id, when set, is stored with its offsets).
     */
    public CompletableFuture<OffsetCommitResponseData> commit(OffsetCommitRequestData request, short version) {
        String groupId = request.groupId();
        Errors error = registry.validate(groupId);
        ClassicGroup group = null;
        if (error == Errors.NONE) {
            // Kafka creates a "simple" group only for a commit from outside any generation.
            boolean simple = request.generationIdOrMemberEpoch() < 0;
            group = simple ? registry.getOrCreate(groupId) : registry.get(groupId);
            if (group == null) {
                error = version >= GROUP_ID_NOT_FOUND_VERSION ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
            } else {
                error = validate(group, request);
            }
        }
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(uniform(request, error));
        }
        int maxMetadata = registry.config().offsetMetadataMaxBytes();
        long now = registry.wallClockMs();
        long expireTimestamp = request.retentionTimeMs() == DEFAULT_RETENTION ? CommittedOffset.NO_EXPIRY
                : now + request.retentionTimeMs();
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        List<OffsetLog.Entry> entries = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : request.topics()) {
            java.util.UUID topicId = t.topicId() == null || Uuid.ZERO_UUID.equals(t.topicId()) ? null
                    : new java.util.UUID(t.topicId().getMostSignificantBits(), t.topicId().getLeastSignificantBits());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partitionIndex());
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                if (metadata.length() > maxMetadata) {
                    results.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                    continue;
                }
                CommittedOffset value = new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(), metadata,
                        now, expireTimestamp, topicId);
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
                        visible(target, accepted);
                    } else {
                        accepted.keySet().forEach(tp -> results.put(tp, appendError));
                    }
                    return response(request, results);
                });
    }

    /**
     * Makes appended offsets visible. A group removed while the append was under way (deleted, or cleaned up
     * as empty) is replaced by the registry's current one: the log has the commit after the removal.
     */
    private void visible(ClassicGroup group, Map<TopicPartition, CommittedOffset> accepted) {
        ClassicGroup target = group;
        while (true) {
            synchronized (target) {
                if (!target.is(GroupState.DEAD)) {
                    target.offsets.putAll(accepted);
                    return;
                }
            }
            target = registry.getOrCreate(group.groupId());
        }
    }

    /** Kafka's classic commit checks, in its order; an accepted member commit refreshes the member's session. */
    private Errors validate(ClassicGroup group, OffsetCommitRequestData request) {
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return Errors.COORDINATOR_NOT_AVAILABLE;
            }
            int generation = request.generationIdOrMemberEpoch();
            if (generation < 0 && group.is(GroupState.EMPTY)) {
                return Errors.NONE; // admin tools and assign() consumers commit to an empty group
            }
            String memberId = request.memberId() == null ? "" : request.memberId();
            if (generation >= 0 || !memberId.isEmpty() || request.groupInstanceId() != null) {
                Errors error = group.validateMember(memberId, request.groupInstanceId(), generation);
                if (error != Errors.NONE) {
                    return error;
                }
            } else if (!group.is(GroupState.EMPTY)) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (group.is(GroupState.COMPLETING_REBALANCE)) {
                return Errors.REBALANCE_IN_PROGRESS;
            }
            coordinator.committed(group, memberId);
            return Errors.NONE;
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
            OffsetCommitResponseTopic topic = new OffsetCommitResponseTopic().setName(t.name())
                    .setTopicId(t.topicId());
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
        Errors status = registry.validate(groupId);
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
        Errors status = registry.validate(groupId);
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
     * Kafka's offset expiry (KIP-211), run every {@code offsets.retention.check.interval.ms}: an offset with an
     * explicit expire timestamp (OffsetCommit v2-v4 retention time) expires at it; otherwise it expires once
     * {@code retentionMs} have passed since its base time, which is
     * <ul>
     *   <li>for an EMPTY group: the time the group became EMPTY (its commit time when that is unknown), so
     *       offsets live for the retention period after the last member left, however old the commits;</li>
     *   <li>for a group without protocol type (only ever used to commit): the commit time;</li>
     *   <li>for a STABLE "consumer"-protocol group: the commit time, for topics no member subscribes to (the
     *       subscribed ones are kept);</li>
     *   <li>any other group (rebalancing, or members of another protocol): never.</li>
     * </ul>
     * A tombstone is written for each expired offset; a group left EMPTY without offsets is deleted (its
     * metadata tombstoned too), as is an EMPTY group that had none. Completes with the number of offsets expired.
     */
    public CompletableFuture<Integer> expireOffsets(long retentionMs) {
        long now = registry.wallClockMs();
        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        for (ClassicGroup group : registry.all()) {
            if (registry.status(group.groupId()) != Errors.NONE) {
                continue;
            }
            List<TopicPartition> expired = new ArrayList<>();
            List<OffsetLog.Entry> tombstones = new ArrayList<>();
            synchronized (group) {
                if (isEmptyGroup(group) && group.offsets.isEmpty()) {
                    // Kafka's cleanup also removes an Empty group without offsets (its members left, none committed).
                    group.transitionTo(GroupState.DEAD);
                    registry.remove(group);
                    pending.add(removeGroupRecord(group.groupId()));
                    continue;
                }
                ExpiryBase base = expiryBase(group);
                if (base == null) {
                    continue;
                }
                java.util.Set<String> kept = base.subscribedTopics();
                group.offsets.forEach((tp, o) -> {
                    if (!kept.contains(tp.topic()) && isExpired(o, base.stateTimestamp(), now, retentionMs)) {
                        expired.add(tp);
                        tombstones.add(new OffsetLog.Entry(
                                OffsetRecords.offsetKey(group.groupId(), tp.topic(), tp.partition()), null));
                    }
                });
                if (!expired.isEmpty() && expired.size() == group.offsets.size() && isEmptyGroup(group)) {
                    tombstones.add(new OffsetLog.Entry(GroupMetadataRecords.key(group.groupId()), null));
                }
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
                            if (isEmptyGroup(group) && group.offsets.isEmpty()) {
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

    /** Tombstones the metadata of a group removed from the registry; completes with 0 (no offset expired). */
    private CompletableFuture<Integer> removeGroupRecord(String groupId) {
        return log.append(registry.config().partitionFor(groupId),
                        List.of(new OffsetLog.Entry(GroupMetadataRecords.key(groupId), null))).toCompletableFuture()
                .exceptionally(Errors::forException)
                .thenApply(error -> {
                    if (error != Errors.NONE) {
                        LOG.warn("Could not tombstone the metadata of removed group {}: {}", groupId, error);
                    }
                    return 0;
                });
    }

    /**
     * Kafka's {@code onTopicsDeleted}: the offsets of deleted topics go from every group, whatever its state,
     * with a tombstone each. Completes with the number of offsets removed.
     */
    public CompletableFuture<Integer> deleteOffsetsOfTopics(java.util.Set<String> topics) {
        List<CompletableFuture<Integer>> pending = new ArrayList<>();
        for (ClassicGroup group : registry.all()) {
            if (registry.status(group.groupId()) != Errors.NONE) {
                continue;
            }
            List<TopicPartition> gone = new ArrayList<>();
            List<OffsetLog.Entry> tombstones = new ArrayList<>();
            synchronized (group) {
                group.offsets.keySet().stream().filter(tp -> topics.contains(tp.topic())).forEach(tp -> {
                    gone.add(tp);
                    tombstones.add(new OffsetLog.Entry(
                            OffsetRecords.offsetKey(group.groupId(), tp.topic(), tp.partition()), null));
                });
            }
            if (gone.isEmpty()) {
                continue;
            }
            pending.add(log.append(registry.config().partitionFor(group.groupId()), tombstones).toCompletableFuture()
                    .exceptionally(Errors::forException)
                    .thenApply(error -> {
                        if (error != Errors.NONE) {
                            LOG.warn("Could not remove the offsets of deleted topics {} from group {}: {}", topics,
                                    group.groupId(), error);
                            return 0;
                        }
                        synchronized (group) {
                            gone.forEach(group.offsets::remove);
                        }
                        return gone.size();
                    }));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> pending.stream().mapToInt(CompletableFuture::join).sum());
    }

    /**
     * How a group's offsets age: from the state timestamp (EMPTY groups; -1 means from each commit) or from
     * each commit (-1), never for {@code subscribedTopics}. Null: the group's offsets do not expire now.
     */
    private record ExpiryBase(long stateTimestamp, java.util.Set<String> subscribedTopics) {}

    private static ExpiryBase expiryBase(ClassicGroup group) {
        if (group.protocolType() == null || group.protocolType().isEmpty()) {
            return new ExpiryBase(-1L, java.util.Set.of());
        }
        if (group.is(GroupState.EMPTY)) {
            return new ExpiryBase(group.currentStateTimestamp(), java.util.Set.of());
        }
        if (CONSUMER_PROTOCOL.equals(group.protocolType()) && group.is(GroupState.STABLE)) {
            return new ExpiryBase(-1L, Subscriptions.topics(group));
        }
        return null;
    }

    private static boolean isExpired(CommittedOffset o, long stateTimestamp, long now, long retentionMs) {
        if (o.hasExpireTimestamp()) {
            return now >= o.expireTimestamp();
        }
        long base = stateTimestamp >= 0 ? stateTimestamp : o.commitTimestamp();
        return now - base >= retentionMs;
    }

    private static boolean isEmptyGroup(ClassicGroup group) {
        return group.is(GroupState.EMPTY) && group.members.isEmpty() && group.pendingMembers.isEmpty();
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
