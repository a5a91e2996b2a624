package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.PartitionCreator;
import io.skiff.broker.admin.SnapshotWaiter;
import io.skiff.broker.network.ApiHandler;
import io.skiff.broker.network.RequestContext;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.CreatePartitionsRequestData;
import io.skiff.wire.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import io.skiff.wire.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import io.skiff.wire.message.CreatePartitionsResponseData;
import io.skiff.wire.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.ApiMessage;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * CreatePartitions (api key 37), every version: increases each topic's partition count independently (one topic's
 * refusal never fails another), writing the new partitions to the topic's ZooKeeper assignment; the controller then
 * elects their leaders. Unless validating only or given a non-positive timeout, the answer waits up to the request's
 * timeout for those leaders, so a producer refreshing its metadata right after uses every partition at once; a topic
 * whose new partitions are still leaderless then is answered REQUEST_TIMED_OUT (the increase stands).
 *
 * <p>Refusals, as Kafka's: INVALID_REQUEST "Duplicate topic name." (listed first) for a topic named twice,
 * UNKNOWN_TOPIC_OR_PARTITION, INVALID_PARTITIONS for a count that is not an increase, INVALID_REPLICA_ASSIGNMENT for
 * bad explicit assignments (see {@link PartitionCreator}), and POLICY_VIOLATION for more than
 * {@value #MAX_PARTITIONS_PER_REQUEST} new partitions in one request (the bound on what one request may make this
 * broker build and write; Kafka's controller bounds the records of one request at the same number). Thread-safe.
 */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequestData> {
    static final int MAX_PARTITIONS_PER_REQUEST = 10_000;

    private final PartitionCreator creator;
    private final SnapshotWaiter waiter;

    public CreatePartitionsHandler(BrokerServices services) {
        this(AdminStore.of(services.store(), services.metadata()), services);
    }

    private CreatePartitionsHandler(AdminStore store, BrokerServices services) {
        this(new PartitionCreator(store), new SnapshotWaiter(store::cluster, services.timer()));
    }

    public CreatePartitionsHandler(PartitionCreator creator, SnapshotWaiter waiter) {
        this.creator = creator;
        this.waiter = waiter;
    }

    @Override
    public ApiMessageType apiType() {
        return ApiMessageType.CREATE_PARTITIONS;
    }

    @Override
    public CompletionStage<CreatePartitionsResponseData> handle(RequestContext context,
                                                                CreatePartitionsRequestData request) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (CreatePartitionsTopic t : request.topics()) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        List<CreatePartitionsTopicResult> refused = new ArrayList<>();
        duplicates.forEach(name -> refused.add(result(name, Errors.INVALID_REQUEST, "Duplicate topic name.")));
        Map<String, PartitionCreator.Request> wanted = new LinkedHashMap<>();
        for (CreatePartitionsTopic t : request.topics()) {
            if (!duplicates.contains(t.name())) {
                wanted.putIfAbsent(t.name(), toRequest(t));
            }
        }
        ClusterSnapshot cluster = waiter.cluster();
        long additional = wanted.values().stream().mapToLong(r -> PartitionCreator.additional(r, cluster)).sum();
        if (additional > MAX_PARTITIONS_PER_REQUEST) {
            wanted.keySet().forEach(name -> refused.add(
                    result(name, Errors.POLICY_VIOLATION, "Excessively large number of partitions per request.")));
            return CompletableFuture.completedFuture(new CreatePartitionsResponseData().setResults(refused));
        }
        Map<String, CompletableFuture<Outcome>> outcomes = new LinkedHashMap<>();
        wanted.forEach((name, r) -> outcomes.put(name, creator.create(r, request.validateOnly()).handle(
                (planned, failure) -> failure == null ? new Outcome(planned, null) : new Outcome(null,
                        AdminStore.translate(failure))).toCompletableFuture()));
        return CompletableFuture.allOf(outcomes.values().toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> {
                    Predicate<ClusterSnapshot> led = allLed(outcomes.values());
                    boolean wait = !request.validateOnly() && request.timeoutMs() > 0;
                    return wait ? waiter.await(led, request.timeoutMs()) : CompletableFuture.completedFuture(true);
                })
                .thenApply(allLed -> {
                    CreatePartitionsResponseData response = new CreatePartitionsResponseData().setResults(refused);
                    ClusterSnapshot now = waiter.cluster();
                    outcomes.forEach((name, f) -> {
                        Outcome o = f.join();
                        if (o.failure() != null) {
                            response.results().add(result(name, o.failure().error(), o.failure().getMessage()));
                        } else if (!allLed && !request.validateOnly()
                                && !SnapshotWaiter.partitionsLed(name, o.planned().count()).test(now)) {
                            response.results().add(result(name, Errors.REQUEST_TIMED_OUT,
                                    "Timed out waiting for leaders of the new partitions of " + name));
                        } else {
                            response.results().add(result(name, Errors.NONE, null));
                        }
                    });
                    return response;
                });
    }

    /** One topic's fate: what was added, or why not. */
    private record Outcome(PartitionCreator.Planned planned, ApiException failure) {}

    private static Predicate<ClusterSnapshot> allLed(Iterable<CompletableFuture<Outcome>> outcomes) {
        Predicate<ClusterSnapshot> all = snapshot -> true;
        for (CompletableFuture<Outcome> f : outcomes) {
            PartitionCreator.Planned planned = f.join().planned();
            if (planned != null) {
                all = all.and(SnapshotWaiter.partitionsLed(planned.topic(), planned.count()));
            }
        }
        return all;
    }

    private static PartitionCreator.Request toRequest(CreatePartitionsTopic topic) {
        List<List<Integer>> assignments = null;
        if (topic.assignments() != null) {
            assignments = new ArrayList<>();
            for (CreatePartitionsAssignment a : topic.assignments()) {
                assignments.add(a.brokerIds() == null ? List.of() : List.copyOf(a.brokerIds()));
            }
        }
        return new PartitionCreator.Request(topic.name(), topic.count(), assignments);
    }

    private static CreatePartitionsTopicResult result(String name, Errors error, String message) {
        return new CreatePartitionsTopicResult().setName(name).setErrorCode(error.code()).setErrorMessage(message);
    }

    @Override
    public ApiMessage errorResponse(RequestContext context, CreatePartitionsRequestData request, Errors error) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        request.topics().forEach(t -> response.results().add(result(t.name(), error, error.message())));
        return response;
    }
}
