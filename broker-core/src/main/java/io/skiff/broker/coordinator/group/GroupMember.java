package io.skiff.broker.coordinator.group;

import io.skiff.replication.delayed.TimerTask;
import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.SyncGroupResponseData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group. Mutable; guarded by the lock of the {@link ClassicGroup} that holds it.
 * A member awaits at most one JoinGroup and one SyncGroup answer at a time, and has at most one pending
 * session-expiry task.
 */
final class GroupMember {
    private final String memberId;
    private final String groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private int sessionTimeoutMs;
    private int rebalanceTimeoutMs;
    /** Protocol name → subscription metadata, in the member's order of preference. */
    private Map<String, byte[]> protocols;
    private byte[] assignment = new byte[0];
    CompletableFuture<JoinGroupResponseData> awaitingJoin;
    CompletableFuture<SyncGroupResponseData> awaitingSync;
    TimerTask sessionTask;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost, int sessionTimeoutMs,
                int rebalanceTimeoutMs, Map<String, byte[]> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.protocols = new LinkedHashMap<>(protocols);
    }

    /** A copy with a new member id (a static member rejoining replaces its old id). */
    GroupMember withMemberId(String newMemberId) {
        GroupMember copy = new GroupMember(newMemberId, groupInstanceId, clientId, clientHost, sessionTimeoutMs,
                rebalanceTimeoutMs, protocols);
        copy.assignment = assignment;
        return copy;
    }

    String memberId() {
        return memberId;
    }

    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String clientId() {
        return clientId;
    }

    String clientHost() {
        return clientHost;
    }

    int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    Map<String, byte[]> protocols() {
        return protocols;
    }

    byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] value) {
        assignment = value == null ? new byte[0] : value;
    }

    boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    /** Whether {@code other} lists the same protocols with the same metadata in the same order. */
    boolean sameProtocols(Map<String, byte[]> other) {
        if (!List.copyOf(protocols.keySet()).equals(List.copyOf(other.keySet()))) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : other.entrySet()) {
            if (!java.util.Arrays.equals(protocols.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    void update(int sessionTimeout, int rebalanceTimeout, Map<String, byte[]> newProtocols) {
        this.sessionTimeoutMs = sessionTimeout;
        this.rebalanceTimeoutMs = rebalanceTimeout;
        this.protocols = new LinkedHashMap<>(newProtocols);
    }

    /** This member's vote: its most preferred protocol among {@code candidates}. */
    String vote(java.util.Set<String> candidates) {
        for (String name : protocols.keySet()) {
            if (candidates.contains(name)) {
                return name;
            }
        }
        throw new IllegalStateException("Member " + memberId + " supports none of " + candidates);
    }
}
