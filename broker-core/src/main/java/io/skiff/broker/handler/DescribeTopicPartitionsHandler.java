package io.skiff.broker.handler;

import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.TopicNames;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DescribeTopicPartitionsRequestData;
import io.skiff.wire.message.DescribeTopicPartitionsResponseData;
import io.skiff.wire.message.DescribeTopicPartitionsResponseData.Cursor;
import io.skiff.wire.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import io.skiff.wire.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * DescribeTopicPartitions (api key 75, KIP-966), what the 4.x admin client's {@code describeTopics} (and so
 * {@code kafka-topics --describe}) asks: topics in name order, each with its id and partitions (leader, leader epoch,
 * replicas, ISR, offline replicas, and the eligible leader replicas and last known ELR, always empty: this broker has
 * no ELR), paged as Kafka pages them.
 *
 * <p>Paging: at most {@code min(max.request.partition.size.limit, ResponsePartitionLimit)} (at least 1) partitions per
 * answer. Topics (all of them when the request names none) whose name sorts at or after the cursor's topic are walked
 * in name order, the cursor's topic from the cursor's partition; when the budget runs out inside a topic, the answer
 * ends with that topic and a next cursor at its first partition not sent; when it runs out at a topic boundary, the
 * next cursor points at the next topic's partition 0. A named topic that does not exist is answered
 * UNKNOWN_TOPIC_OR_PARTITION (INVALID_TOPIC_EXCEPTION for an illegal name) in its place; with no names, only existing
 * topics are listed. A cursor whose partition is negative, or whose topic is missing from a non-empty topic list,
 * fails the request with INVALID_REQUEST.
 *
 * <p>Authorized operations: every topic operation (no authorizer is configured), as Kafka reports them. Leaders whose
 * broker is gone (or lacks the request's listener) are reported as -1 without a partition error, as Kafka does.
 * Reads one snapshot; thread-safe.
 */
public final class DescribeTopicPartitionsHandler implements ApiHandler<DescribeTopicPartitionsRequestData> {
    private final AdminStore store;
    private final int maxPartitionsPerResponse;

    /** @param maxPartitionsPerResponse {@code max.request.partition.size.limit} */
    public DescribeTopicPartitionsHandler(AdminStore store, int maxPartitionsPerResponse) {
        this.store = store;
        this.maxPartitionsPerResponse = maxPartitionsPerResponse;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public CompletionStage<DescribeTopicPartitionsResponseData> handle(
            RequestContext context, DescribeTopicPartitionsRequestData request) {
        ClusterSnapshot cluster = store.cluster();
        boolean all = request.topics().isEmpty();
        DescribeTopicPartitionsRequestData.Cursor cursor = request.cursor();
        String cursorTopic = cursor == null ? "" : cursor.topicName();
        TreeSet<String> topics = new TreeSet<>();
        if (all) {
            cluster.topics().keySet().stream().filter(n -> n.compareTo(cursorTopic) >= 0).forEach(topics::add);
        } else {
            request.topics().stream().map(DescribeTopicPartitionsRequestData.TopicRequest::name)
                    .filter(n -> n != null && n.compareTo(cursorTopic) >= 0).forEach(topics::add);
            if (cursor != null && !topics.contains(cursor.topicName())) {
                throw Errors.INVALID_REQUEST.exception(
                        "DescribeTopicPartitionsRequest topic list should contain the cursor topic: " + cursorTopic);
            }
        }
        if (cursor != null && cursor.partitionIndex() < 0) {
            throw Errors.INVALID_REQUEST.exception("DescribeTopicPartitionsRequest cursor partition must be valid: "
                    + cursor);
        }
        Set<Integer> reachable = ClusterView.nodes(cluster, context.listenerName()).stream()
                .map(ClusterView.Node::id).collect(Collectors.toSet());
        long remaining = Math.max(Math.min(maxPartitionsPerResponse, request.responsePartitionLimit()), 1);
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        for (String name : topics) {
            if (remaining == 0) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(0));
                break;
            }
            TopicAssignment topic = cluster.topics().get(name);
            if (topic == null) {
                if (!all) {
                    Errors error = TopicNames.invalidReason(name).isPresent() ? Errors.INVALID_TOPIC_EXCEPTION
                            : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    response.topics().add(topic(name, Uuid.ZERO_UUID, error, List.of()));
                }
                continue;
            }
            int first = cursor != null && name.equals(cursorTopic) ? cursor.partitionIndex() : 0;
            int size = topic.partitions().size();
            int upper = (int) Math.min(size, first + remaining);
            List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>();
            Map<Integer, PartitionState> states = cluster.states().getOrDefault(name, Map.of());
            for (int p = first; p < upper; p++) {
                List<Integer> replicas = topic.partitions().get(p);
                if (replicas != null) {
                    partitions.add(partition(p, replicas, states.get(p), reachable));
                }
            }
            response.topics().add(topic(name, ClusterView.toWire(topic.topicId()), Errors.NONE, partitions));
            if (upper < size) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(upper));
                break;
            }
            remaining -= partitions.size();
        }
        return CompletableFuture.completedFuture(response);
    }

    private static DescribeTopicPartitionsResponseTopic topic(
            String name, Uuid id, Errors error, List<DescribeTopicPartitionsResponsePartition> partitions) {
        return new DescribeTopicPartitionsResponseTopic()
                .setErrorCode(error.code())
                .setName(name)
                .setTopicId(id)
                .setIsInternal(TopicNames.isInternal(name))
                .setPartitions(partitions)
                .setTopicAuthorizedOperations(ClusterView.ALL_TOPIC_OPERATIONS);
    }

    private static DescribeTopicPartitionsResponsePartition partition(
            int index, List<Integer> replicas, PartitionState state, Set<Integer> reachable) {
        int leader = state != null && reachable.contains(state.leader()) ? state.leader() : PartitionState.NO_LEADER;
        return new DescribeTopicPartitionsResponsePartition()
                .setErrorCode(Errors.NONE.code())
                .setPartitionIndex(index)
                .setLeaderId(leader)
                .setLeaderEpoch(state == null ? -1 : state.leaderEpoch())
                .setReplicaNodes(new ArrayList<>(replicas))
                .setIsrNodes(state == null ? new ArrayList<>() : new ArrayList<>(state.isr()))
                .setEligibleLeaderReplicas(new ArrayList<>())
                .setLastKnownElr(new ArrayList<>())
                .setOfflineReplicas(replicas.stream().filter(r -> !reachable.contains(r)).collect(Collectors.toList()));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, DescribeTopicPartitionsRequestData request, Errors error) {
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        request.topics().forEach(t -> response.topics().add(new DescribeTopicPartitionsResponseTopic()
                .setName(t.name()).setErrorCode(error.code()).setIsInternal(false).setPartitions(new ArrayList<>())));
        return response;
    }
}
