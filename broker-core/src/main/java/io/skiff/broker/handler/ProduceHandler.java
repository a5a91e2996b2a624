package io.skiff.broker.handler;

import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.CloseConnectionException;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.replication.partition.ProducePartitionResult;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ProduceRequestData;
import io.skiff.wire.message.ProduceResponseData;
import io.skiff.wire.message.ProduceResponseData.PartitionProduceResponse;
import io.skiff.wire.message.ProduceResponseData.TopicProduceResponse;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.MemoryRecordsPayload;
import io.skiff.wire.protocol.RecordsPayload;
import io.skiff.wire.protocol.Uuid;
import io.skiff.wire.record.Batches;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Produce (v3+; v0-v2 are advertised but refused, KAFKA-18659). Each partition's single v2 batch
 * goes to the {@link ReplicaManager} as a slice of the request frame: never copied, never
 * decompressed. Appends run on the I/O pool, never on an event loop (an append may roll a segment
 * or fsync with {@code flush.messages}), and one connection's appends run one after another in
 * arrival order, so an idempotent producer's in-flight requests reach the log in sequence order.
 *
 * <p>{@code acks=0} gets no response, and when any partition fails the connection is closed (the
 * client has nothing else to learn from, as in Kafka); {@code acks=1} is answered after the leader's append;
 * {@code acks=-1} when the high watermark passes the records. Topics are named (v0-v12) or
 * identified by id (v13+, UNKNOWN_TOPIC_ID when the id is unknown).
 *
 * <p>Thread-safety: thread-safe; the only state is, per connection with an append queued or
 * running, the future of its last append (removed when that append finishes and nothing follows).
 */
public final class ProduceHandler implements ApiHandler<ProduceRequestData> {
    private final ReplicaManager replicaManager;
    private final Executor appendExecutor;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> lastAppend = new ConcurrentHashMap<>();

    /**
     * @param appendExecutor where appends run (the broker's I/O pool; tests pass {@code Runnable::run})
     */
    public ProduceHandler(ReplicaManager replicaManager, Executor appendExecutor) {
        this.replicaManager = replicaManager;
        this.appendExecutor = appendExecutor;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.PRODUCE;
    }

    @Override
    public short minVersion() {
        return 3;
    }

    @Override
    public short advertisedMinVersion() {
        return 0;
    }

    @Override
    public CompletionStage<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        if (acks != 0 && acks != 1 && acks != -1) {
            return CompletableFuture.completedFuture(errorResponse(context, request, Errors.INVALID_REQUIRED_ACKS));
        }
        short version = context.apiVersion();
        Map<TopicPartition, ByteBuffer> toAppend = new LinkedHashMap<>();
        Map<TopicPartition, ProducePartitionResult> early = new HashMap<>();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            Optional<String> name = topicName(version, topic);
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                if (name.isEmpty()) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(name.get(), partition.index());
                try {
                    ByteBuffer records = records(partition.records());
                    Batches.singleProduceBatch(records.duplicate(), version);
                    toAppend.put(tp, records);
                } catch (ApiException e) {
                    early.put(tp, ProducePartitionResult.error(e.error(), e.getMessage()));
                }
            }
        }
        CompletableFuture<Map<TopicPartition, ProducePartitionResult>> appended = inConnectionOrder(
                context.connectionId(), () -> replicaManager.appendRecords(acks, request.timeoutMs(), toAppend));
        if (acks == 0) {
            return appended.thenApply(results -> {
                Map<TopicPartition, ProducePartitionResult> all = new HashMap<>(results);
                all.putAll(early);
                List<String> failed = new ArrayList<>();
                all.forEach((tp, r) -> {
                    if (r.error() != Errors.NONE) {
                        failed.add(tp + "=" + r.error());
                    }
                });
                if (!failed.isEmpty()) {
                    throw new CloseConnectionException("acks=0 produce failed for " + failed);
                }
                return null;
            });
        }
        return appended.thenApply(results -> {
            Map<TopicPartition, ProducePartitionResult> all = new HashMap<>(results);
            all.putAll(early);
            return response(version, request, tp -> all.get(tp));
        });
    }

    /** Runs {@code append} on the executor after the connection's previous append has run. */
    private CompletableFuture<Map<TopicPartition, ProducePartitionResult>> inConnectionOrder(
            String connectionId, Supplier<CompletableFuture<Map<TopicPartition, ProducePartitionResult>>> append) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = lastAppend.put(connectionId, done);
        CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null) : previous;
        return start.thenComposeAsync(ignored -> {
            try {
                return append.get();
            } finally {
                done.complete(null);
                lastAppend.remove(connectionId, done);
            }
        }, appendExecutor);
    }

    private Optional<String> topicName(short version, ProduceRequestData.TopicProduceData topic) {
        if (version >= 13) {
            return replicaManager.topicName(TopicIds.toJava(topic.topicId()));
        }
        return Optional.of(topic.name());
    }

    private static ByteBuffer records(RecordsPayload payload) {
        if (payload instanceof MemoryRecordsPayload memory) {
            return memory.buffer();
        }
        throw new ApiException(Errors.INVALID_RECORD, "A produce request must carry one record batch per partition");
    }

    private ProduceResponseData response(short version, ProduceRequestData request,
                                         Function<TopicPartition, ProducePartitionResult> resultOf) {
        List<TopicProduceResponse> topics = new ArrayList<>();
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            Optional<String> name = topicName(version, topic);
            List<PartitionProduceResponse> partitions = new ArrayList<>();
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                ProducePartitionResult r = name.isEmpty() ? ProducePartitionResult.error(Errors.UNKNOWN_TOPIC_ID, null)
                        : resultOf.apply(new TopicPartition(name.get(), partition.index()));
                if (r == null) {
                    r = ProducePartitionResult.error(Errors.UNKNOWN_SERVER_ERROR, null);
                }
                partitions.add(new PartitionProduceResponse()
                        .setIndex(partition.index())
                        .setErrorCode(r.error().code())
                        .setErrorMessage(r.error() == Errors.NONE ? null : r.errorMessage())
                        .setBaseOffset(r.baseOffset())
                        .setLogAppendTimeMs(r.logAppendTime())
                        .setLogStartOffset(r.logStartOffset()));
            }
            topics.add(new TopicProduceResponse()
                    .setName(version >= 13 ? "" : topic.name())
                    .setTopicId(version >= 13 ? topic.topicId() : Uuid.ZERO_UUID)
                    .setPartitionResponses(partitions));
        }
        return new ProduceResponseData().setResponses(topics);
    }

    @Override
    public ProduceResponseData errorResponse(RequestContext context, ProduceRequestData request, Errors error) {
        ProducePartitionResult r = ProducePartitionResult.error(error, null);
        return response(context.apiVersion(), request, tp -> r);
    }
}
