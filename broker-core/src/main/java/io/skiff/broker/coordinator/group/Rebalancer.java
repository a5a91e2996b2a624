package io.skiff.broker.coordinator.group;

import io.skiff.replication.delayed.Timer;
import io.skiff.replication.delayed.TimerTask;
import io.skiff.wire.message.SyncGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timed half of the classic protocol: the join barrier (rebalance timeout, initial delay), the move to
 * the next generation, member sessions, the expiry of pending member ids and of members that never send
 * their SyncGroup, and the writing of the group's metadata record. Every task is a {@link TimerTask} on the
 * broker's timer wheel; no thread ever sleeps.
 *
 * <p>Every method must be called under the group's monitor; a task takes that monitor before it looks at
 * the group, and does nothing when it has been superseded (each kind of task is remembered on the group or
 * member, and a task acts only while it is still the remembered one).
 */
final class Rebalancer {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);

    private final GroupConfig config;
    private final Timer timer;
    private final OffsetLog log;

    Rebalancer(GroupConfig config, Timer timer, OffsetLog log) {
        this.config = config;
        this.timer = timer;
        this.log = log;
    }

    // ---------------------------------------------------------------- join barrier

    /** A member joined, rejoined or left: start a rebalance, or see whether the running one is complete. */
    void maybePrepareRebalance(ClassicGroup group, String reason) {
        switch (group.state()) {
            case EMPTY, STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, reason);
            case PREPARING_REBALANCE -> maybeCompleteJoin(group);
            case DEAD -> { }
        }
    }

    void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            // The assignment being collected is void: members waiting for it rejoin.
            for (GroupMember m : group.allMembers()) {
                m.assignment(null);
                if (m.awaitingSync != null) {
                    m.awaitingSync.complete(new SyncGroupResponseData()
                            .setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()).setAssignment(new byte[0]));
                    m.awaitingSync = null;
                }
            }
        }
        cancelSyncDeadline(group);
        boolean wasEmpty = group.is(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE);
        LOG.info("Preparing to rebalance group {} in state {} with old generation {} (reason: {})", group.groupId(),
                group.state().wireName(), group.generationId(), reason);
        int rebalanceTimeout = group.rebalanceTimeoutMs();
        if (wasEmpty && config.initialRebalanceDelayMs() > 0) {
            // Kafka's group.initial.rebalance.delay.ms: the first members of an empty group wait for more.
            group.initialDelay = true;
            int delay = config.initialRebalanceDelayMs();
            scheduleInitialDelay(group, delay, Math.max(rebalanceTimeout - delay, 0), group.members.size());
        } else {
            group.initialDelay = false;
            scheduleBarrier(group, timer.nowMs() + rebalanceTimeout, () -> completeJoin(group));
            maybeCompleteJoin(group);
        }
    }

    /** While members keep arriving, wait another delay, as long as the rebalance timeout leaves room. */
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

    /** Completes the barrier at once when every member has rejoined (outside an initial delay). */
    void maybeCompleteJoin(ClassicGroup group) {
        if (group.is(GroupState.PREPARING_REBALANCE) && !group.initialDelay && group.allMembersJoined()) {
            if (group.joinBarrier != null) {
                timer.cancel(group.joinBarrier);
                group.joinBarrier = null;
            }
            completeJoin(group);
        }
    }

    /**
     * The join barrier is done: drop members that did not rejoin, start the next generation, answer the
     * joins, and give every member the rebalance timeout to send its SyncGroup.
     */
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
            group.pendingSync.add(m.memberId());
        }
        if (!group.pendingSync.isEmpty()) {
            scheduleSyncDeadline(group);
        }
    }

    // ---------------------------------------------------------------- pending SyncGroups

    /** Kafka's pending-sync expiry: members of a generation that never sync are removed after the timeout. */
    private void scheduleSyncDeadline(ClassicGroup group) {
        if (group.syncDeadline != null) {
            timer.cancel(group.syncDeadline);
        }
        int generation = group.generationId();
        TimerTask task = new TimerTask(timer.nowMs() + group.rebalanceTimeoutMs()) {
            @Override
            public void run() {
                synchronized (group) {
                    if (group.syncDeadline != this || group.generationId() != generation
                            || !(group.is(GroupState.COMPLETING_REBALANCE) || group.is(GroupState.STABLE))) {
                        return;
                    }
                    group.syncDeadline = null;
                    Set<String> missing = new TreeSet<>(group.pendingSync);
                    if (missing.isEmpty()) {
                        return;
                    }
                    for (String id : missing) {
                        group.member(id).ifPresent(m -> dropMember(group, m));
                    }
                    prepareRebalance(group, "removing " + missing + " on pending sync request expiration");
                }
            }
        };
        group.syncDeadline = task;
        timer.add(task);
    }

    /** A member's SyncGroup arrived: once every member has sent one, nothing is left to expire. */
    void synced(ClassicGroup group, String memberId) {
        if (group.pendingSync.remove(memberId) && group.pendingSync.isEmpty()) {
            cancelSyncDeadline(group);
        }
    }

    private void cancelSyncDeadline(ClassicGroup group) {
        group.pendingSync.clear();
        if (group.syncDeadline != null) {
            timer.cancel(group.syncDeadline);
            group.syncDeadline = null;
        }
    }

    // ---------------------------------------------------------------- sessions

    /** (Re)starts the member's session: it expires unless a heartbeat, join, sync or commit comes first. */
    void scheduleSession(ClassicGroup group, GroupMember member) {
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
                    maybePrepareRebalance(group, "removing member " + member.memberId() + " on heartbeat expiration");
                }
            }
        };
        member.sessionTask = task;
        timer.add(task);
    }

    void cancelSession(GroupMember member) {
        if (member.sessionTask != null) {
            timer.cancel(member.sessionTask);
            member.sessionTask = null;
        }
    }

    /** A member id handed out with MEMBER_ID_REQUIRED lapses unless it joins within its session timeout. */
    void schedulePendingExpiry(ClassicGroup group, String memberId, int sessionTimeoutMs) {
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

    /** Removes a member, answering whatever it still awaits with UNKNOWN_MEMBER_ID. */
    void dropMember(ClassicGroup group, GroupMember member) {
        cancelSession(member);
        GroupResponses.failAwaiting(member, Errors.UNKNOWN_MEMBER_ID);
        group.remove(member.memberId());
    }

    /** Fails everything {@code group} awaits; called when its coordinator partition is unloaded. */
    void failPending(ClassicGroup group, Errors error) {
        if (group.joinBarrier != null) {
            timer.cancel(group.joinBarrier);
            group.joinBarrier = null;
        }
        cancelSyncDeadline(group);
        for (GroupMember m : group.allMembers()) {
            cancelSession(m);
            GroupResponses.failAwaiting(m, error);
        }
    }

    // ---------------------------------------------------------------- persistence

    /**
     * Writes the group's state. The answer to the members does not wait for it: a lost write costs only a
     * rebalance after a coordinator move, never a committed offset.
     */
    void persist(ClassicGroup group) {
        byte[] value = GroupMetadataRecords.value(GroupMetadataRecords.snapshot(group));
        String groupId = group.groupId();
        int generation = group.generationId();
        log.append(config.partitionFor(groupId), List.of(new OffsetLog.Entry(GroupMetadataRecords.key(groupId),
                value))).whenComplete((error, failure) -> {
                    if (failure != null || error != Errors.NONE) {
                        LOG.warn("Could not write the metadata of group {} generation {}: {}", groupId, generation,
                                failure != null ? failure.toString() : error);
                    }
                });
    }
}
