package io.skiff.broker.admin;

import io.skiff.replication.controller.ReplicaAssignor;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.KafkaUuid;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a topic creation against the current cluster view and writes it to the metadata store. The
 * checks and their order follow Kafka's: legal name, not existing, no '.'/'_' collision, either a partition
 * count and replication factor or explicit assignments (not both), positive counts, a factor the live
 * brokers can host, a well-formed explicit assignment (partitions 0..n-1, one factor, distinct registered
 * brokers), then the configs. Every refusal is an {@link ApiException} with Kafka's error and message.
 *
 * <p>Validation reads one snapshot; two racing creations of the same name are settled by the store, whose
 * write fails with TOPIC_ALREADY_EXISTS for the loser. Thread-safe (the {@link Random} is only used under
 * its own lock).
 */
public final class TopicCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);
    /** Kafka's marker for "use the broker default" in CreateTopics. */
    public static final int USE_DEFAULT = -1;

    /**
     * One topic to create.
     *
     * @param numPartitions partition count, or {@link #USE_DEFAULT}
     * @param replicationFactor replication factor, or {@link #USE_DEFAULT}
     * @param assignments explicit replica lists by partition (empty when counts are given)
     */
    public record Request(
            String name,
            int numPartitions,
            short replicationFactor,
            Map<Integer, List<Integer>> assignments,
            Map<String, String> configs) {
        public Request {
            assignments = assignments == null ? Map.of() : assignments;
            configs = configs == null ? Map.of() : configs;
        }

        public static Request of(String name, int numPartitions, short replicationFactor, Map<String, String> configs) {
            return new Request(name, numPartitions, replicationFactor, Map.of(), configs);
        }
    }

    /** A validated creation: what was (or, when validating only, would be) written. */
    public record Created(
            TopicAssignment assignment, short replicationFactor, Map<String, String> overrides,
            Map<String, String> effectiveConfigs) {
        public String name() {
            return assignment.topic();
        }

        public UUID topicId() {
            return assignment.topicId();
        }

        public int numPartitions() {
            return assignment.partitions().size();
        }
    }

    private final AdminStore store;
    private final java.util.function.Supplier<TopicDefaults> defaults;
    private final Random random;

    /** @param random source of topic ids and assignment start points; seed it in tests */
    public TopicCreator(AdminStore store, TopicDefaults defaults, Random random) {
        this(store, () -> defaults, random);
    }

    /** With defaults that follow the dynamic broker configuration ({@code log.*} keys changed at runtime). */
    public TopicCreator(AdminStore store, java.util.function.Supplier<TopicDefaults> defaults, Random random) {
        this.store = store;
        this.defaults = defaults;
        this.random = random;
    }

    public TopicDefaults defaults() {
        return defaults.get();
    }

    /**
     * Validates {@code request} and, unless {@code validateOnly}, writes it. The stage fails with an
     * {@link ApiException}; validation failures fail it before anything is written.
     */
    public CompletionStage<Created> create(Request request, boolean validateOnly) {
        Created created = plan(request, store.cluster());
        if (validateOnly) {
            return java.util.concurrent.CompletableFuture.completedFuture(created);
        }
        return store.createTopic(created.assignment(), created.overrides()).thenApply(ignored -> {
            if (TopicNames.hasCollisionChars(created.name())) {
                LOG.warn("Topic {} contains '.' or '_': its metric names may collide with a topic differing only there",
                        created.name());
            }
            return created;
        });
    }

    /** Auto-creation of a topic a client asked for by name (Metadata, FindCoordinator). */
    public CompletionStage<Created> autoCreate(String topic) {
        return create(defaults.get().autoCreateRequest(topic), false);
    }

    /** The checks, in Kafka's order, and the resulting assignment. Throws {@link ApiException}. */
    Created plan(Request request, ClusterSnapshot cluster) {
        String name = request.name();
        TopicNames.validate(name);
        if (cluster.topics().containsKey(name)) {
            throw Errors.TOPIC_ALREADY_EXISTS.exception("Topic '" + name + "' already exists.");
        }
        TopicNames.collision(name, cluster.topics().keySet()).ifPresent(other -> {
            throw Errors.INVALID_TOPIC_EXCEPTION.exception(
                    "Topic '" + name + "' collides with existing topic: " + other);
        });
        Set<Integer> live = cluster.brokers().keySet();
        Map<Integer, List<Integer>> assignment;
        short factor;
        if (!request.assignments().isEmpty()) {
            if (request.numPartitions() != USE_DEFAULT || request.replicationFactor() != USE_DEFAULT) {
                throw Errors.INVALID_REQUEST.exception("Both numPartitions or replicationFactor and replicasAssignments "
                        + "were set. Both cannot be used at the same time.");
            }
            assignment = checkExplicit(request.assignments(), live);
            factor = (short) assignment.get(0).size();
        } else {
            TopicDefaults d = defaults.get();
            int partitions = request.numPartitions() == USE_DEFAULT ? d.numPartitions() : request.numPartitions();
            factor = request.replicationFactor() == USE_DEFAULT ? d.replicationFactor() : request.replicationFactor();
            if (partitions <= 0) {
                throw Errors.INVALID_PARTITIONS.exception("Number of partitions was set to an invalid non-positive value.");
            }
            if (factor <= 0) {
                throw Errors.INVALID_REPLICATION_FACTOR.exception(
                        "Replication factor must be larger than 0, or -1 to use the default value.");
            }
            if (factor > live.size()) {
                throw Errors.INVALID_REPLICATION_FACTOR.exception("Unable to replicate the partition " + factor
                        + " time(s): The target replication factor of " + factor + " cannot be reached because only "
                        + live.size() + " broker(s) are registered.");
            }
            synchronized (random) {
                assignment = ReplicaAssignor.assign(partitions, factor, live, random);
            }
        }
        Map<String, String> effective = TopicConfigValidator.validate(request.configs(), defaults.get().topicConfigs());
        UUID id;
        synchronized (random) {
            id = KafkaUuid.random(random);
        }
        Map<String, String> overrides = new TreeMap<>();
        request.configs().forEach((k, v) -> overrides.put(k, v.trim()));
        return new Created(TopicAssignment.of(name, id, assignment), factor, overrides, effective);
    }

    private static Map<Integer, List<Integer>> checkExplicit(Map<Integer, List<Integer>> requested, Set<Integer> live) {
        Map<Integer, List<Integer>> sorted = new TreeMap<>(requested);
        int expected = 0;
        int factor = -1;
        for (Map.Entry<Integer, List<Integer>> e : sorted.entrySet()) {
            if (e.getKey() != expected++) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception(
                        "Partitions should be a consecutive 0-based integer sequence, but got " + sorted.keySet() + ".");
            }
            List<Integer> replicas = e.getValue();
            if (replicas.isEmpty()) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception(
                        "Partition " + e.getKey() + " has an empty replica assignment.");
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception(
                        "Duplicate brokers not allowed in replica assignment: " + replicas + " for partition id "
                                + e.getKey() + ".");
            }
            if (factor != -1 && replicas.size() != factor) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception(
                        "All partitions should have the same number of replicas.");
            }
            factor = replicas.size();
            List<Integer> unknown = new ArrayList<>(replicas);
            unknown.removeAll(live);
            if (!unknown.isEmpty()) {
                throw Errors.INVALID_REPLICA_ASSIGNMENT.exception("Unknown broker(s) " + unknown
                        + " in the replica assignment of partition " + e.getKey() + ".");
            }
        }
        return sorted;
    }
}
