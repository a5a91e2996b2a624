package io.skiff.broker.handler;

import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ListPartitionReassignmentsRequestData;
import io.skiff.wire.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import io.skiff.wire.message.ListPartitionReassignmentsResponseData;
import io.skiff.wire.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import io.skiff.wire.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ListPartitionReassignments (api key 46): the reassignments in progress, read from the topics' assignments
 * ({@code adding_replicas} / {@code removing_replicas} of {@code /brokers/topics/<t>}); a partition is being
 * reassigned while either list is non-empty, and is reported with its full replica list and both lists. A null topic
 * list means every topic. As in Kafka's controller, topics and partitions that do not exist, and partitions not being
 * reassigned, are silently left out, and a topic is listed only with at least one partition. Reads one snapshot;
 * thread-safe.
 */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequestData> {
    private final AdminStore store;

    public ListPartitionReassignmentsHandler(AdminStore store) {
        this.store = store;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletionStage<ListPartitionReassignmentsResponseData> handle(
            RequestContext context, ListPartitionReassignmentsRequestData request) {
        ClusterSnapshot cluster = store.cluster();
        ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null);
        if (request.topics() == null) {
            for (String name : new TreeSet<>(cluster.topics().keySet())) {
                TopicAssignment topic = cluster.topics().get(name);
                add(response, topic, new ArrayList<>(topic.partitions().keySet()));
            }
        } else {
            for (ListPartitionReassignmentsTopics wanted : request.topics()) {
                TopicAssignment topic = cluster.topics().get(wanted.name());
                if (topic != null) {
                    add(response, topic, wanted.partitionIndexes());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static void add(ListPartitionReassignmentsResponseData response, TopicAssignment topic,
                            List<Integer> partitions) {
        OngoingTopicReassignment ongoing = new OngoingTopicReassignment().setName(topic.topic());
        for (int p : partitions) {
            List<Integer> adding = topic.addingReplicas().getOrDefault(p, List.of());
            List<Integer> removing = topic.removingReplicas().getOrDefault(p, List.of());
            if (topic.partitions().containsKey(p) && (!adding.isEmpty() || !removing.isEmpty())) {
                ongoing.partitions().add(new OngoingPartitionReassignment()
                        .setPartitionIndex(p)
                        .setReplicas(new ArrayList<>(topic.replicas(p)))
                        .setAddingReplicas(new ArrayList<>(adding))
                        .setRemovingReplicas(new ArrayList<>(removing)));
            }
        }
        if (!ongoing.partitions().isEmpty()) {
            response.topics().add(ongoing);
        }
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ListPartitionReassignmentsRequestData request,
                                    Errors error) {
        ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData()
                .setErrorCode(error.code())
                .setErrorMessage(error.message());
        if (request.topics() != null) {
            for (ListPartitionReassignmentsTopics t : request.topics()) {
                OngoingTopicReassignment topic = new OngoingTopicReassignment().setName(t.name());
                t.partitionIndexes().forEach(p -> topic.partitions().add(new OngoingPartitionReassignment()
                        .setPartitionIndex(p)));
                response.topics().add(topic);
            }
        }
        return response;
    }
}
