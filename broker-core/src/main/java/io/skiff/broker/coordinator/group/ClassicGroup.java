package io.skiff.broker.coordinator.group;

import io.skiff.log.TopicPartition;
import io.skiff.replication.delayed.TimerTask;
import io.skiff.wire.protocol.Errors;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The state of one classic consumer group: members, generation, chosen protocol, leader, and the
 * committed offsets. Every field is guarded by the group's own monitor ({@code synchronized (group)}):
 * one lock per group, so groups never wait for each other.
 *
 * <p>States and legal transitions (as in Kafka's classic protocol):
 * <ul>
 *   <li>EMPTY → PREPARING_REBALANCE (a member joins), → DEAD (group deleted / coordinator moved)</li>
 *   <li>PREPARING_REBALANCE → COMPLETING_REBALANCE (join barrier done with members), → EMPTY (barrier done,
 *       nobody rejoined), → DEAD</li>
 *   <li>COMPLETING_REBALANCE → STABLE (leader's SyncGroup), → PREPARING_REBALANCE (join, leave, expiry),
 *       → DEAD</li>
 *   <li>STABLE → PREPARING_REBALANCE (join with new metadata, leader rejoin, leave, expiry), → DEAD</li>
 *   <li>DEAD: terminal</li>
 * </ul>
 * Invariants: the generation grows by one on every completed join barrier; {@code leaderId} is a member
 * (or null when there are none); {@code staticMembers} maps each static member's instance id to its
 * current member id; pending members (MEMBER_ID_REQUIRED issued, not yet rejoined) are not members;
 * {@code pendingSync} holds the members of the current generation that have not sent their SyncGroup yet
 * (always a subset of the members, empty outside COMPLETING_REBALANCE and STABLE);
 * {@code currentStateTimestamp} is the wall-clock time of the last state transition (-1 when unknown, as
 * for a group restored from a record older than value version 2), the base of offset expiry once EMPTY.
 */
final class ClassicGroup {
    private final String groupId;
    private final LongSupplier wallClockMs;
    private GroupState state = GroupState.EMPTY;
    private long currentStateTimestamp;
    private int generationId;
    private String protocolType;
    private String protocolName;
    private String leaderId;
    final Map<String, GroupMember> members = new LinkedHashMap<>();
    final Map<String, String> staticMembers = new HashMap<>();
    final Set<String> pendingMembers = new HashSet<>();
    final Set<String> pendingSync = new HashSet<>();
    final Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();
    /** The pending join barrier (rebalance timeout or initial delay), null outside PREPARING_REBALANCE. */
    TimerTask joinBarrier;
    /** Whether the current barrier is the initial delay of an empty group, which new joins do not shorten. */
    boolean initialDelay;
    /** The task that removes members still in {@code pendingSync} after the rebalance timeout, or null. */
    TimerTask syncDeadline;

    /** @param wallClockMs the clock of {@link #currentStateTimestamp()} */
    ClassicGroup(String groupId, LongSupplier wallClockMs) {
        this.groupId = groupId;
        this.wallClockMs = wallClockMs;
        this.currentStateTimestamp = wallClockMs.getAsLong();
    }

    String groupId() {
        return groupId;
    }

    GroupState state() {
        return state;
    }

    boolean is(GroupState s) {
        return state == s;
    }

    void transitionTo(GroupState next) {
        boolean legal = switch (next) {
            case EMPTY -> state == GroupState.PREPARING_REBALANCE;
            case PREPARING_REBALANCE -> state != GroupState.DEAD;
            case COMPLETING_REBALANCE -> state == GroupState.PREPARING_REBALANCE;
            case STABLE -> state == GroupState.COMPLETING_REBALANCE;
            case DEAD -> true;
        };
        if (!legal) {
            throw new IllegalStateException("Group " + groupId + " cannot go from " + state + " to " + next);
        }
        state = next;
        currentStateTimestamp = wallClockMs.getAsLong();
    }

    /** When the group entered its current state (wall clock, ms), or -1 when unknown. */
    long currentStateTimestamp() {
        return currentStateTimestamp;
    }

    int generationId() {
        return generationId;
    }

    String protocolType() {
        return protocolType;
    }

    String protocolName() {
        return protocolName;
    }

    String leaderId() {
        return leaderId;
    }

    boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    Collection<GroupMember> allMembers() {
        return members.values();
    }

    Optional<GroupMember> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    /** Adds a member; the first member of an empty group sets the group's protocol type. */
    void add(GroupMember member, String type) {
        if (members.isEmpty()) {
            protocolType = type;
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        pendingMembers.remove(member.memberId());
    }

    void remove(String memberId) {
        pendingSync.remove(memberId);
        GroupMember removed = members.remove(memberId);
        if (removed != null && removed.isStatic()) {
            staticMembers.remove(removed.groupInstanceId(), memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
    }

    /** Replaces a static member's id (fencing the old one); returns the new member. */
    GroupMember replaceStatic(String oldMemberId, String newMemberId) {
        if (pendingSync.remove(oldMemberId)) {
            pendingSync.add(newMemberId);
        }
        GroupMember old = members.remove(oldMemberId);
        GroupMember fresh = old.withMemberId(newMemberId);
        members.put(newMemberId, fresh);
        staticMembers.put(fresh.groupInstanceId(), newMemberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        return fresh;
    }

    /** Whether a joining member with these protocols can join: same type and a protocol every member supports. */
    boolean supports(String type, Set<String> protocols) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && !protocols.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> common = candidates();
        common.retainAll(protocols);
        return !common.isEmpty();
    }

    /** The protocols every member supports. */
    Set<String> candidates() {
        Set<String> common = null;
        for (GroupMember m : members.values()) {
            if (common == null) {
                common = new HashSet<>(m.protocols().keySet());
            } else {
                common.retainAll(m.protocols().keySet());
            }
        }
        return common == null ? new HashSet<>() : common;
    }

    /** Kafka's protocol selection: each member votes for its favourite candidate; most votes wins. */
    String selectProtocol() {
        Set<String> candidates = candidates();
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (GroupMember m : members.values()) {
            votes.merge(m.vote(candidates), 1, Integer::sum);
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Starts the next generation after a join barrier: protocol chosen, or no protocol when empty. */
    void nextGeneration() {
        generationId++;
        if (members.isEmpty()) {
            protocolName = null;
            transitionTo(GroupState.EMPTY);
        } else {
            protocolName = selectProtocol();
            transitionTo(GroupState.COMPLETING_REBALANCE);
        }
    }

    /**
     * Kafka's {@code group.max.size} admission: an empty group takes anyone; while members rejoin, a member
     * already waiting is kept and others are taken while fewer than {@code maxSize} wait (so the last to
     * rejoin of a group above the limit, after the limit was lowered, is the one refused); otherwise a
     * member is kept and a newcomer taken while there are fewer than {@code maxSize} members. Pending
     * member ids (MEMBER_ID_REQUIRED) are not counted: the limit applies when they join with them.
     */
    boolean acceptsJoin(String memberId, int maxSize) {
        GroupMember member = members.get(memberId);
        return switch (state) {
            case EMPTY, DEAD -> true;
            case PREPARING_REBALANCE -> (member != null && member.isAwaitingJoin())
                    || members.values().stream().filter(GroupMember::isAwaitingJoin).count() < maxSize;
            case COMPLETING_REBALANCE, STABLE -> member != null || members.size() < maxSize;
        };
    }

    /** Whether every member has rejoined and no member id handed out is still pending. */
    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(GroupMember::isAwaitingJoin);
    }

    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(GroupMember::rebalanceTimeoutMs).max().orElse(0);
    }

    /**
     * Replaces the whole state with one read back from {@code __consumer_offsets}: STABLE with the stored
     * members, or EMPTY without. Only the loader calls this, before the partition is served.
     */
    void restore(int generation, String type, String protocol, String leader, long stateTimestamp,
                 List<GroupMember> restored) {
        members.clear();
        staticMembers.clear();
        pendingMembers.clear();
        pendingSync.clear();
        generationId = generation;
        protocolType = type;
        protocolName = restored.isEmpty() ? null : protocol;
        for (GroupMember m : restored) {
            members.put(m.memberId(), m);
            if (m.isStatic()) {
                staticMembers.put(m.groupInstanceId(), m.memberId());
            }
        }
        leaderId = members.containsKey(leader) ? leader : members.keySet().stream().findFirst().orElse(null);
        state = restored.isEmpty() ? GroupState.EMPTY : GroupState.STABLE;
        currentStateTimestamp = stateTimestamp;
    }

    /** FENCED_INSTANCE_ID when {@code instanceId} belongs to another member id; UNKNOWN_MEMBER_ID when unknown. */
    Errors checkStatic(String memberId, String instanceId) {
        if (instanceId == null) {
            return Errors.NONE;
        }
        String current = staticMembers.get(instanceId);
        if (current == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return current.equals(memberId) ? Errors.NONE : Errors.FENCED_INSTANCE_ID;
    }

    /**
     * The checks shared by SyncGroup, Heartbeat and member offset commits, in Kafka's order: dead group,
     * fenced static member, unknown member, stale generation.
     */
    Errors validateMember(String memberId, String instanceId, int requestGeneration) {
        if (is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (instanceId != null) {
            Errors staticError = checkStatic(memberId, instanceId);
            if (staticError != Errors.NONE) {
                return staticError; // an unknown instance id is an unknown member, as in Kafka's validateMember
            }
        }
        if (!members.containsKey(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (requestGeneration != generationId) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }
}
