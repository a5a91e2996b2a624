package io.skiff.broker.admin;

import io.skiff.replication.zk.BrokerRegistration;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.EndPoint;
import io.skiff.replication.zk.KafkaUuid;
import io.skiff.replication.zk.TopicAssignment;
import io.skiff.wire.protocol.Uuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Read-only questions about a {@link ClusterSnapshot} that Metadata and DescribeCluster both ask: which
 * brokers a client on a given listener can reach (and at which advertised address), topic lookup by id,
 * and the authorized-operations bit sets a broker without an authorizer reports. Stateless.
 */
public final class ClusterView {
    /** Kafka's bit sets (1 << AclOperation code) when every operation is allowed: no authorizer configured. */
    public static final int ALL_TOPIC_OPERATIONS = bits(3, 4, 5, 6, 7, 8, 10, 11);
    public static final int ALL_CLUSTER_OPERATIONS = bits(5, 7, 8, 9, 10, 11, 12);
    /** What Kafka allows on a group without an authorizer: READ, DELETE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS. */
    public static final int ALL_GROUP_OPERATIONS = bits(3, 6, 8, 10, 11);

    private ClusterView() {}

    /** A live broker as a client on one listener sees it. */
    public record Node(int id, String host, int port, String rack) {}

    /** Live brokers with an endpoint on {@code listenerName}, ascending by id. */
    public static List<Node> nodes(ClusterSnapshot cluster, String listenerName) {
        List<Node> nodes = new ArrayList<>();
        cluster.brokers().values().stream()
                .sorted(java.util.Comparator.comparingInt(BrokerRegistration::brokerId))
                .forEach(b -> endpoint(b, listenerName).ifPresent(e ->
                        nodes.add(new Node(b.brokerId(), e.host(), e.port(), b.rack().orElse(null)))));
        return nodes;
    }

    private static Optional<EndPoint> endpoint(BrokerRegistration broker, String listenerName) {
        return broker.endpoints().stream().filter(e -> e.listenerName().equals(listenerName)).findFirst();
    }

    /** The controller's id, or -1 while none is elected. */
    public static int controllerId(ClusterSnapshot cluster) {
        return cluster.controllerId().orElse(-1);
    }

    public static Optional<TopicAssignment> topicById(ClusterSnapshot cluster, Uuid id) {
        UUID wanted = toJava(id);
        return cluster.topics().values().stream().filter(t -> t.topicId().equals(wanted)).findFirst();
    }

    public static Uuid toWire(UUID id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    public static UUID toJava(Uuid id) {
        return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** Whether a wire topic id is absent (Kafka sends the zero UUID for "by name"). */
    public static boolean isZero(Uuid id) {
        return id == null || KafkaUuid.ZERO.equals(toJava(id));
    }

    private static int bits(int... codes) {
        int set = 0;
        for (int code : codes) {
            set |= 1 << code;
        }
        return set;
    }
}
