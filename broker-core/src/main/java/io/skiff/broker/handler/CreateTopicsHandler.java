package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.ClusterView;
import io.skiff.broker.admin.SnapshotWaiter;
import io.skiff.broker.admin.TopicCreator;
import io.skiff.broker.admin.TopicDefaults;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.CreateTopicsRequestData;
import io.skiff.wire.message.CreateTopicsRequestData.CreatableTopic;
import io.skiff.wire.message.CreateTopicsResponseData;
import io.skiff.wire.message.CreateTopicsResponseData.CreatableTopicConfigs;
import io.skiff.wire.message.CreateTopicsResponseData.CreatableTopicResult;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CreateTopics (api key 19): validates and writes each topic independently (one topic's failure never
 * fails another), then, unless validating only or given a non-positive timeout, waits for the controller
 * to elect leaders of the created topics before answering, as Kafka's admin clients expect: a client that
 * produces right after {@code createTopics().all().get()} must find leaders. Topics still leaderless at the
 * request's timeout are answered REQUEST_TIMED_OUT (they exist; the client may retry describe).
 *
 * <p>v5+ answers carry the topic's partition count, replication factor and effective configs; v7+ its id.
 * A name appearing twice in one request is refused with INVALID_REQUEST. Thread-safe.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequestData> {
    /** DescribeConfigs config sources: a per-topic override, and the built-in default. */
    private static final byte DYNAMIC_TOPIC_CONFIG = 1;
    private static final byte DEFAULT_CONFIG = 5;
    /**
     * Kafka's cap on the partitions one request may create: the assignment of every partition is built in
     * memory and written to ZooKeeper at once, so the cap bounds both. Over it the whole request is refused.
     */
    static final int MAX_PARTITIONS_PER_REQUEST = 10_000;

    private final TopicCreator creator;
    private final SnapshotWaiter waiter;

    public CreateTopicsHandler(BrokerServices services) {
        this(AdminStore.of(services.store(), services.metadata()), services);
    }

    private CreateTopicsHandler(AdminStore store, BrokerServices services) {
        this(new TopicCreator(store, () -> TopicDefaults.from(services.topicConfigs().brokerConfig()), new SecureRandom()),
                new SnapshotWaiter(store::cluster, services.timer()));
    }

    public CreateTopicsHandler(TopicCreator creator, SnapshotWaiter waiter) {
        this.creator = creator;
        this.waiter = waiter;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.CREATE_TOPICS;
    }

    @Override
    public CompletionStage<CreateTopicsResponseData> handle(RequestContext context, CreateTopicsRequestData request) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (CreatableTopic t : request.topics()) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        if (requestedPartitions(request) > MAX_PARTITIONS_PER_REQUEST) {
            CreateTopicsResponseData refused = new CreateTopicsResponseData();
            seen.forEach(name -> refused.topics().add(
                    error(name, Errors.POLICY_VIOLATION, "Excessively large number of partitions per request.")));
            return CompletableFuture.completedFuture(refused);
        }
        Map<String, CompletableFuture<CreatableTopicResult>> results = new LinkedHashMap<>();
        List<String> created = new ArrayList<>(); // guarded by itself: filled as creations complete
        for (CreatableTopic topic : request.topics()) {
            if (results.containsKey(topic.name())) {
                continue;
            }
            if (duplicates.contains(topic.name())) {
                results.put(topic.name(), CompletableFuture.completedFuture(error(topic.name(), Errors.INVALID_REQUEST,
                        "Create topics request from client `" + context.clientId()
                                + "` contains multiple entries for the following topics: " + String.join(",", duplicates))));
                continue;
            }
            results.put(topic.name(), create(topic, request.validateOnly()).thenApply(r -> {
                if (r.errorCode() == Errors.NONE.code()) {
                    synchronized (created) {
                        created.add(r.name());
                    }
                }
                return r;
            }).toCompletableFuture());
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new));
        return all.thenCompose(ignored -> {
            if (request.validateOnly() || request.timeoutMs() <= 0 || created.isEmpty()) {
                return CompletableFuture.completedFuture(true);
            }
            return waiter.await(SnapshotWaiter.leadersElected(List.copyOf(created)), request.timeoutMs());
        }).thenApply(elected -> {
            CreateTopicsResponseData response = new CreateTopicsResponseData();
            for (CompletableFuture<CreatableTopicResult> f : results.values()) {
                CreatableTopicResult r = f.join();
                if (!elected && created.contains(r.name())
                        && !SnapshotWaiter.leadersElected(List.of(r.name())).test(waiter.cluster())) {
                    r = error(r.name(), Errors.REQUEST_TIMED_OUT,
                            "Timed out waiting for leaders of topic " + r.name() + " to be elected");
                }
                response.topics().add(r);
            }
            return response;
        });
    }

    /** Partitions the request would create, counting the default for "-1" and assignments when given. */
    private long requestedPartitions(CreateTopicsRequestData request) {
        long total = 0;
        for (CreatableTopic topic : request.topics()) {
            if (!topic.assignments().isEmpty()) {
                total += topic.assignments().size();
            } else if (topic.numPartitions() == TopicCreator.USE_DEFAULT) {
                total += creator.defaults().numPartitions();
            } else if (topic.numPartitions() > 0) {
                total += topic.numPartitions();
            }
        }
        return total;
    }

    private CompletionStage<CreatableTopicResult> create(CreatableTopic topic, boolean validateOnly) {
        Map<Integer, List<Integer>> assignments = new LinkedHashMap<>();
        topic.assignments().forEach(a -> assignments.put(a.partitionIndex(), List.copyOf(a.brokerIds())));
        Map<String, String> configs = new LinkedHashMap<>();
        topic.configs().forEach(c -> configs.put(c.name(), c.value()));
        TopicCreator.Request request = new TopicCreator.Request(
                topic.name(), topic.numPartitions(), topic.replicationFactor(), assignments, configs);
        CompletionStage<TopicCreator.Created> stage;
        try {
            stage = creator.create(request, validateOnly);
        } catch (ApiException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((created, failure) -> {
            if (failure != null) {
                ApiException api = AdminStore.translate(failure);
                return error(topic.name(), api.error(), api.getMessage());
            }
            return success(created);
        });
    }

    private static CreatableTopicResult success(TopicCreator.Created created) {
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(created.name())
                .setTopicId(ClusterView.toWire(created.topicId()))
                .setErrorCode(Errors.NONE.code())
                .setErrorMessage(null)
                .setNumPartitions(created.numPartitions())
                .setReplicationFactor(created.replicationFactor());
        created.effectiveConfigs().forEach((name, value) -> result.configs().add(new CreatableTopicConfigs()
                .setName(name)
                .setValue(value)
                .setReadOnly(false)
                .setConfigSource(created.overrides().containsKey(name) ? DYNAMIC_TOPIC_CONFIG : DEFAULT_CONFIG)
                .setIsSensitive(false)));
        return result;
    }

    private static CreatableTopicResult error(String name, Errors error, String message) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.code())
                .setErrorMessage(message == null ? error.message() : message);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, CreateTopicsRequestData request, Errors error) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        Set<String> names = new LinkedHashSet<>();
        request.topics().forEach(t -> names.add(t.name()));
        names.forEach(n -> response.topics().add(error(n, error, error.message())));
        return response;
    }
}
