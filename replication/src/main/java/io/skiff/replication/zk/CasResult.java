package io.skiff.replication.zk;

/**
 * The outcome of a compare-and-set on a znode's data version. A lost race is an expected outcome, not an exception:
 * the caller re-reads and decides again.
 *
 * @param newZkVersion the znode's version after a successful update; meaningless otherwise
 */
public record CasResult(Outcome outcome, int newZkVersion) {
    public enum Outcome {
        UPDATED,
        /** The znode changed since the expected version was read; nothing was written. */
        VERSION_CONFLICT,
        /** The znode does not exist; nothing was written. */
        NO_NODE,
        /** A newer controller was elected since the writer's {@link ControllerFence}; nothing was written. */
        CONTROLLER_MOVED
    }

    public boolean updated() {
        return outcome == Outcome.UPDATED;
    }
}
