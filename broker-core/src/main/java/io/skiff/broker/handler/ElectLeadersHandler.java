package io.skiff.broker.handler;

import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.log.TopicPartition;
import io.skiff.replication.controller.LeaderElection;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ElectLeadersRequestData;
import io.skiff.wire.message.ElectLeadersRequestData.TopicPartitions;
import io.skiff.wire.message.ElectLeadersResponseData;
import io.skiff.wire.message.ElectLeadersResponseData.PartitionResult;
import io.skiff.wire.message.ElectLeadersResponseData.ReplicaElectionResult;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ElectLeaders (api key 43), every version: preferred or (v1+) unclean leader election, carried out by the controller
 * (see {@link LeaderElection} for the rules). Answers as Kafka's controller does: one result per requested partition
 * (ELECTION_NOT_NEEDED where the wanted leader already leads, UNKNOWN_TOPIC_OR_PARTITION for a partition that does not
 * exist); with a null partition list every partition of every topic is elected and only partitions that were elected
 * or failed are listed, under every topic. An unknown election type fails the request with INVALID_REQUEST, a broker
 * that is not the controller answers NOT_CONTROLLER (the admin client then finds the controller and retries); v1+
 * carry that in the top-level error. Thread-safe.
 */
public final class ElectLeadersHandler implements ApiHandler<ElectLeadersRequestData> {
    /** The controller's election: outcomes by partition, or a failed stage (NOT_CONTROLLER). */
    @FunctionalInterface
    public interface Elector {
        /** @param partitions the partitions to elect, or null for every partition */
        CompletableFuture<Map<TopicPartition, LeaderElection.Outcome>> elect(
                LeaderElection.Type type, Collection<TopicPartition> partitions);
    }

    private final Elector elector;

    public ElectLeadersHandler(Elector elector) {
        this.elector = elector;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.ELECT_LEADERS;
    }

    @Override
    public CompletionStage<ElectLeadersResponseData> handle(RequestContext context, ElectLeadersRequestData request) {
        LeaderElection.Type type = context.apiVersion() == 0 ? LeaderElection.Type.PREFERRED
                : LeaderElection.Type.forCode(request.electionType());
        if (type == null) {
            throw Errors.INVALID_REQUEST.exception("Unknown election type " + request.electionType());
        }
        List<TopicPartition> wanted = null;
        if (request.topicPartitions() != null) {
            wanted = new ArrayList<>();
            for (TopicPartitions t : request.topicPartitions()) {
                for (int p : t.partitions()) {
                    wanted.add(new TopicPartition(t.topic(), p));
                }
            }
        }
        return elector.elect(type, wanted).thenApply(outcomes -> {
            ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
            if (request.topicPartitions() != null) {
                for (TopicPartitions t : request.topicPartitions()) {
                    ReplicaElectionResult topic = new ReplicaElectionResult().setTopic(t.topic());
                    t.partitions().forEach(p -> topic.partitionResult().add(
                            result(p, outcomes.get(new TopicPartition(t.topic(), p)))));
                    response.replicaElectionResults().add(topic);
                }
                return response;
            }
            Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
            outcomes.forEach((tp, outcome) -> {
                ReplicaElectionResult topic = byTopic.computeIfAbsent(tp.topic(),
                        name -> new ReplicaElectionResult().setTopic(name));
                if (outcome.error() != Errors.ELECTION_NOT_NEEDED) {
                    topic.partitionResult().add(result(tp.partition(), outcome));
                }
            });
            response.replicaElectionResults().addAll(byTopic.values());
            return response;
        });
    }

    private static PartitionResult result(int partition, LeaderElection.Outcome outcome) {
        Errors error = outcome == null ? Errors.UNKNOWN_SERVER_ERROR : outcome.error();
        String message = outcome != null && outcome.message() != null ? outcome.message()
                : error == Errors.NONE ? null : error.message();
        return new PartitionResult().setPartitionId(partition).setErrorCode(error.code()).setErrorMessage(message);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, ElectLeadersRequestData request, Errors error) {
        ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(error.code());
        if (request.topicPartitions() != null) {
            for (TopicPartitions t : request.topicPartitions()) {
                ReplicaElectionResult topic = new ReplicaElectionResult().setTopic(t.topic());
                t.partitions().forEach(p -> topic.partitionResult().add(new PartitionResult().setPartitionId(p)
                        .setErrorCode(error.code()).setErrorMessage(error.message())));
                response.replicaElectionResults().add(topic);
            }
        }
        return response;
    }
}
