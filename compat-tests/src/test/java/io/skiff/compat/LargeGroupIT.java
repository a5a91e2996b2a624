package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group of 100 members speaking the classic protocol on the wire (one connection and thread each,
 * kafka-clients' request classes): every member gets its own assignment from SyncGroup, and when the
 * group rebalances the join barrier completes as soon as the last member has rejoined, not at the 60 s
 * rebalance timeout. The time from the last rejoin to the last SyncGroup answer is logged (a figure for
 * the report, not an assertion beyond "well before the timeout").
 */
class LargeGroupIT {
    private static final Logger LOG = LoggerFactory.getLogger(LargeGroupIT.class);
    private static final int MEMBERS = 100;
    private static final int REBALANCE_TIMEOUT_MS = 60_000;
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final String GROUP = "hundred";

    @Test
    void aHundredMembersGetTheirAssignmentsAndARebalanceCompletesWhenTheLastOneRejoins(@TempDir Path dir)
            throws Exception {
        // The initial delay gathers all hundred into the first generation; the rebalance after it has none.
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of("group.initial.rebalance.delay.ms", "3000"))) {
            Run run = new Run(broker.port());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                int index = i;
                Thread t = new Thread(() -> run.member(index), "member-" + i);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(150));
            }
            assertThat(run.failures).isEmpty();
            assertThat(threads).noneMatch(Thread::isAlive);

            assertThat(run.firstAssignments).hasSize(MEMBERS).allSatisfy(a -> assertThat(a).startsWith("gen-1-"));
            assertThat(run.secondAssignments).hasSize(MEMBERS).allSatisfy(a -> assertThat(a).startsWith("gen-2-"));
            long lastRejoin = run.rejoinSent.stream().mapToLong(Long::longValue).max().orElseThrow();
            long joined = run.rejoinAnswered.stream().mapToLong(Long::longValue).max().orElseThrow();
            long synced = run.secondSynced.stream().mapToLong(Long::longValue).max().orElseThrow();
            Duration toJoin = Duration.ofNanos(joined - lastRejoin);
            Duration toSync = Duration.ofNanos(synced - lastRejoin);
            LOG.info("{}-member rebalance: last rejoin sent -> every JoinGroup answered in {} ms, every SyncGroup "
                    + "answered in {} ms (rebalance timeout {} ms)", MEMBERS, toJoin.toMillis(), toSync.toMillis(),
                    REBALANCE_TIMEOUT_MS);
            assertThat(toSync).isLessThan(Duration.ofMillis(REBALANCE_TIMEOUT_MS / 2));
        }
    }

    /** The shared state of one run; each member thread reports into it. */
    private static final class Run {
        final int port;
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final Queue<String> firstAssignments = new ConcurrentLinkedQueue<>();
        final Queue<String> secondAssignments = new ConcurrentLinkedQueue<>();
        final Queue<Long> rejoinSent = new ConcurrentLinkedQueue<>();
        final Queue<Long> rejoinAnswered = new ConcurrentLinkedQueue<>();
        final Queue<Long> secondSynced = new ConcurrentLinkedQueue<>();
        final CountDownLatch firstGenerationSynced = new CountDownLatch(MEMBERS);

        Run(int port) {
            this.port = port;
        }

        void member(int index) {
            try (KafkaWire wire = new KafkaWire("127.0.0.1", port)) {
                awaitCoordinator(wire);
                JoinGroupResponseData required = join(wire, "", "v1");
                assertThat(Errors.forCode(required.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
                String memberId = required.memberId();

                JoinGroupResponseData first = join(wire, memberId, "v1");
                assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.NONE);
                firstAssignments.add(sync(wire, memberId, first));
                firstGenerationSynced.countDown();
                assertThat(firstGenerationSynced.await(120, TimeUnit.SECONDS)).isTrue();

                // Member 0 rejoins with new metadata; the others learn of the rebalance from their heartbeats.
                if (index != 0) {
                    awaitRebalance(wire, memberId, first.generationId());
                }
                rejoinSent.add(System.nanoTime());
                JoinGroupResponseData second = join(wire, memberId, index == 0 ? "v2" : "v1");
                rejoinAnswered.add(System.nanoTime());
                assertThat(Errors.forCode(second.errorCode())).isEqualTo(Errors.NONE);
                assertThat(second.generationId()).isEqualTo(first.generationId() + 1);
                secondAssignments.add(sync(wire, memberId, second));
                secondSynced.add(System.nanoTime());
            } catch (Throwable t) {
                failures.add(t);
                firstGenerationSynced.countDown();
            }
        }

        private static void awaitCoordinator(KafkaWire wire) throws Exception {
            for (int attempt = 0; attempt < 300; attempt++) {
                FindCoordinatorResponse r = (FindCoordinatorResponse) wire.send(new FindCoordinatorRequest.Builder(
                        new FindCoordinatorRequestData().setKeyType((byte) 0).setCoordinatorKeys(List.of(GROUP)))
                        .build());
                if (r.data().coordinators().get(0).errorCode() == Errors.NONE.code()) {
                    return;
                }
                Thread.sleep(100); // the first lookup creates __consumer_offsets; polling, nothing timed
            }
            throw new AssertionError("no coordinator");
        }

        /** JoinGroup, retried while the coordinator loads. */
        private static JoinGroupResponseData join(KafkaWire wire, String memberId, String metadata) throws Exception {
            for (int attempt = 0; attempt < 300; attempt++) {
                JoinGroupRequestData data = new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                        .setSessionTimeoutMs(SESSION_TIMEOUT_MS).setRebalanceTimeoutMs(REBALANCE_TIMEOUT_MS)
                        .setProtocolType("skiff-test");
                data.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("p")
                        .setMetadata(metadata.getBytes(StandardCharsets.UTF_8)));
                JoinGroupResponse r = (JoinGroupResponse) wire.send(new JoinGroupRequest.Builder(data).build());
                if (r.error() != Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                    return r.data();
                }
                Thread.sleep(100);
            }
            throw new AssertionError("coordinator still loading");
        }

        /** SyncGroup; the leader hands every member "gen-G-memberId". Returns this member's assignment. */
        private static String sync(KafkaWire wire, String memberId, JoinGroupResponseData joined) throws Exception {
            SyncGroupRequestData data = new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                    .setGenerationId(joined.generationId()).setProtocolType("skiff-test").setProtocolName("p");
            if (joined.leader().equals(memberId)) {
                assertThat(joined.members()).hasSize(MEMBERS);
                for (JoinGroupResponseData.JoinGroupResponseMember m : joined.members()) {
                    data.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(m.memberId())
                            .setAssignment(("gen-" + joined.generationId() + "-" + m.memberId())
                                    .getBytes(StandardCharsets.UTF_8)));
                }
            }
            SyncGroupResponse r = (SyncGroupResponse) wire.send(new SyncGroupRequest.Builder(data).build());
            assertThat(r.error()).isEqualTo(Errors.NONE);
            String assignment = new String(r.data().assignment(), StandardCharsets.UTF_8);
            assertThat(assignment).endsWith("-" + memberId);
            return assignment;
        }

        /** Heartbeats until the coordinator answers REBALANCE_IN_PROGRESS. */
        private static void awaitRebalance(KafkaWire wire, String memberId, int generation) throws Exception {
            for (int attempt = 0; attempt < 1200; attempt++) {
                HeartbeatResponse r = (HeartbeatResponse) wire.send(new HeartbeatRequest.Builder(
                        new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId).setGenerationId(generation))
                        .build());
                if (r.error() == Errors.REBALANCE_IN_PROGRESS) {
                    return;
                }
                assertThat(r.error()).isEqualTo(Errors.NONE);
                Thread.sleep(100); // a member's heartbeat interval
            }
            throw new AssertionError("no rebalance announced");
        }
    }
}
