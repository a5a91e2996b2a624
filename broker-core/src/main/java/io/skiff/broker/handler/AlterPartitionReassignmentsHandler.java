package io.skiff.broker.handler;

import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.AlterPartitionReassignmentsRequestData;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import io.skiff.wire.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import io.skiff.wire.message.AlterPartitionReassignmentsResponseData;
import io.skiff.wire.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import io.skiff.wire.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * AlterPartitionReassignments (api key 45), every version, with Kafka's controller's validation and errors for
 * each partition: UNKNOWN_TOPIC_OR_PARTITION for a topic or partition that does not exist; for a cancellation
 * (null replicas) of a partition not being reassigned, NO_REASSIGNMENT_IN_PROGRESS; for a target list,
 * INVALID_REPLICA_ASSIGNMENT when it is empty, names a broker twice or names a broker that is not registered,
 * and (v1+, KIP-860) INVALID_REPLICATION_FACTOR when it changes the replica count while the request forbids that.
 *
 * <p>A valid target equal to the partition's current replicas is the reassignment Kafka completes at once (what
 * {@code kafka-reassign-partitions --execute} asks for on a single broker). Moving or reordering replicas needs
 * data copied between brokers, which this broker does not do yet: such a target is refused with
 * INVALID_REPLICA_ASSIGNMENT saying so, and nothing changes. Reads one snapshot; thread-safe.
 */
public final class AlterPartitionReassignmentsHandler implements ApiHandler<AlterPartitionReassignmentsRequestData> {
    private final AdminStore store;

    public AlterPartitionReassignmentsHandler(AdminStore store) {
        this.store = store;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletionStage<AlterPartitionReassignmentsResponseData> handle(
            RequestContext context, AlterPartitionReassignmentsRequestData request) {
        ClusterSnapshot cluster = store.cluster();
        boolean allowRfChange = context.apiVersion() < 1 || request.allowReplicationFactorChange();
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setAllowReplicationFactorChange(allowRfChange)
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null);
        for (ReassignableTopic t : request.topics()) {
            ReassignableTopicResponse topicResponse = new ReassignableTopicResponse().setName(t.name());
            TopicAssignment topic = cluster.topics().get(t.name());
            for (ReassignablePartition p : t.partitions()) {
                Outcome outcome = topic == null
                        ? new Outcome(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Unable to find topic " + t.name())
                        : validate(cluster, topic, p, allowRfChange);
                topicResponse.partitions().add(new ReassignablePartitionResponse()
                        .setPartitionIndex(p.partitionIndex())
                        .setErrorCode(outcome.error().code())
                        .setErrorMessage(outcome.message()));
            }
            response.responses().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    private record Outcome(Errors error, String message) {
        static final Outcome DONE = new Outcome(Errors.NONE, null);
    }

    private static Outcome validate(ClusterSnapshot cluster, TopicAssignment topic, ReassignablePartition p,
                                    boolean allowRfChange) {
        int partition = p.partitionIndex();
        if (!topic.partitions().containsKey(partition)) {
            return new Outcome(Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    "Unable to find partition " + topic.topic() + ":" + partition + ".");
        }
        boolean ongoing = !topic.addingReplicas().getOrDefault(partition, List.of()).isEmpty()
                || !topic.removingReplicas().getOrDefault(partition, List.of()).isEmpty();
        List<Integer> current = topic.replicas(partition);
        List<Integer> target = p.replicas();
        if (target == null) {
            return ongoing
                    ? new Outcome(Errors.INVALID_REPLICA_ASSIGNMENT, "Cancelling the reassignment of "
                            + topic.topic() + "-" + partition + " is not supported by this broker yet.")
                    : new Outcome(Errors.NO_REASSIGNMENT_IN_PROGRESS, null);
        }
        if (target.isEmpty()) {
            return new Outcome(Errors.INVALID_REPLICA_ASSIGNMENT,
                    "The manual partition assignment includes an empty replica list.");
        }
        Set<Integer> seen = new HashSet<>();
        for (int broker : target) {
            if (!seen.add(broker)) {
                return new Outcome(Errors.INVALID_REPLICA_ASSIGNMENT,
                        "The manual partition assignment includes the broker " + broker + " more than once.");
            }
            if (!cluster.brokers().containsKey(broker)) {
                return new Outcome(Errors.INVALID_REPLICA_ASSIGNMENT, "The manual partition assignment includes broker "
                        + broker + ", but no broker with that ID is registered.");
            }
        }
        if (!allowRfChange && target.size() != current.size()) {
            return new Outcome(Errors.INVALID_REPLICATION_FACTOR, "The replication factor is changed from "
                    + current.size() + " to " + target.size() + " but allowReplicationFactorChange is false.");
        }
        if (target.equals(current) && !ongoing) {
            return Outcome.DONE;
        }
        return new Outcome(Errors.INVALID_REPLICA_ASSIGNMENT, "Moving or reordering the replicas of " + topic.topic()
                + "-" + partition + " (now " + current + ") is not supported by this broker yet.");
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, AlterPartitionReassignmentsRequestData request,
                                    Errors error) {
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setErrorCode(error.code())
                .setErrorMessage(error.message());
        for (ReassignableTopic t : request.topics()) {
            ReassignableTopicResponse topic = new ReassignableTopicResponse().setName(t.name());
            t.partitions().forEach(p -> topic.partitions().add(new ReassignablePartitionResponse()
                    .setPartitionIndex(p.partitionIndex())
                    .setErrorCode(error.code())
                    .setErrorMessage(error.message())));
            response.responses().add(topic);
        }
        return response;
    }
}
