package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.SnapshotWaiter;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.DeleteTopicsRequestData;
import io.skiff.wire.message.DeleteTopicsRequestData.DeleteTopicState;
import io.skiff.wire.message.DeleteTopicsResponseData;
import io.skiff.wire.message.DeleteTopicsResponseData.DeletableTopicResult;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import io.skiff.wire.protocol.Uuid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DeleteTopics (api key 20): by name, or from v6 by name or topic id. Each topic is marked for deletion in
 * ZooKeeper ({@code /admin/delete_topics/<topic>}, as Kafka's tools do); the controller removes it and each
 * broker drops its logs when the topic leaves the cluster view. The answer waits, up to the request's
 * timeout, until the topics are gone, so a client may re-create one at once; a topic still present then is
 * answered REQUEST_TIMED_OUT (its deletion goes on).
 *
 * <p>Refusals: TOPIC_DELETION_DISABLED when {@code delete.topic.enable=false}; UNKNOWN_TOPIC_OR_PARTITION /
 * UNKNOWN_TOPIC_ID for topics that do not exist; INVALID_REQUEST for an entry naming both a name and an id
 * or a topic listed twice. Thread-safe.
 */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequestData> {
    private final AdminStore store;
    private final SnapshotWaiter waiter;
    private final boolean deletionEnabled;

    public DeleteTopicsHandler(BrokerServices services) {
        this(AdminStore.of(services.store(), services.metadata()), services);
    }

    private DeleteTopicsHandler(AdminStore store, BrokerServices services) {
        this(store, new SnapshotWaiter(store::cluster, services.timer()),
                services.config().get(BrokerConfigs.DELETE_TOPIC_ENABLE));
    }

    public DeleteTopicsHandler(AdminStore store, SnapshotWaiter waiter, boolean deletionEnabled) {
        this.store = store;
        this.waiter = waiter;
        this.deletionEnabled = deletionEnabled;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.DELETE_TOPICS;
    }

    @Override
    public CompletionStage<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        ClusterSnapshot cluster = store.cluster();
        List<DeleteTopicState> targets = targets(context.apiVersion(), request);
        Set<String> seenNames = new HashSet<>();
        Set<Uuid> seenIds = new HashSet<>();
        List<CompletableFuture<DeletableTopicResult>> results = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        for (DeleteTopicState target : targets) {
            DeletableTopicResult result = new DeletableTopicResult()
                    .setName(target.name())
                    .setTopicId(target.topicId() == null ? Uuid.ZERO_UUID : target.topicId())
                    .setErrorMessage(null);
            Errors refusal = Errors.NONE;
            String message = null;
            boolean byId = !ClusterView.isZero(target.topicId());
            Optional<TopicAssignment> topic = Optional.empty();
            if (!deletionEnabled) {
                refusal = Errors.TOPIC_DELETION_DISABLED;
                message = "Topic deletion is disabled.";
            } else if (byId && target.name() != null) {
                refusal = Errors.INVALID_REQUEST;
                message = "You may not specify both topic name and topic id.";
            } else if (byId ? !seenIds.add(target.topicId()) : !seenNames.add(target.name())) {
                refusal = Errors.INVALID_REQUEST;
                message = byId ? "Duplicate topic id." : "Duplicate topic name.";
            } else {
                topic = byId ? ClusterView.topicById(cluster, target.topicId())
                        : Optional.ofNullable(target.name()).map(cluster.topics()::get);
                if (topic.isEmpty()) {
                    refusal = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    message = refusal.message();
                }
            }
            if (refusal != Errors.NONE) {
                results.add(CompletableFuture.completedFuture(
                        result.setErrorCode(refusal.code()).setErrorMessage(message)));
                continue;
            }
            TopicAssignment found = topic.get();
            result.setName(found.topic()).setTopicId(ClusterView.toWire(found.topicId()));
            results.add(store.markTopicForDeletion(found.topic()).handle((ok, error) -> {
                if (error != null) {
                    var api = AdminStore.translate(error);
                    return result.setErrorCode(api.error().code()).setErrorMessage(api.getMessage());
                }
                synchronized (marked) {
                    marked.add(found.topic());
                }
                return result.setErrorCode(Errors.NONE.code());
            }).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> marked.isEmpty() || request.timeoutMs() <= 0
                        ? CompletableFuture.completedFuture(true)
                        : waiter.await(SnapshotWaiter.topicsGone(List.copyOf(marked)), request.timeoutMs()))
                .thenApply(gone -> {
                    DeleteTopicsResponseData response = new DeleteTopicsResponseData();
                    ClusterSnapshot now = waiter.cluster();
                    for (CompletableFuture<DeletableTopicResult> f : results) {
                        DeletableTopicResult r = f.join();
                        if (!gone && marked.contains(r.name()) && now.topics().containsKey(r.name())) {
                            r.setErrorCode(Errors.REQUEST_TIMED_OUT.code())
                                    .setErrorMessage("Timed out waiting for topic " + r.name() + " to be deleted");
                        }
                        response.responses().add(r);
                    }
                    return response;
                });
    }

    private static List<DeleteTopicState> targets(short version, DeleteTopicsRequestData request) {
        if (version >= 6) {
            return request.topics();
        }
        List<DeleteTopicState> byName = new ArrayList<>();
        request.topicNames().forEach(n -> byName.add(new DeleteTopicState().setName(n).setTopicId(Uuid.ZERO_UUID)));
        return byName;
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, DeleteTopicsRequestData request, Errors error) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        for (DeleteTopicState t : targets(context.apiVersion(), request)) {
            response.responses().add(new DeletableTopicResult()
                    .setName(t.name())
                    .setTopicId(t.topicId() == null ? Uuid.ZERO_UUID : t.topicId())
                    .setErrorCode(error.code())
                    .setErrorMessage(error.message()));
        }
        return response;
    }
}
