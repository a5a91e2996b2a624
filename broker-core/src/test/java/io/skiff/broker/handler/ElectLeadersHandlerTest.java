package io.skiff.broker.handler;

import static io.skiff.broker.handler.Contexts.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.log.TopicPartition;
import io.skiff.replication.controller.LeaderElection;
import io.skiff.replication.controller.LeaderElection.Outcome;
import io.skiff.wire.message.ApiMessageType;
import io.skiff.wire.message.ElectLeadersRequestData;
import io.skiff.wire.message.ElectLeadersRequestData.TopicPartitions;
import io.skiff.wire.message.ElectLeadersResponseData;
import io.skiff.wire.message.ElectLeadersResponseData.PartitionResult;
import io.skiff.wire.message.ElectLeadersResponseData.ReplicaElectionResult;
import io.skiff.wire.protocol.ApiException;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ElectLeadersHandlerTest {
    /** Answers like a single broker leading every partition of t (3 partitions) and u (1 partition). */
    private final List<LeaderElection.Type> asked = new ArrayList<>();
    private final List<Collection<TopicPartition>> askedFor = new ArrayList<>();
    private final ElectLeadersHandler handler = new ElectLeadersHandler((type, partitions) -> {
        asked.add(type);
        askedFor.add(partitions);
        Map<TopicPartition, Outcome> outcomes = new LinkedHashMap<>();
        List<TopicPartition> targets = partitions != null ? List.copyOf(partitions) : List.of(
                new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("t", 2),
                new TopicPartition("u", 0));
        for (TopicPartition tp : targets) {
            boolean exists = (tp.topic().equals("t") && tp.partition() < 3) || tp.equals(new TopicPartition("u", 0));
            outcomes.put(tp, exists ? new Outcome(Errors.ELECTION_NOT_NEEDED, null)
                    : new Outcome(Errors.UNKNOWN_TOPIC_OR_PARTITION, "No such partition as " + tp));
        }
        return CompletableFuture.completedFuture(outcomes);
    });

    private ElectLeadersResponseData elect(int version, ElectLeadersRequestData request) {
        ElectLeadersResponseData response = handler.handle(context(ApiMessageType.ELECT_LEADERS, version), request)
                .toCompletableFuture().join();
        return Contexts.encodable(response, version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void everyRequestedPartitionGetsItsOutcome(int version) {
        ElectLeadersResponseData response = elect(version, new ElectLeadersRequestData().setElectionType((byte) 0)
                .setTopicPartitions(List.of(new TopicPartitions().setTopic("t").setPartitions(List.of(0, 7)))));

        assertThat(response.errorCode()).isZero();
        ReplicaElectionResult t = response.replicaElectionResults().get(0);
        assertThat(t.topic()).isEqualTo("t");
        assertThat(t.partitionResult()).extracting(PartitionResult::partitionId).containsExactly(0, 7);
        assertThat(t.partitionResult().get(0).errorCode()).isEqualTo(Errors.ELECTION_NOT_NEEDED.code());
        assertThat(t.partitionResult().get(0).errorMessage()).isEqualTo(Errors.ELECTION_NOT_NEEDED.message());
        assertThat(t.partitionResult().get(1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(t.partitionResult().get(1).errorMessage()).isEqualTo("No such partition as t-7");
        assertThat(asked).containsExactly(LeaderElection.Type.PREFERRED);
    }

    @Test
    void versionOneCarriesTheElectionTypeAndVersionZeroIsAlwaysPreferred() {
        ElectLeadersRequestData unclean = new ElectLeadersRequestData().setElectionType((byte) 1)
                .setTopicPartitions(List.of(new TopicPartitions().setTopic("u").setPartitions(List.of(0))));
        elect(1, unclean);
        elect(0, unclean);
        assertThat(asked).containsExactly(LeaderElection.Type.UNCLEAN, LeaderElection.Type.PREFERRED);
    }

    @Test
    void nullPartitionListElectsEverythingAndOmitsPartitionsThatNeededNoElection() {
        ElectLeadersResponseData response = elect(2, new ElectLeadersRequestData().setTopicPartitions(null));

        assertThat(askedFor).containsExactly((Collection<TopicPartition>) null);
        assertThat(response.replicaElectionResults()).extracting(ReplicaElectionResult::topic).containsExactly("t", "u");
        assertThat(response.replicaElectionResults()).allSatisfy(r -> assertThat(r.partitionResult()).isEmpty());
    }

    @Test
    void unknownElectionTypeIsAnInvalidRequest() {
        assertThatThrownBy(() -> handler.handle(context(ApiMessageType.ELECT_LEADERS, 2),
                new ElectLeadersRequestData().setElectionType((byte) 5)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo(Errors.INVALID_REQUEST));
        assertThat(asked).isEmpty();
    }

    @Test
    void errorResponseCarriesTheErrorAtTopLevelAndOnEveryPartition() {
        ElectLeadersRequestData request = new ElectLeadersRequestData()
                .setTopicPartitions(List.of(new TopicPartitions().setTopic("t").setPartitions(List.of(0, 1))));
        ElectLeadersResponseData response = (ElectLeadersResponseData) handler.errorResponse(
                context(ApiMessageType.ELECT_LEADERS, 2), request, Errors.NOT_CONTROLLER);
        assertThat(response.errorCode()).isEqualTo(Errors.NOT_CONTROLLER.code());
        assertThat(response.replicaElectionResults().get(0).partitionResult())
                .allSatisfy(p -> assertThat(p.errorCode()).isEqualTo(Errors.NOT_CONTROLLER.code()));
    }
}
