package io.skiff.broker.handler;

import io.skiff.broker.handler.FetchSessionCache.CachedPartition;
import io.skiff.broker.handler.FetchSessionCache.Session;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.FileRecordsPayload;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.replication.partition.FetchParams;
import io.skiff.replication.partition.FetchPartitionData;
import io.skiff.replication.partition.FetchPartitionRequest;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.FetchRequestData;
import io.skiff.wire.message.FetchResponseData;
import io.skiff.wire.message.FetchResponseData.FetchableTopicResponse;
import io.skiff.wire.message.FetchResponseData.PartitionData;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.MemoryRecordsPayload;
import io.skiff.wire.protocol.Uuid;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Fetch (v4+), for consumers and (later) followers. Records are sent as file regions of the
 * segments ({@code sendfile}), never read into the heap. A fetch that cannot be answered with
 * {@code min.bytes} waits in the replica manager's purgatory up to {@code max.wait.ms}.
 *
 * <p>Sessions (v7+, KIP-227) live in the {@link FetchSessionCache}: a full request (epoch 0)
 * creates one, incremental requests (epoch n) add, update and forget partitions, and their
 * responses hold only partitions with records, an error, or a changed high watermark or log start
 * offset. Topics are named up to v12 and identified by id from v13 (UNKNOWN_TOPIC_ID when unknown).
 *
 * <p>Reads (index lookups, segment header reads) run on the I/O pool, not on the event loop;
 * session bookkeeping runs on the event loop before, and response building wherever the read or
 * the parked fetch completes.
 *
 * <p>Thread-safety: stateless apart from the session cache; see there.
 */
public final class FetchHandler implements ApiHandler<FetchRequestData> {
    private static final MemoryRecordsPayload NO_RECORDS = new MemoryRecordsPayload(ByteBuffer.allocate(0));

    private final ReplicaManager replicaManager;
    private final FetchSessionCache sessions;
    private final Executor readExecutor;

    /**
     * @param readExecutor where reads run (the broker's I/O pool; tests pass {@code Runnable::run})
     */
    public FetchHandler(ReplicaManager replicaManager, FetchSessionCache sessions, Executor readExecutor) {
        this.replicaManager = replicaManager;
        this.sessions = sessions;
        this.readExecutor = readExecutor;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.FETCH;
    }

    /** A requested partition of a topic id this broker does not know. */
    private record UnknownId(Uuid topicId, int partition) {}

    @Override
    public CompletionStage<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        short version = context.apiVersion();
        Map<TopicPartition, CachedPartition> requested = new LinkedHashMap<>();
        List<UnknownId> unknownIds = new ArrayList<>();
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            Optional<String> name = version >= 13 ? replicaManager.topicName(TopicIds.toJava(topic.topicId()))
                    : Optional.of(topic.topic());
            for (FetchRequestData.FetchPartition p : topic.partitions()) {
                if (name.isEmpty()) {
                    unknownIds.add(new UnknownId(topic.topicId(), p.partition()));
                    continue;
                }
                Uuid id = version >= 13 ? topic.topicId()
                        : replicaManager.topicId(name.get()).map(TopicIds::toWire).orElse(Uuid.ZERO_UUID);
                requested.put(new TopicPartition(name.get(), p.partition()),
                        new CachedPartition(id, p.fetchOffset(), p.partitionMaxBytes(), p.currentLeaderEpoch(),
                                p.lastFetchedEpoch()));
            }
        }

        Session session = null;
        boolean incremental = false;
        Map<TopicPartition, CachedPartition> toFetch = requested;
        int sessionId = request.sessionId();
        int epoch = request.sessionEpoch();
        if (epoch == -1 || epoch == 0) {
            if (sessionId != FetchSessionCache.INVALID_SESSION_ID) {
                sessions.remove(sessionId);
            }
            if (epoch == 0) {
                session = sessions.create(requested).orElse(null);
            }
        } else {
            session = sessions.get(sessionId).orElse(null);
            if (session == null) {
                return CompletableFuture.completedFuture(topLevelError(Errors.FETCH_SESSION_ID_NOT_FOUND));
            }
            synchronized (session) {
                if (session.nextEpoch() != epoch) {
                    return CompletableFuture.completedFuture(topLevelError(Errors.INVALID_FETCH_SESSION_EPOCH));
                }
                forget(version, request, session);
                for (Map.Entry<TopicPartition, CachedPartition> e : requested.entrySet()) {
                    CachedPartition p = e.getValue();
                    CachedPartition cached = session.partitions.putIfAbsent(e.getKey(), p);
                    if (cached != null) {
                        cached.fetchOffset = p.fetchOffset;
                        cached.maxBytes = p.maxBytes;
                        cached.currentLeaderEpoch = p.currentLeaderEpoch;
                        cached.lastFetchedEpoch = p.lastFetchedEpoch;
                    }
                }
                session.advanceEpoch();
                toFetch = new LinkedHashMap<>(session.partitions);
            }
            incremental = true;
        }

        int replicaId = version >= 15 ? request.replicaState().replicaId() : request.replicaId();
        boolean readCommitted = request.isolationLevel() == 1;
        FetchParams params = new FetchParams(replicaId, request.maxWaitMs(), request.minBytes(), request.maxBytes(),
                readCommitted);
        List<FetchPartitionRequest> reads = new ArrayList<>(toFetch.size());
        toFetch.forEach((tp, p) -> reads.add(new FetchPartitionRequest(tp, p.fetchOffset, p.maxBytes, p.currentLeaderEpoch,
                p.lastFetchedEpoch)));

        Map<TopicPartition, CachedPartition> fetched = toFetch;
        Session finalSession = session;
        boolean finalIncremental = incremental;
        return CompletableFuture.supplyAsync(() -> replicaManager.fetch(params, reads), readExecutor)
                .thenCompose(f -> f).thenApply(results -> response(version, fetched, results,
                unknownIds, finalSession, finalIncremental, readCommitted));
    }

    private static void forget(short version, FetchRequestData request, Session session) {
        for (FetchRequestData.ForgottenTopic t : request.forgottenTopicsData()) {
            for (int partition : t.partitions()) {
                session.partitions.entrySet().removeIf(e -> e.getKey().partition() == partition
                        && (version >= 13 ? e.getValue().topicId.equals(t.topicId()) : e.getKey().topic().equals(t.topic())));
            }
        }
    }

    private static FetchResponseData response(short version, Map<TopicPartition, CachedPartition> fetched,
                                              Map<TopicPartition, FetchPartitionData> results, List<UnknownId> unknownIds,
                                              Session session, boolean incremental, boolean readCommitted) {
        Map<Object, FetchableTopicResponse> topics = new LinkedHashMap<>();
        Object lock = session != null ? session : new Object();
        synchronized (lock) {
            fetched.forEach((tp, cached) -> {
                FetchPartitionData d = results.get(tp);
                if (d == null) {
                    return;
                }
                boolean changed = d.error() != Errors.NONE || d.sizeInBytes() > 0 || d.divergingEpoch().isPresent()
                        || d.highWatermark() != cached.lastHighWatermark || d.logStartOffset() != cached.lastLogStartOffset;
                cached.lastHighWatermark = d.highWatermark();
                cached.lastLogStartOffset = d.logStartOffset();
                if (incremental && !changed) {
                    return;
                }
                PartitionData partition = new PartitionData();
                d.divergingEpoch().ifPresent(e -> partition.divergingEpoch().setEpoch(e.leaderEpoch()).setEndOffset(e.offset()));
                topic(topics, version, tp.topic(), cached.topicId).partitions().add(partition
                        .setPartitionIndex(tp.partition())
                        .setErrorCode(d.error().code())
                        .setHighWatermark(d.highWatermark())
                        .setLastStableOffset(d.lastStableOffset())
                        .setLogStartOffset(d.logStartOffset())
                        .setAbortedTransactions(readCommitted ? new ArrayList<>() : null)
                        .setPreferredReadReplica(-1)
                        .setRecords(d.records().<io.skiff.wire.protocol.RecordsPayload>map(FileRecordsPayload::of)
                                .orElse(NO_RECORDS)));
            });
        }
        for (UnknownId u : unknownIds) {
            topic(topics, version, "", u.topicId()).partitions().add(errorPartition(u.partition(), Errors.UNKNOWN_TOPIC_ID));
        }
        return new FetchResponseData()
                .setErrorCode(Errors.NONE.code())
                .setSessionId(session == null ? FetchSessionCache.INVALID_SESSION_ID : session.id())
                .setResponses(new ArrayList<>(topics.values()));
    }

    private static FetchableTopicResponse topic(Map<Object, FetchableTopicResponse> topics, short version, String name,
                                                Uuid id) {
        Object key = version >= 13 ? id : name;
        return topics.computeIfAbsent(key, k -> new FetchableTopicResponse()
                .setTopic(version >= 13 ? "" : name)
                .setTopicId(version >= 13 ? id : Uuid.ZERO_UUID)
                .setPartitions(new ArrayList<>()));
    }

    private static PartitionData errorPartition(int partition, Errors error) {
        return new PartitionData()
                .setPartitionIndex(partition)
                .setErrorCode(error.code())
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1)
                .setAbortedTransactions(null)
                .setPreferredReadReplica(-1)
                .setRecords(NO_RECORDS);
    }

    private static FetchResponseData topLevelError(Errors error) {
        return new FetchResponseData()
                .setErrorCode(error.code())
                .setSessionId(FetchSessionCache.INVALID_SESSION_ID)
                .setResponses(new ArrayList<>());
    }

    @Override
    public FetchResponseData errorResponse(RequestContext context, FetchRequestData request, Errors error) {
        short version = context.apiVersion();
        Map<Object, FetchableTopicResponse> topics = new LinkedHashMap<>();
        for (FetchRequestData.FetchTopic t : request.topics()) {
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                topic(topics, version, t.topic(), t.topicId()).partitions().add(errorPartition(p.partition(), error));
            }
        }
        return new FetchResponseData()
                .setErrorCode(error.code())
                .setSessionId(FetchSessionCache.INVALID_SESSION_ID)
                .setResponses(new ArrayList<>(topics.values()));
    }
}
