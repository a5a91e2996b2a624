package io.skiff.replication.zk;

import static io.skiff.replication.zk.ZkTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControllerElectionIT {
    @RegisterExtension
    final ZkFixture fixture = new ZkFixture();

    /** Records every callback, in order, as "become:N" or "resign". */
    private static final class Recorder implements ControllerElection.Listener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void onBecomingController(int controllerEpoch) {
            calls.add("become:" + controllerEpoch);
        }

        @Override
        public void onResigning() {
            calls.add("resign");
        }

        boolean isController() {
            return !calls.isEmpty() && calls.get(calls.size() - 1).startsWith("become");
        }

        int lastEpoch() {
            for (int i = calls.size() - 1; i >= 0; i--) {
                if (calls.get(i).startsWith("become:")) {
                    return Integer.parseInt(calls.get(i).substring("become:".length()));
                }
            }
            return -1;
        }
    }

    private record Candidate(ZkMetadataStore store, ControllerElection election, Recorder recorder) {}

    private Candidate candidate(int brokerId) {
        ZkMetadataStore store = fixture.closeAfterTest(ZkTestSupport.connect(fixture.server()));
        Recorder recorder = new Recorder();
        ControllerElection election = fixture.closeAfterTest(
                new ControllerElection(store, brokerId, ZkTestSupport.FIXED_TIME, recorder));
        election.start();
        return new Candidate(store, election, recorder);
    }

    private static int epochInZooKeeper(ZkMetadataStore store) throws Exception {
        return Integer.parseInt(new String(store.curator().getData().forPath("/controller_epoch"), StandardCharsets.UTF_8));
    }

    @Test
    void exactlyOneOfTwoCompetitorsWinsAndTheOtherTakesOverWithAHigherEpoch() throws Exception {
        Candidate one = candidate(1);
        Candidate two = candidate(2);

        awaitCondition("a controller elected", () -> one.recorder.isController() || two.recorder.isController());
        awaitCondition("both know the controller",
                () -> one.election.controllerId().isPresent() && two.election.controllerId().isPresent());
        Candidate winner = one.recorder.isController() ? one : two;
        Candidate loser = winner == one ? two : one;
        assertThat(loser.recorder.calls).isEmpty();
        assertThat(winner.recorder.calls).containsExactly("become:1");
        assertThat(loser.election.controllerId()).hasValue(winner == one ? 1 : 2);
        assertThat(epochInZooKeeper(loser.store)).isEqualTo(1);
        assertThat(winner.election.fence()).contains(new ControllerFence(1, 1));
        assertThat(loser.election.fence()).isEmpty();
        JsonNode controller = new ObjectMapper().readTree(loser.store.curator().getData().forPath("/controller"));
        assertThat(controller.get("brokerid").asInt()).isEqualTo(winner == one ? 1 : 2);
        assertThat(controller.get("version").asInt()).isEqualTo(2);
        assertThat(controller.get("timestamp").asText()).isEqualTo(Long.toString(ZkTestSupport.FIXED_TIME_MS));
        assertThat(loser.store.curator().checkExists().forPath("/controller").getEphemeralOwner())
                .isEqualTo(ZkTestSupport.sessionId(winner.store));

        winner.election.close();
        winner.store.close();

        awaitCondition("the other takes over", loser.recorder::isController);
        assertThat(winner.recorder.calls).containsExactly("become:1", "resign");
        assertThat(loser.recorder.calls).containsExactly("become:2");
        assertThat(epochInZooKeeper(loser.store)).isEqualTo(2);
        assertThat(loser.election.fence()).contains(new ControllerFence(2, 2));
        assertThat(winner.election.fence()).isEmpty();
    }

    @Test
    void sessionExpiryResignsAndTheNextElectionBumpsTheEpoch() throws Exception {
        Candidate only = candidate(7);
        awaitCondition("elected", only.recorder::isController);

        ZkTestSupport.expireSessionOnServer(fixture.server(), only.store);

        awaitCondition("resigned and re-elected", () -> only.recorder.calls.size() == 3 && only.recorder.isController());
        assertThat(only.recorder.calls).containsExactly("become:1", "resign", "become:2");
        assertThat(only.recorder.lastEpoch()).isEqualTo(epochInZooKeeper(only.store));
    }

    @Test
    void epochContinuesFromWhatZooKeeperHolds() throws Exception {
        ZkMetadataStore setup = fixture.closeAfterTest(ZkTestSupport.connect(fixture.server()));
        setup.curator().create().forPath("/controller_epoch", "41".getBytes(StandardCharsets.UTF_8));

        Candidate candidate = candidate(3);

        awaitCondition("elected", candidate.recorder::isController);
        assertThat(candidate.recorder.calls).containsExactly("become:42");
    }
}
