package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.TopicCreator;
import io.skiff.broker.admin.TopicDefaults;
import io.skiff.broker.admin.TopicNames;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.MetadataRequestData;
import io.skiff.wire.message.MetadataResponseData;
import io.skiff.wire.message.MetadataResponseData.MetadataResponseBroker;
import io.skiff.wire.message.MetadataResponseData.MetadataResponsePartition;
import io.skiff.wire.message.MetadataResponseData.MetadataResponseTopic;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Metadata (api key 3), every version: brokers reachable on the request's listener, cluster and controller
 * ids, and per topic its id, partitions, leaders, leader epochs, replicas, ISR and offline replicas.
 *
 * <p>Topic selection: a null list (v1+) or an empty one (v0) means every topic; otherwise the named topics,
 * or (v10+) topics by id. An unknown, legal name is auto-created with the broker defaults when
 * {@code auto.create.topics.enable} is on and the request allows it (always before v4); the answer for it is
 * then LEADER_NOT_AVAILABLE, since the controller has not elected leaders yet, and the client retries.
 *
 * <p>Reads one snapshot per request, so the answer is internally consistent. Thread-safe.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequestData> {
    private final AdminStore store;
    private final TopicCreator creator;
    private final String clusterId;
    private final boolean autoCreateEnabled;

    public MetadataHandler(BrokerServices services) {
        this(AdminStore.of(services.store(), services.metadata()), services);
    }

    private MetadataHandler(AdminStore store, BrokerServices services) {
        this(store, new TopicCreator(store, () -> TopicDefaults.from(services.topicConfigs().brokerConfig()), new SecureRandom()),
                services.clusterId(), services.config().get(BrokerConfigs.AUTO_CREATE_TOPICS_ENABLE));
    }

    public MetadataHandler(AdminStore store, TopicCreator creator, String clusterId, boolean autoCreateEnabled) {
        this.store = store;
        this.creator = creator;
        this.clusterId = clusterId;
        this.autoCreateEnabled = autoCreateEnabled;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.METADATA;
    }

    @Override
    public CompletionStage<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        short version = context.apiVersion();
        ClusterSnapshot cluster = store.cluster();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(clusterId)
                .setControllerId(ClusterView.controllerId(cluster));
        for (ClusterView.Node node : ClusterView.nodes(cluster, context.listenerName())) {
            response.brokers().add(new MetadataResponseBroker()
                    .setNodeId(node.id()).setHost(node.host()).setPort(node.port()).setRack(node.rack()));
        }
        if (request.includeClusterAuthorizedOperations() && version >= 8 && version <= 10) {
            response.setClusterAuthorizedOperations(ClusterView.ALL_CLUSTER_OPERATIONS);
        }
        boolean topicOps = request.includeTopicAuthorizedOperations() && version >= 8;
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            for (String name : new TreeSet<>(cluster.topics().keySet())) {
                response.topics().add(describe(cluster, cluster.topics().get(name), topicOps));
            }
            return CompletableFuture.completedFuture(response);
        }
        boolean mayCreate = autoCreateEnabled && (version < 4 || request.allowAutoTopicCreation());
        List<CompletableFuture<MetadataResponseTopic>> pending = new ArrayList<>();
        for (MetadataRequestData.MetadataRequestTopic wanted : request.topics()) {
            pending.add(lookup(cluster, wanted, version, mayCreate, topicOps).toCompletableFuture());
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            pending.forEach(p -> response.topics().add(p.join()));
            return response;
        });
    }

    private CompletionStage<MetadataResponseTopic> lookup(
            ClusterSnapshot cluster, MetadataRequestData.MetadataRequestTopic wanted, short version, boolean mayCreate,
            boolean topicOps) {
        String name = wanted.name();
        if (name == null) {
            // By id (v10+). The response's name is nullable only from v12; before that an unknown id gets "".
            return CompletableFuture.completedFuture(ClusterView.topicById(cluster, wanted.topicId())
                    .map(t -> describe(cluster, t, topicOps))
                    .orElseGet(() -> new MetadataResponseTopic()
                            .setName(version >= 12 ? null : "")
                            .setTopicId(wanted.topicId())
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
        }
        TopicAssignment assignment = cluster.topics().get(name);
        if (assignment != null) {
            return CompletableFuture.completedFuture(describe(cluster, assignment, topicOps));
        }
        if (TopicNames.invalidReason(name).isPresent()) {
            return CompletableFuture.completedFuture(failed(name, Errors.INVALID_TOPIC_EXCEPTION));
        }
        if (!mayCreate) {
            return CompletableFuture.completedFuture(failed(name, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        CompletionStage<TopicCreator.Created> creation;
        try {
            creation = creator.autoCreate(name);
        } catch (ApiException e) {
            creation = CompletableFuture.failedFuture(e);
        }
        return creation.handle((created, error) -> {
            Errors outcome = error == null ? Errors.LEADER_NOT_AVAILABLE : Errors.forException(AdminStore.translate(error));
            if (outcome == Errors.TOPIC_ALREADY_EXISTS) {
                outcome = Errors.LEADER_NOT_AVAILABLE; // someone else created it a moment ago: same answer
            }
            MetadataResponseTopic topic = failed(name, outcome).setIsInternal(TopicNames.isInternal(name));
            if (created != null) {
                topic.setTopicId(ClusterView.toWire(created.topicId()));
            }
            return topic;
        });
    }

    private static MetadataResponseTopic failed(String name, Errors error) {
        return new MetadataResponseTopic().setName(name).setErrorCode(error.code());
    }

    private static MetadataResponseTopic describe(ClusterSnapshot cluster, TopicAssignment assignment, boolean topicOps) {
        MetadataResponseTopic topic = new MetadataResponseTopic()
                .setName(assignment.topic())
                .setTopicId(ClusterView.toWire(assignment.topicId()))
                .setIsInternal(TopicNames.isInternal(assignment.topic()));
        if (topicOps) {
            topic.setTopicAuthorizedOperations(ClusterView.ALL_TOPIC_OPERATIONS);
        }
        Map<Integer, PartitionState> states = cluster.states().getOrDefault(assignment.topic(), Map.of());
        assignment.partitions().forEach((partition, replicas) ->
                topic.partitions().add(partition(cluster, partition, replicas, states.get(partition))));
        return topic;
    }

    private static MetadataResponsePartition partition(
            ClusterSnapshot cluster, int partition, List<Integer> replicas, PartitionState state) {
        List<Integer> offline = replicas.stream().filter(r -> !cluster.brokers().containsKey(r)).toList();
        MetadataResponsePartition result = new MetadataResponsePartition()
                .setPartitionIndex(partition)
                .setReplicaNodes(new ArrayList<>(replicas))
                .setOfflineReplicas(new ArrayList<>(offline));
        if (state == null || state.leader() == PartitionState.NO_LEADER || !cluster.brokers().containsKey(state.leader())) {
            // Not elected yet, or its leader is gone and the controller has not moved it: the client retries.
            return result.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code())
                    .setLeaderId(PartitionState.NO_LEADER)
                    .setLeaderEpoch(state == null ? -1 : state.leaderEpoch())
                    .setIsrNodes(state == null ? new ArrayList<>() : new ArrayList<>(state.isr()));
        }
        return result.setErrorCode(Errors.NONE.code())
                .setLeaderId(state.leader())
                .setLeaderEpoch(state.leaderEpoch())
                .setIsrNodes(new ArrayList<>(state.isr()));
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, MetadataRequestData request, Errors error) {
        MetadataResponseData response = new MetadataResponseData();
        if (request.topics() != null) {
            for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
                response.topics().add(new MetadataResponseTopic()
                        .setName(t.name() == null && context.apiVersion() < 12 ? "" : t.name())
                        .setTopicId(t.topicId())
                        .setErrorCode(error.code()));
            }
        }
        return response;
    }
}
