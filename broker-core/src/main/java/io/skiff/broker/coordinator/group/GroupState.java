package io.skiff.broker.coordinator.group;

/** The states of a classic group; the legal transitions are listed on {@link ClassicGroup}. */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String wireName;

    GroupState(String wireName) {
        this.wireName = wireName;
    }

    /** The name Kafka uses in DescribeGroups and ListGroups. */
    public String wireName() {
        return wireName;
    }
}
