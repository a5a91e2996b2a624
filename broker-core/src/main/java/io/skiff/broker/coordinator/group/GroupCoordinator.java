package io.skiff.broker.coordinator.group;

import io.skiff.replication.delayed.Timer;
import io.skiff.replication.delayed.TimerTask;
import io.skiff.wire.message.HeartbeatRequestData;
import io.skiff.wire.message.JoinGroupRequestData;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.LeaveGroupRequestData;
import io.skiff.wire.message.LeaveGroupResponseData;
import io.skiff.wire.message.SyncGroupRequestData;
import io.skiff.wire.message.SyncGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group membership protocol: JoinGroup, SyncGroup, Heartbeat and LeaveGroup over the groups
 * of a {@link GroupRegistry}, following Kafka's classic coordinator.
 *
 * <p>Waiting never blocks a thread: a JoinGroup answer is a future completed when the group's join barrier
 * completes (every member rejoined, or the rebalance timeout / initial delay task fires on the
 * {@link Timer}); a SyncGroup answer when the leader sends the assignment; each member has a session
 * task on the timer that expires it unless a heartbeat (or join/sync) reschedules it. A member waiting in
 * a join barrier is not expired by its session: the barrier decides its fate.
 *
 * <p>Thread-safe: every group is changed only under its own monitor; futures are completed under it too,
 * which is safe because the network layer hands responses to the connection's event loop.
 */
public final class GroupCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);
    /** The JoinGroup version from which a new dynamic member must rejoin with the id it is given (KIP-394). */
    private static final short REQUIRE_KNOWN_MEMBER_ID_VERSION = 4;

    private final GroupRegistry registry;
    private final GroupConfig config;
    private final Timer timer;
    private final Random random;
    private final OffsetLog log;
    private final LongSupplier wallClockMs;

    /** A coordinator that persists nothing (tests of the state machine alone). */
    public GroupCoordinator(GroupRegistry registry, Timer timer, Random random) {
        this(registry, timer, random, (partition, entries) -> CompletableFuture.completedFuture(Errors.NONE),
                () -> 0L);
    }

    /**
     * @param random source of member ids (seed it in tests)
     * @param log where group metadata is written when a generation becomes STABLE or the group EMPTY
     * @param wallClockMs the clock of the stored state timestamps
     */
    public GroupCoordinator(GroupRegistry registry, Timer timer, Random random, OffsetLog log,
                            LongSupplier wallClockMs) {
        this.registry = registry;
        this.config = registry.config();
        this.timer = timer;
        this.random = random;
        this.log = log;
        this.wallClockMs = wallClockMs;
    }

    // ---------------------------------------------------------------- JoinGroup

    public CompletableFuture<JoinGroupResponseData> joinGroup(JoinGroupRequestData request, short version,
                                                              String clientId, String clientHost) {
        String groupId = request.groupId();
        String memberId = request.memberId() == null ? "" : request.memberId();
        if (groupId == null || groupId.isEmpty()) {
            return GroupResponses.failedJoin(Errors.INVALID_GROUP_ID, memberId);
        }
        Errors status = registry.status(groupId);
        if (status != Errors.NONE) {
            return GroupResponses.failedJoin(status, memberId);
        }
        if (request.sessionTimeoutMs() < config.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return GroupResponses.failedJoin(Errors.INVALID_SESSION_TIMEOUT, memberId);
        }
        boolean newMember = memberId.isEmpty();
        ClassicGroup group = newMember ? registry.getOrCreate(groupId) : registry.get(groupId);
        if (group == null) {
            return GroupResponses.failedJoin(Errors.UNKNOWN_MEMBER_ID, memberId);
        }
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        request.protocols().forEach(p -> protocols.putIfAbsent(p.name(), p.metadata()));
        int rebalanceTimeout = version == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        JoinParams params = new JoinParams(memberId, request.groupInstanceId(), clientId, clientHost,
                request.sessionTimeoutMs(), rebalanceTimeout, request.protocolType(), protocols, version);
        synchronized (group) {
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
                              Map<String, byte[]> protocols, short version) {}

    private CompletableFuture<JoinGroupResponseData> joinNewMember(ClassicGroup group, JoinParams p) {
        String instanceId = p.groupInstanceId();
        if (instanceId != null) {
            String existing = group.staticMembers.get(instanceId);
            String newId = instanceId + "-" + newUuid();
            if (existing != null) {
                return replaceStaticMember(group, existing, newId, p);
            }
            if (isFull(group)) {
                return GroupResponses.failedJoin(Errors.GROUP_MAX_SIZE_REACHED, "");
            }
            return addMemberAndRebalance(group, newId, p);
        }
        if (isFull(group)) {
            return GroupResponses.failedJoin(Errors.GROUP_MAX_SIZE_REACHED, "");
        }
        String newId = (p.clientId() == null ? "" : p.clientId()) + "-" + newUuid();
        if (p.version() >= REQUIRE_KNOWN_MEMBER_ID_VERSION) {
            group.pendingMembers.add(newId);
            schedulePendingExpiry(group, newId, p.sessionTimeoutMs());
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

    private boolean isFull(ClassicGroup group) {
        return group.members.size() + group.pendingMembers.size() >= config.maxSize();
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
        return updateMemberAndRebalance(group, member, p);
    }

    private CompletableFuture<JoinGroupResponseData> replaceStaticMember(ClassicGroup group, String oldId, String newId,
                                                                         JoinParams p) {
        GroupMember old = group.members.get(oldId);
        cancelSession(old);
        GroupResponses.failAwaiting(old, Errors.FENCED_INSTANCE_ID);
        String previousLeader = group.leaderId();
        GroupMember fresh = group.replaceStatic(oldId, newId);
        LOG.info("Static member {} of group {} rejoined as {} (was {})", p.groupInstanceId(), group.groupId(), newId,
                oldId);
        if (group.is(GroupState.STABLE)) {
            fresh.update(p.sessionTimeoutMs(), p.rebalanceTimeoutMs(), p.protocols());
            // A restart within the session timeout keeps the group's assignment (KIP-345) unless the protocol
            // the group would select changes, Kafka's test. New subscription metadata is no reason: a
            // restarted cooperative member (librdkafka, Java) no longer lists the partitions it owned.
            if (group.protocolName().equals(group.selectProtocol())) {
                scheduleSession(group, fresh);
                persist(group); // the new member id survives a coordinator move
                return CompletableFuture.completedFuture(
                        GroupResponses.staticRejoin(group, fresh, previousLeader, p.version()));
            }
        }
        return updateMemberAndRebalance(group, fresh, p);
    }

    private CompletableFuture<JoinGroupResponseData> addMemberAndRebalance(ClassicGroup group, String memberId,
                                                                           JoinParams p) {
        GroupMember member = new GroupMember(memberId, p.groupInstanceId(), p.clientId(), p.clientHost(),
                p.sessionTimeoutMs(), p.rebalanceTimeoutMs(), p.protocols());
        group.add(member, p.protocolType());
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        member.awaitingJoin = future;
        scheduleSession(group, member);
        maybePrepareRebalance(group, "member " + memberId + " joined");
        return future;
    }

    private CompletableFuture<JoinGroupResponseData> updateMemberAndRebalance(ClassicGroup group, GroupMember member,
                                                                              JoinParams p) {
        member.update(p.sessionTimeoutMs(), p.rebalanceTimeoutMs(), p.protocols());
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        if (member.awaitingJoin != null) {
            // A retried join replaces the earlier one, which must still get an answer.
            member.awaitingJoin.complete(GroupResponses.joinError(Errors.REBALANCE_IN_PROGRESS, member.memberId()));
        }
        member.awaitingJoin = future;
        scheduleSession(group, member);
        maybePrepareRebalance(group, "member " + member.memberId() + " rejoined");
        return future;
    }

    private void maybePrepareRebalance(ClassicGroup group, String reason) {
        switch (group.state()) {
            case EMPTY, STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            case DEAD -> { }
        }
    }

    private void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            for (GroupMember m : group.allMembers()) {
                m.assignment(null);
                if (m.awaitingSync != null) {
                    m.awaitingSync.complete(new SyncGroupResponseData()
                            .setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
                    m.awaitingSync = null;
                }
            }
        }
        boolean wasEmpty = group.is(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE);
        LOG.info("Preparing to rebalance group {} in state {} with old generation {}: {}", group.groupId(),
                group.state().wireName(), group.generationId(), reason);
        if (wasEmpty && config.initialRebalanceDelayMs() > 0) {
            group.initialDelay = true;
            int delay = Math.min(config.initialRebalanceDelayMs(), group.rebalanceTimeoutMs());
            scheduleInitialDelay(group, delay, group.rebalanceTimeoutMs() - delay, group.members.size());
        } else {
            group.initialDelay = false;
            scheduleBarrier(group, timer.nowMs() + group.rebalanceTimeoutMs(), () -> completeJoin(group));
            maybeCompleteJoin(group);
        }
    }

    /** Kafka's initial delay: while members keep arriving, wait another delay, within the rebalance timeout. */
    private void scheduleInitialDelay(ClassicGroup group, int delay, int remaining, int membersAtStart) {
        scheduleBarrier(group, timer.nowMs() + delay, () -> {
            if (group.members.size() > membersAtStart && remaining > 0) {
                int next = Math.min(delay, remaining);
                scheduleInitialDelay(group, next, remaining - next, group.members.size());
            } else {
                group.initialDelay = false;
                completeJoin(group);
            }
        });
    }

    private void scheduleBarrier(ClassicGroup group, long deadlineMs, Runnable action) {
        if (group.joinBarrier != null) {
            timer.cancel(group.joinBarrier);
        }
        TimerTask task = new TimerTask(deadlineMs) {
            @Override
            public void run() {
                synchronized (group) {
                    if (group.joinBarrier == this && group.is(GroupState.PREPARING_REBALANCE)) {
                        group.joinBarrier = null;
                        action.run();
                    }
                }
            }
        };
        group.joinBarrier = task;
        timer.add(task);
    }

    private void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.initialDelay && group.allMembersJoined()) {
            if (group.joinBarrier != null) {
                timer.cancel(group.joinBarrier);
                group.joinBarrier = null;
            }
            completeJoin(group);
        }
    }

    /** The join barrier is done: drop members that did not rejoin, start the next generation, answer the joins. */
    private void completeJoin(ClassicGroup group) {
        if (!group.is(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        for (GroupMember m : List.copyOf(group.allMembers())) {
            if (!m.isAwaitingJoin()) {
                LOG.info("Removing member {} of group {}: it did not rejoin before the rebalance timeout",
                        m.memberId(), group.groupId());
                cancelSession(m);
                group.remove(m.memberId());
            }
        }
        group.pendingMembers.clear();
        group.nextGeneration();
        if (group.is(GroupState.EMPTY)) {
            persist(group);
        }
        LOG.info("Group {} is now {} with generation {} ({} members)", group.groupId(), group.state().wireName(),
                group.generationId(), group.members.size());
        for (GroupMember m : group.allMembers()) {
            m.awaitingJoin.complete(GroupResponses.join(group, m));
            m.awaitingJoin = null;
            scheduleSession(group, m);
        }
    }

    // ---------------------------------------------------------------- SyncGroup

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
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
            scheduleSession(group, member);
            switch (group.state()) {
                case PREPARING_REBALANCE -> {
                    return GroupResponses.failedSync(Errors.REBALANCE_IN_PROGRESS);
                }
                case STABLE -> {
                    return CompletableFuture.completedFuture(GroupResponses.sync(group, member));
                }
                case COMPLETING_REBALANCE -> {
                    CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
                    member.awaitingSync = future;
                    if (group.isLeader(member.memberId())) {
                        Map<String, byte[]> assignments = new HashMap<>();
                        request.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
                        for (GroupMember m : group.allMembers()) {
                            m.assignment(assignments.get(m.memberId()));
                        }
                        group.transitionTo(GroupState.STABLE);
                        persist(group);
                        LOG.info("Assignment of group {} generation {} received from leader {}", group.groupId(),
                                group.generationId(), member.memberId());
                        for (GroupMember m : group.allMembers()) {
                            if (m.awaitingSync != null) {
                                m.awaitingSync.complete(GroupResponses.sync(group, m));
                                m.awaitingSync = null;
                            }
                        }
                    }
                    return future;
                }
                default -> {
                    return GroupResponses.failedSync(Errors.UNKNOWN_MEMBER_ID);
                }
            }
        }
    }

    // ---------------------------------------------------------------- Heartbeat

    public Errors heartbeat(HeartbeatRequestData request) {
        Errors status = registry.status(request.groupId());
        if (status != Errors.NONE) {
            return status;
        }
        ClassicGroup group = registry.get(request.groupId());
        if (group == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        synchronized (group) {
            if (group.is(GroupState.EMPTY)) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            Errors error = group.validateMember(request.memberId(), request.groupInstanceId(),
                    request.generationId());
            if (error != Errors.NONE) {
                return error;
            }
            scheduleSession(group, group.members.get(request.memberId()));
            return group.is(GroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
        }
    }

    // ---------------------------------------------------------------- LeaveGroup

    /** LeaveGroup, single (v0-v2) or batched (v3+); the response carries a per-member error from v3. */
    public LeaveGroupResponseData leaveGroup(LeaveGroupRequestData request, short version) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
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
            boolean removed = false;
            for (LeaveGroupRequestData.MemberIdentity identity : leaving) {
                Errors error = removeMember(group, identity.memberId(), identity.groupInstanceId());
                removed |= error == Errors.NONE;
                response.members().add(new LeaveGroupResponseData.MemberResponse()
                        .setMemberId(identity.memberId())
                        .setGroupInstanceId(identity.groupInstanceId())
                        .setErrorCode(error.code()));
            }
            if (removed) {
                maybePrepareRebalance(group, "members left");
            }
            if (version < 3) {
                response.setErrorCode(response.members().get(0).errorCode());
                response.members().clear();
            }
            return response;
        }
    }

    private Errors removeMember(ClassicGroup group, String memberId, String instanceId) {
        String id = memberId == null ? "" : memberId;
        if (id.isEmpty() && instanceId != null) {
            String current = group.staticMembers.get(instanceId);
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            id = current;
        } else if (instanceId != null) {
            Errors fenced = group.checkStatic(id, instanceId);
            if (fenced != Errors.NONE) {
                return fenced;
            }
        }
        if (group.pendingMembers.remove(id)) {
            return Errors.NONE;
        }
        GroupMember member = group.members.get(id);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        LOG.info("Member {} left group {}", id, group.groupId());
        dropMember(group, member);
        return Errors.NONE;
    }

    private void dropMember(ClassicGroup group, GroupMember member) {
        cancelSession(member);
        GroupResponses.failAwaiting(member, Errors.UNKNOWN_MEMBER_ID);
        group.remove(member.memberId());
    }

    // ---------------------------------------------------------------- sessions

    private void scheduleSession(ClassicGroup group, GroupMember member) {
        cancelSession(member);
        TimerTask task = new TimerTask(timer.nowMs() + member.sessionTimeoutMs()) {
            @Override
            public void run() {
                synchronized (group) {
                    if (member.sessionTask != this || group.members.get(member.memberId()) != member) {
                        return;
                    }
                    member.sessionTask = null;
                    if (member.isAwaitingJoin()) {
                        return; // the join barrier decides whether it stays
                    }
                    LOG.info("Member {} of group {} expired: no heartbeat within {} ms", member.memberId(),
                            group.groupId(), member.sessionTimeoutMs());
                    dropMember(group, member);
                    maybePrepareRebalance(group, "member " + member.memberId() + " session expired");
                }
            }
        };
        member.sessionTask = task;
        timer.add(task);
    }

    private void cancelSession(GroupMember member) {
        if (member.sessionTask != null) {
            timer.cancel(member.sessionTask);
            member.sessionTask = null;
        }
    }

    private void schedulePendingExpiry(ClassicGroup group, String memberId, int sessionTimeoutMs) {
        timer.add(new TimerTask(timer.nowMs() + sessionTimeoutMs) {
            @Override
            public void run() {
                synchronized (group) {
                    if (group.pendingMembers.remove(memberId)) {
                        maybeCompleteJoin(group);
                    }
                }
            }
        });
    }

    /** Fails everything {@code group} awaits; called when its coordinator partition is unloaded. */
    public void failPending(ClassicGroup group, Errors error) {
        if (group.joinBarrier != null) {
            timer.cancel(group.joinBarrier);
            group.joinBarrier = null;
        }
        for (GroupMember m : group.allMembers()) {
            cancelSession(m);
            GroupResponses.failAwaiting(m, error);
        }
    }

    // ---------------------------------------------------------------- persistence

    /**
     * Writes the group's state (call under its monitor). The answer to the members does not wait for it:
     * a lost write costs only a rebalance after a coordinator move, never a committed offset.
     */
    private void persist(ClassicGroup group) {
        byte[] value = GroupMetadataRecords.value(GroupMetadataRecords.snapshot(group, wallClockMs.getAsLong()));
        String groupId = group.groupId();
        log.append(config.partitionFor(groupId), List.of(new OffsetLog.Entry(GroupMetadataRecords.key(groupId),
                value))).whenComplete((error, failure) -> {
                    if (failure != null || error != Errors.NONE) {
                        LOG.warn("Could not write the metadata of group {} generation {}: {}", groupId,
                                group.generationId(), failure != null ? failure.toString() : error);
                    }
                });
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
            group.allMembers().forEach(this::cancelSession);
            if (stored == null) {
                group.restore(0, null, null, null, List.of());
                if (group.offsets.isEmpty()) {
                    group.transitionTo(GroupState.DEAD);
                    registry.remove(group);
                }
                return;
            }
            List<GroupMember> members = GroupMetadataRecords.members(stored);
            group.restore(stored.generation(), stored.protocolType(), stored.protocol(), stored.leader(), members);
            group.allMembers().forEach(m -> scheduleSession(group, m));
        }
    }

    private String newUuid() {
        synchronized (random) {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }
    }
}
