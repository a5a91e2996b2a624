package io.skiff.replication.controller;

import io.skiff.replication.zk.PartitionState;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.Set;

/**
 * The decision of an administrator-requested leader election (ElectLeaders, KIP-460) for one partition, with no I/O:
 * given the assignment, the recorded state and the live brokers, either nothing needs doing, the election is
 * impossible, or here is the next state to compare-and-set.
 *
 * <p>Rules, as Kafka's controller applies them:
 * <ul>
 *   <li>PREFERRED: not needed when the preferred replica (the first assigned) leads and is alive; otherwise it is
 *       elected if it is alive and in the ISR (ISR unchanged), else PREFERRED_LEADER_NOT_AVAILABLE.
 *   <li>UNCLEAN: not needed while a live broker leads; otherwise the first live ISR member in assignment order is
 *       elected (a clean election, ISR kept to its live members), else the first live replica with ISR = itself
 *       (unclean: records it never had may be lost), else ELIGIBLE_LEADERS_NOT_AVAILABLE.
 * </ul>
 * An elected state has the next leader epoch and the electing controller's epoch. Stateless and thread-safe.
 */
public final class LeaderElection {
    private LeaderElection() {}

    /** Kafka's ElectionType codes. */
    public enum Type {
        PREFERRED((byte) 0),
        UNCLEAN((byte) 1);

        private final byte code;

        Type(byte code) {
            this.code = code;
        }

        public byte code() {
            return code;
        }

        /** The type with this wire code, or null if none has it. */
        public static Type forCode(byte code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** One partition's answer: NONE when elected, else the error and Kafka's message for it (null: the default). */
    public record Outcome(Errors error, String message) {
        public static final Outcome ELECTED = new Outcome(Errors.NONE, null);
    }

    /** What to do for one partition. */
    public sealed interface Decision permits Skip, Elect {}

    /** Nothing to write: the answer is {@code outcome} (ELECTION_NOT_NEEDED or why it is impossible). */
    public record Skip(Outcome outcome) implements Decision {}

    /** Write {@code next} over the state read at {@code expectedZkVersion}. */
    public record Elect(PartitionState next, int expectedZkVersion) implements Decision {}

    /**
     * @param replicas the partition's assigned replicas, preferred first
     * @param current its recorded state, or null while the controller has not initialised it
     */
    public static Decision decide(Type type, String partitionName, List<Integer> replicas, PartitionState current,
                                  Set<Integer> liveBrokers, int controllerEpoch) {
        if (current == null) {
            Errors error = type == Type.PREFERRED ? Errors.PREFERRED_LEADER_NOT_AVAILABLE
                    : Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE;
            return new Skip(new Outcome(error, "Partition " + partitionName + " has no leader state yet"));
        }
        return type == Type.PREFERRED
                ? preferred(replicas, current, liveBrokers, controllerEpoch)
                : unclean(replicas, current, liveBrokers, controllerEpoch);
    }

    private static Decision preferred(List<Integer> replicas, PartitionState current, Set<Integer> live, int epoch) {
        int preferred = replicas.isEmpty() ? PartitionState.NO_LEADER : replicas.get(0);
        boolean preferredLive = live.contains(preferred);
        if (preferredLive && current.leader() == preferred) {
            return new Skip(new Outcome(Errors.ELECTION_NOT_NEEDED, null));
        }
        if (!preferredLive || !current.isr().contains(preferred)) {
            return new Skip(new Outcome(Errors.PREFERRED_LEADER_NOT_AVAILABLE, null));
        }
        return new Elect(next(current, preferred, current.isr(), epoch), current.zkVersion());
    }

    private static Decision unclean(List<Integer> replicas, PartitionState current, Set<Integer> live, int epoch) {
        if (current.leader() != PartitionState.NO_LEADER && live.contains(current.leader())) {
            return new Skip(new Outcome(Errors.ELECTION_NOT_NEEDED, null));
        }
        List<Integer> liveIsr = current.isr().stream().filter(live::contains).toList();
        for (int replica : replicas) {
            if (liveIsr.contains(replica)) {
                return new Elect(next(current, replica, liveIsr, epoch), current.zkVersion());
            }
        }
        for (int replica : replicas) {
            if (live.contains(replica)) {
                return new Elect(next(current, replica, List.of(replica), epoch), current.zkVersion());
            }
        }
        return new Skip(new Outcome(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, null));
    }

    private static PartitionState next(PartitionState current, int leader, List<Integer> isr, int controllerEpoch) {
        return new PartitionState(leader, current.leaderEpoch() + 1, isr, controllerEpoch,
                PartitionState.UNKNOWN_ZK_VERSION);
    }
}
