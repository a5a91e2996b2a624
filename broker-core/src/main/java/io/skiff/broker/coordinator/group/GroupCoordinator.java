package io.skiff.broker.coordinator.group;

import io.skiff.replication.delayed.Timer;
import io.skiff.wire.message.HeartbeatRequestData;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.LeaveGroupRequestData;
import io.skiff.wire.message.LeaveGroupResponseData;
import io.skiff.wire.message.SyncGroupRequestData;
import io.skiff.wire.message.SyncGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group membership protocol: JoinGroup, SyncGroup, Heartbeat and LeaveGroup over the groups
 * of a {@link GroupRegistry}, following Kafka's classic coordinator (its checks in its order, its errors).
 *
 * <p>Waiting never blocks a thread: a JoinGroup answer is a future completed when the group's join barrier
 * completes, a SyncGroup answer when the leader sends the assignment; the barrier, the sessions and the
 * other deadlines are tasks on the broker's timer wheel, kept by the {@link Rebalancer}.
 *
 * <p>Thread-safe: every group is changed only under its own monitor; futures are completed under it too,
 * which is safe because the network layer hands responses to the connection's event loop.
 */
public final class GroupCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    /** The JoinGroup version from which a new dynamic member must rejoin with the id it is given (KIP-394). */
    private static final short REQUIRE_KNOWN_MEMBER_ID_VERSION = 4;
    /** The JoinGroup version from which a rejoining static leader may be told to skip the assignment (KIP-814). */

    private final GroupRegistry registry;
    private final GroupConfig config;
    private final Random random;
    private final Rebalancer rebalancer;

    /** A coordinator that persists nothing (tests of the state machine alone). */
    public GroupCoordinator(GroupRegistry registry, Timer timer, Random random) {
        this(registry, timer, random, (partition, entries) -> CompletableFuture.completedFuture(Errors.NONE));
    }

    /**
     * @param random source of member ids (seed it in tests)
     * @param log where group metadata is written when a generation becomes STABLE or the group EMPTY
     */
    public GroupCoordinator(GroupRegistry registry, Timer timer, Random random, OffsetLog log) {
        this.registry = registry;
        this.config = registry.config();
        this.random = random;
        this.rebalancer = new Rebalancer(config, timer, log);
    }

    // ---------------------------------------------------------------- JoinGroup

    public CompletableFuture<JoinGroupResponseData> joinGroup(JoinGroupRequestData request, short version,
                                                              String clientId, String clientHost) {
        String groupId = request.groupId();
        String memberId = request.memberId() == null ? "" : request.memberId();
        if (groupId == null || groupId.isEmpty()) {
            return GroupResponses.failedJoin(Errors.INVALID_GROUP_ID, memberId);
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return GroupResponses.failedJoin(Errors.INVALID_SESSION_TIMEOUT, memberId);
        }
        Errors status = registry.status(groupId);
        if (status != Errors.NONE) {
            return GroupResponses.failedJoin(status, memberId);
        }
        boolean newMember = memberId.isEmpty();
        ClassicGroup group = newMember ? registry.getOrCreate(groupId) : registry.get(groupId);
        if (group == null) {
            return GroupResponses.failedJoin(Errors.UNKNOWN_MEMBER_ID, memberId);
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        request.protocols().forEach(p -> protocols.putIfAbsent(p.name(), p.metadata()));
        int rebalanceTimeout = version == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        String reason = request.reason() == null ? "not provided" : request.reason();
        JoinParams params = new JoinParams(memberId, request.groupInstanceId(), clientId, clientHost,
                request.sessionTimeoutMs(), rebalanceTimeout, request.protocolType(), protocols, version, reason);
        synchronized (group) {
            if (!group.acceptsJoin(memberId, config.maxSize())) {
                // Kafka's order: the size check comes first, and a refused member leaves the group.
                group.member(memberId).ifPresent(m -> rebalancer.dropMember(group, m));
                group.pendingMembers.remove(memberId);
                rebalancer.maybeCompleteJoin(group);
                return GroupResponses.failedJoin(Errors.GROUP_MAX_SIZE_REACHED, "");
            }
            if (group.is(GroupState.DEAD)) {
                // Deleted or unloaded between lookup and lock: the client looks the coordinator up again.
                return GroupResponses.failedJoin(Errors.COORDINATOR_NOT_AVAILABLE, memberId);
            }
            if (!group.supports(params.protocolType(), protocols.keySet())) {
                removeIfUnused(group);
                return GroupResponses.failedJoin(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId);
            }
            return newMember ? joinNewMember(group, params) : joinKnownMember(group, params);
        }
    }

    private record JoinParams(String memberId, String groupInstanceId, String clientId, String clientHost,
                              int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                              Map<String, byte[]> protocols, short version, String reason) {}

    private CompletableFuture<JoinGroupResponseData> joinNewMember(ClassicGroup group, JoinParams p) {
        String instanceId = p.groupInstanceId();
        if (instanceId != null) {
            String existing = group.staticMembers.get(instanceId);
            String newId = instanceId + "-" + newUuid();
            if (existing != null) {
                return replaceStaticMember(group, existing, newId, p);
            }
            return addMemberAndRebalance(group, newId, p);
        }
        String newId = (p.clientId() == null ? "" : p.clientId()) + "-" + newUuid();
        if (p.version() >= REQUIRE_KNOWN_MEMBER_ID_VERSION) {
            group.pendingMembers.add(newId);
            rebalancer.schedulePendingExpiry(group, newId, p.sessionTimeoutMs());
            return GroupResponses.failedJoin(Errors.MEMBER_ID_REQUIRED, newId);
        }
        return addMemberAndRebalance(group, newId, p);
    }

    /** A group created by a join that failed validation leaves no trace (nothing to list or describe). */
    private void removeIfUnused(ClassicGroup group) {
        if (group.is(GroupState.EMPTY) && group.members.isEmpty() && group.pendingMembers.isEmpty()
                && group.offsets.isEmpty() && group.generationId() == 0) {
            group.transitionTo(GroupState.DEAD);
            registry.remove(group);
        }
    }

    private CompletableFuture<JoinGroupResponseData> joinKnownMember(ClassicGroup group, JoinParams p) {
        String memberId = p.memberId();
        if (group.pendingMembers.contains(memberId)) {
            return addMemberAndRebalance(group, memberId, p);
        }
        Errors fenced = group.checkStatic(memberId, p.groupInstanceId());
        if (fenced != Errors.NONE) {
            return GroupResponses.failedJoin(fenced, memberId);
        }
        GroupMember member = group.members.get(memberId);
        if (member == null || group.is(GroupState.EMPTY)) {
            return GroupResponses.failedJoin(Errors.UNKNOWN_MEMBER_ID, memberId);
        }
        boolean sameProtocols = member.sameProtocols(p.protocols());
        switch (group.state()) {
            case COMPLETING_REBALANCE -> {
                if (sameProtocols) {
                    // The member missed the join answer: send this generation's again.
                    return CompletableFuture.completedFuture(GroupResponses.join(group, member));
                }
            }
            case STABLE -> {
                if (sameProtocols && !group.isLeader(memberId)) {
                    return CompletableFuture.completedFuture(GroupResponses.join(group, member));
                }
            }
            default -> { }
        }
        String why = group.isLeader(memberId) && sameProtocols ? "leader " + memberId + " rejoined"
                : "updating metadata of member " + memberId;
        return updateMemberAndRebalance(group, member, p, why);
    }

    /**
     * A known static member rejoins under a new member id, fencing the old one (KIP-345). In a STABLE group
     * whose selected protocol stays the same this is a restart, not a change: the group keeps its generation
     * and assignment, and a leader that can be told so (v9+) skips running the assignment (KIP-814).
     */
    private CompletableFuture<JoinGroupResponseData> replaceStaticMember(ClassicGroup group, String oldId, String newId,
                                                                         JoinParams p) {
        GroupMember old = group.members.get(oldId);
        rebalancer.cancelSession(old);
        GroupResponses.failAwaiting(old, Errors.FENCED_INSTANCE_ID);
        String previousLeader = group.leaderId();
        GroupMember fresh = group.replaceStatic(oldId, newId);
        fresh.update(p.sessionTimeoutMs(), p.rebalanceTimeoutMs(), p.protocols());
        LOG.info("Static member {} of group {} rejoined as {} (was {}); client reason: {}", p.groupInstanceId(),
                group.groupId(), newId, oldId, p.reason());
        switch (group.state()) {
            case STABLE -> {
                if (group.protocolName().equals(group.selectProtocol())) {
                    rebalancer.scheduleSession(group, fresh);
                    rebalancer.persist(group); // the new member id survives a coordinator move
                    return CompletableFuture.completedFuture(
                            GroupResponses.staticRejoin(group, fresh, previousLeader, p.version()));
                }
                return awaitRebalance(group, fresh, "static member " + newId + " changed the group's protocol");
            }
            case COMPLETING_REBALANCE -> {
                return awaitRebalance(group, fresh, "updating metadata of static member " + newId
                        + " during CompletingRebalance");
            }
            default -> {
                return awaitRebalance(group, fresh, "static member " + newId + " rejoined");
            }
        }
    }

    private CompletableFuture<JoinGroupResponseData> addMemberAndRebalance(ClassicGroup group, String memberId,
                                                                           JoinParams p) {
        GroupMember member = new GroupMember(memberId, p.groupInstanceId(), p.clientId(), p.clientHost(),
                p.sessionTimeoutMs(), p.rebalanceTimeoutMs(), p.protocols());
        group.add(member, p.protocolType());
        return awaitRebalance(group, member, "adding new member " + memberId + " with group instance id "
                + p.groupInstanceId() + "; client reason: " + p.reason());
    }

    private CompletableFuture<JoinGroupResponseData> updateMemberAndRebalance(ClassicGroup group, GroupMember member,
                                                                              JoinParams p, String why) {
        member.update(p.sessionTimeoutMs(), p.rebalanceTimeoutMs(), p.protocols());
        return awaitRebalance(group, member, why + "; client reason: " + p.reason());
    }

    private CompletableFuture<JoinGroupResponseData> awaitRebalance(ClassicGroup group, GroupMember member,
                                                                    String reason) {
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        if (member.awaitingJoin != null) {
            // A retried join replaces the earlier one, which must still get an answer.
            member.awaitingJoin.complete(GroupResponses.joinError(Errors.REBALANCE_IN_PROGRESS, member.memberId()));
        }
        member.awaitingJoin = future;
        rebalancer.scheduleSession(group, member);
        rebalancer.maybePrepareRebalance(group, reason);
        return future;
    }

    // ---------------------------------------------------------------- SyncGroup

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return GroupResponses.failedSync(Errors.INVALID_GROUP_ID);
        }
        Errors status = registry.status(request.groupId());
        if (status != Errors.NONE) {
            return GroupResponses.failedSync(status);
        }
        ClassicGroup group = registry.get(request.groupId());
        if (group == null) {
            return GroupResponses.failedSync(Errors.UNKNOWN_MEMBER_ID);
        }
        synchronized (group) {
            Errors error = group.validateMember(request.memberId(), request.groupInstanceId(),
                    request.generationId());
            if (error == Errors.NONE && ((request.protocolType() != null
                    && !request.protocolType().equals(group.protocolType()))
                    || (request.protocolName() != null && !request.protocolName().equals(group.protocolName())))) {
                error = Errors.INCONSISTENT_GROUP_PROTOCOL;
            }
            if (error != Errors.NONE) {
                return GroupResponses.failedSync(error);
            }
            GroupMember member = group.members.get(request.memberId());
            rebalancer.scheduleSession(group, member);
            switch (group.state()) {
                case PREPARING_REBALANCE -> {
                    return GroupResponses.failedSync(Errors.REBALANCE_IN_PROGRESS);
                }
                case STABLE -> {
                    rebalancer.synced(group, member.memberId());
                    return CompletableFuture.completedFuture(GroupResponses.sync(group, member));
                }
                case COMPLETING_REBALANCE -> {
                    rebalancer.synced(group, member.memberId());
                    CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
                    member.awaitingSync = future;
                    if (group.isLeader(member.memberId())) {
                        completeSync(group, member, request);
                    }
                    return future;
                }
                default -> {
                    return GroupResponses.failedSync(Errors.UNKNOWN_MEMBER_ID);
                }
            }
        }
    }

    /** The leader's assignment: the generation becomes STABLE and every waiting member gets its part. */
    private void completeSync(ClassicGroup group, GroupMember leader, SyncGroupRequestData request) {
        Map<String, byte[]> assignments = new HashMap<>();
        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        for (GroupMember m : group.allMembers()) {
            m.assignment(assignments.get(m.memberId()));
        }
        group.transitionTo(GroupState.STABLE);
        rebalancer.persist(group);
        LOG.info("Assignment of group {} generation {} received from leader {}", group.groupId(),
                group.generationId(), leader.memberId());
        for (GroupMember m : group.allMembers()) {
            if (m.awaitingSync != null) {
                m.awaitingSync.complete(GroupResponses.sync(group, m));
                m.awaitingSync = null;
            }
        }
    }

    // ---------------------------------------------------------------- Heartbeat

    /** Kafka's order: dead group, fenced or unknown member, stale generation, then the state's answer. */
    public Errors heartbeat(HeartbeatRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        Errors status = registry.status(request.groupId());
        if (status != Errors.NONE) {
            return status;
        }
        ClassicGroup group = registry.get(request.groupId());
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            Errors error = group.validateMember(request.memberId(), request.groupInstanceId(),
                    request.generationId());
            if (error != Errors.NONE) {
                return error;
            }
            if (group.is(GroupState.EMPTY)) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            rebalancer.scheduleSession(group, group.members.get(request.memberId()));
            return group.is(GroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
        }
    }

    /**
     * An accepted member offset commit counts as a sign of life in STABLE and PREPARING_REBALANCE, as in
     * Kafka (a consumer busy committing need not also heartbeat). Call under the group's monitor.
     */
    void committed(ClassicGroup group, String memberId) {
        if (group.is(GroupState.STABLE) || group.is(GroupState.PREPARING_REBALANCE)) {
            group.member(memberId).ifPresent(m -> {
                if (!m.isAwaitingJoin()) {
                    rebalancer.scheduleSession(group, m);
                }
            });
        }
    }

    // ---------------------------------------------------------------- LeaveGroup

    /** LeaveGroup, single (v0-v2) or batched (v3+); the response carries a per-member error from v3. */
    public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return response.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        List<LeaveGroupRequestData.MemberIdentity> leaving = version >= 3 ? request.members()
                : List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(request.memberId()));
        Errors status = registry.status(request.groupId());
        ClassicGroup group = registry.get(request.groupId());
        if (status == Errors.NONE && group == null) {
            status = Errors.UNKNOWN_MEMBER_ID;
        }
        if (status != Errors.NONE) {
            return response.setErrorCode(status.code());
        }
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return response.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
            }
            boolean membersLeft = false;
            boolean pendingLeft = false;
            for (LeaveGroupRequestData.MemberIdentity identity : leaving) {
                String reason = identity.reason() == null ? "not provided" : identity.reason();
                Leave outcome = removeMember(group, identity.memberId(), identity.groupInstanceId(), reason);
                membersLeft |= outcome == Leave.MEMBER;
                pendingLeft |= outcome == Leave.PENDING;
                response.members().add(new LeaveGroupResponseData.MemberResponse()
                        .setMemberId(identity.memberId())
                        .setGroupInstanceId(identity.groupInstanceId())
                        .setErrorCode(outcome.error.code()));
            }
            if (membersLeft) {
                rebalancer.maybePrepareRebalance(group, "removing members " + leaving.stream()
                        .map(m -> m.memberId().isEmpty() ? m.groupInstanceId() : m.memberId()).toList()
                        + " on LeaveGroup");
            } else if (pendingLeft) {
                rebalancer.maybeCompleteJoin(group); // a pending id is no member: nothing to rebalance for
            }
            if (version < 3) {
                response.setErrorCode(response.members().get(0).errorCode());
                response.members().clear();
            }
            return response;
        }
    }

    /** What one leaving identity amounted to. */
    private enum Leave {
        MEMBER(Errors.NONE), PENDING(Errors.NONE), UNKNOWN(Errors.UNKNOWN_MEMBER_ID), FENCED(Errors.FENCED_INSTANCE_ID);

        final Errors error;

        Leave(Errors error) {
            this.error = error;
        }
    }

    private Leave removeMember(ClassicGroup group, String memberId, String instanceId, String reason) {
        String id = memberId == null ? "" : memberId;
        if (id.isEmpty() && instanceId != null) {
            String current = group.staticMembers.get(instanceId);
            if (current == null) {
                return Leave.UNKNOWN;
            }
            id = current;
        } else if (instanceId != null) {
            Errors fenced = group.checkStatic(id, instanceId);
            if (fenced != Errors.NONE) {
                return fenced == Errors.FENCED_INSTANCE_ID ? Leave.FENCED : Leave.UNKNOWN;
            }
        }
        if (group.pendingMembers.remove(id)) {
            LOG.info("Pending member {} left group {} through LeaveGroup; client reason: {}", id, group.groupId(),
                    reason);
            return Leave.PENDING;
        }
        GroupMember member = group.members.get(id);
        if (member == null) {
            return Leave.UNKNOWN;
        }
        LOG.info("{} member {} left group {} through LeaveGroup; client reason: {}",
                member.isStatic() ? "Static" : "Dynamic", id, group.groupId(), reason);
        rebalancer.dropMember(group, member);
        return Leave.MEMBER;
    }

    // ---------------------------------------------------------------- loading and unloading

    /** Fails everything {@code group} awaits; called when its coordinator partition is unloaded. */
    public void failPending(ClassicGroup group, Errors error) {
        rebalancer.failPending(group, error);
    }

    /**
     * Replays a group-metadata record read back from {@code __consumer_offsets} (null value: the group was
     * deleted). Restored members get a full session to heartbeat again.
     */
    public void restore(String groupId, GroupMetadataRecords.StoredGroup stored) {
        ClassicGroup group = stored == null ? registry.get(groupId) : registry.getOrCreate(groupId);
        if (group == null) {
            return;
        }
        synchronized (group) {
            group.allMembers().forEach(rebalancer::cancelSession);
            if (stored == null) {
                group.restore(0, null, null, null, registry.wallClockMs(), List.of());
                if (group.offsets.isEmpty()) {
                    group.transitionTo(GroupState.DEAD);
                    registry.remove(group);
                }
                return;
            }
            List<GroupMember> members = GroupMetadataRecords.members(stored);
            group.restore(stored.generation(), stored.protocolType(), stored.protocol(), stored.leader(),
                    stored.currentStateTimestamp(), members);
            group.allMembers().forEach(m -> rebalancer.scheduleSession(group, m));
        }
    }

    private String newUuid() {
        synchronized (random) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }
}
