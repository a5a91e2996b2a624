package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.TopicDefaults;
import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.TopicCreator;
import io.skiff.broker.admin.TopicNames;
import io.skiff.broker.coordinator.group.GroupConfig;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.PartitionState;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.FindCoordinatorRequestData;
import io.skiff.wire.message.FindCoordinatorResponseData;
import io.skiff.wire.message.FindCoordinatorResponseData.Coordinator;
import io.skiff.wire.protocol.Errors;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FindCoordinator (api key 10), v0-v6, single key (v0-v3) or batched {@code coordinatorKeys} (v4+).
 * A group's coordinator is the leader of {@code __consumer_offsets} partition
 * {@code abs(groupId.hashCode()) % offsets.topic.num.partitions}. The first lookup creates the topic
 * (replication factor capped at the live brokers, as Kafka's auto-creation does) and, like every lookup
 * while the partition has no live leader, answers COORDINATOR_NOT_AVAILABLE so the client retries.
 * Transaction coordinators do not exist yet: COORDINATOR_NOT_AVAILABLE. Thread-safe.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(FindCoordinatorHandler.class);
    private static final byte GROUP = 0;
    private static final byte TRANSACTION = 1;
    private static final short BATCHED_VERSION = 4;

    private final AdminStore store;
    private final TopicCreator creator;
    private final GroupConfig config;
    private final AtomicBoolean creating = new AtomicBoolean();

    public FindCoordinatorHandler(AdminStore store, TopicCreator creator, GroupConfig config) {
        this.store = store;
        this.creator = creator;
        this.config = config;
    }

    /** The handler of a running broker. */
    public static FindCoordinatorHandler create(BrokerServices services, GroupConfig config) {
        AdminStore store = AdminStore.of(services.store(), services.metadata());
        return new FindCoordinatorHandler(store,
                new TopicCreator(store, () -> TopicDefaults.from(services.topicConfigs().brokerConfig()), new SecureRandom()), config);
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.FIND_COORDINATOR;
    }

    @Override
    public CompletionStage<FindCoordinatorResponseData> handle(RequestContext context,
                                                               FindCoordinatorRequestData request) {
        ClusterSnapshot cluster = store.cluster();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() < BATCHED_VERSION) {
            Coordinator c = lookup(cluster, context.listenerName(), request.key(), request.keyType());
            response.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage())
                    .setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
        } else {
            for (String key : request.coordinatorKeys()) {
                response.coordinators().add(lookup(cluster, context.listenerName(), key, request.keyType()));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private Coordinator lookup(ClusterSnapshot cluster, String listener, String key, byte keyType) {
        if (keyType == TRANSACTION) {
            return failed(key, Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (keyType != GROUP) {
            return failed(key, Errors.INVALID_REQUEST).setErrorMessage("Unknown coordinator key type " + keyType);
        }
        if (key == null) {
            return failed(key, Errors.INVALID_REQUEST);
        }
        if (!cluster.topics().containsKey(TopicNames.GROUP_METADATA_TOPIC)) {
            createOffsetsTopic(cluster);
            return failed(key, Errors.COORDINATOR_NOT_AVAILABLE);
        }
        Optional<PartitionState> state = cluster.state(TopicNames.GROUP_METADATA_TOPIC, config.partitionFor(key));
        if (state.isEmpty() || state.get().leader() == PartitionState.NO_LEADER) {
            return failed(key, Errors.COORDINATOR_NOT_AVAILABLE);
        }
        int leader = state.get().leader();
        return ClusterView.nodes(cluster, listener).stream()
                .filter(n -> n.id() == leader)
                .findFirst()
                .map(n -> new Coordinator().setKey(key).setNodeId(n.id()).setHost(n.host()).setPort(n.port())
                        .setErrorCode(Errors.NONE.code()))
                .orElseGet(() -> failed(key, Errors.COORDINATOR_NOT_AVAILABLE));
    }

    private void createOffsetsTopic(ClusterSnapshot cluster) {
        if (!creating.compareAndSet(false, true)) {
            return;
        }
        TopicCreator.Request defaults = creator.defaults().autoCreateRequest(TopicNames.GROUP_METADATA_TOPIC);
        short factor = (short) Math.max(1, Math.min(defaults.replicationFactor(), cluster.brokers().size()));
        TopicCreator.Request request = TopicCreator.Request.of(defaults.name(), defaults.numPartitions(), factor,
                defaults.configs());
        CompletionStage<TopicCreator.Created> creation;
        try {
            creation = creator.create(request, false);
        } catch (RuntimeException e) {
            creation = CompletableFuture.failedFuture(e);
        }
        creation.whenComplete((created, error) -> {
            creating.set(false);
            if (error != null && Errors.forException(AdminStore.translate(error)) != Errors.TOPIC_ALREADY_EXISTS) {
                LOG.error("Cannot create {}", TopicNames.GROUP_METADATA_TOPIC, error);
            } else if (error == null) {
                LOG.info("Created {} with {} partitions, replication factor {}", created.name(),
                        created.numPartitions(), factor);
            }
        });
    }

    private static Coordinator failed(String key, Errors error) {
        return new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1).setErrorCode(error.code())
                .setErrorMessage(error.message());
    }

    @Override
    public FindCoordinatorResponseData errorResponse(RequestContext context, FindCoordinatorRequestData request,
                                                     Errors error) {
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() < BATCHED_VERSION) {
            return response.setErrorCode(error.code()).setNodeId(-1).setHost("").setPort(-1);
        }
        for (String key : request.coordinatorKeys()) {
            response.coordinators().add(failed(key, error));
        }
        return response;
    }
}
