package io.skiff.broker.handler;

import io.skiff.broker.admin.TopicNames;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.replication.partition.ReplicaManager;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DeleteRecordsRequestData;
import io.skiff.wire.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import io.skiff.wire.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import io.skiff.wire.message.DeleteRecordsResponseData;
import io.skiff.wire.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import io.skiff.wire.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteRecords (api key 21), every version: per partition, on its leader, advances the log start offset to the
 * requested offset (-1: the high watermark) and answers the new low watermark; consumers starting from the earliest
 * offset begin there. Partition errors, as Kafka's: UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER,
 * OFFSET_OUT_OF_RANGE beyond the high watermark (low watermark -1 and nothing changed), POLICY_VIOLATION for a
 * compact-only topic, INVALID_TOPIC_EXCEPTION for an internal topic. A partition listed twice is deleted up to its
 * last offset, as Kafka's map of requested offsets does.
 *
 * <p>Segment deletion is file I/O, so the work runs on the I/O pool; once any log start offset moved, the
 * {@code log-start-offset-checkpoint} files are written before answering, so an acknowledged deletion survives even
 * a crash right after it (Kafka writes them only periodically). Thread-safe.
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteRecordsHandler.class);

    private final ReplicaManager replicaManager;
    private final Runnable checkpointLogStartOffsets;
    private final Executor ioExecutor;

    /**
     * @param checkpointLogStartOffsets writes the log-start-offset checkpoints (the log manager's)
     * @param ioExecutor where the deletion runs (the broker's I/O pool; tests pass {@code Runnable::run})
     */
    public DeleteRecordsHandler(ReplicaManager replicaManager, Runnable checkpointLogStartOffsets, Executor ioExecutor) {
        this.replicaManager = replicaManager;
        this.checkpointLogStartOffsets = checkpointLogStartOffsets;
        this.ioExecutor = ioExecutor;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DELETE_RECORDS;
    }

    @Override
    public CompletionStage<DeleteRecordsResponseData> handle(RequestContext context, DeleteRecordsRequestData request) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (DeleteRecordsTopic t : request.topics()) {
            for (DeleteRecordsPartition p : t.partitions()) {
                offsets.put(new TopicPartition(t.name(), p.partitionIndex()), p.offset());
            }
        }
        return CompletableFuture.supplyAsync(() -> delete(offsets), ioExecutor);
    }

    private DeleteRecordsResponseData delete(Map<TopicPartition, Long> offsets) {
        Map<String, DeleteRecordsTopicResult> topics = new LinkedHashMap<>();
        boolean moved = false;
        for (Map.Entry<TopicPartition, Long> e : offsets.entrySet()) {
            TopicPartition tp = e.getKey();
            long lowWatermark = -1;
            Errors error = Errors.NONE;
            try {
                if (TopicNames.isInternal(tp.topic())) {
                    throw Errors.INVALID_TOPIC_EXCEPTION.exception("Cannot delete records of internal topic " + tp.topic());
                }
                long before = replicaManager.partition(tp).map(p -> p.log() == null ? -1 : p.log().logStartOffset())
                        .orElse(-1L);
                lowWatermark = replicaManager.deleteRecords(tp, e.getValue());
                moved |= lowWatermark != before;
            } catch (ApiException ex) {
                LOG.debug("DeleteRecords of {} before {} refused: {}", tp, e.getValue(), ex.getMessage());
                error = ex.error();
            } catch (RuntimeException ex) {
                LOG.error("DeleteRecords of {} before {} failed", tp, e.getValue(), ex);
                error = Errors.forException(ex);
            }
            topics.computeIfAbsent(tp.topic(), name -> new DeleteRecordsTopicResult().setName(name)).partitions()
                    .add(new DeleteRecordsPartitionResult().setPartitionIndex(tp.partition())
                            .setLowWatermark(error == Errors.NONE ? lowWatermark : -1).setErrorCode(error.code()));
        }
        if (moved) {
            checkpointLogStartOffsets.run();
        }
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        response.topics().addAll(topics.values());
        return response;
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, DeleteRecordsRequestData request, Errors error) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsTopic t : request.topics()) {
            DeleteRecordsTopicResult topic = new DeleteRecordsTopicResult().setName(t.name());
            t.partitions().forEach(p -> topic.partitions().add(new DeleteRecordsPartitionResult()
                    .setPartitionIndex(p.partitionIndex()).setLowWatermark(-1).setErrorCode(error.code())));
            response.topics().add(topic);
        }
        return response;
    }
}
