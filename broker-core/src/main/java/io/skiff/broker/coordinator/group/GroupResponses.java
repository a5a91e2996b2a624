package io.skiff.broker.coordinator.group;

import io.skiff.wire.message.JoinGroupResponseData;
import io.skiff.wire.message.JoinGroupResponseData.JoinGroupResponseMember;
import io.skiff.wire.message.SyncGroupResponseData;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The JoinGroup and SyncGroup answers built from a group's state, and the failing of a member's pending
 * ones. Call under the group's monitor.
 */
final class GroupResponses {
    private GroupResponses() {}

    static JoinGroupResponseData join(ClassicGroup group, GroupMember member) {
        List<JoinGroupResponseMember> members = new ArrayList<>();
        if (group.isLeader(member.memberId())) {
            for (GroupMember m : group.allMembers()) {
                members.add(new JoinGroupResponseMember()
                        .setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId())
                        .setMetadata(m.protocols().get(group.protocolName())));
            }
        }
        return new JoinGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId())
                .setMemberId(member.memberId())
                .setMembers(members);
    }

    /** The current generation's answer without the member list, even for the leader (it need not assign). */
    static JoinGroupResponseData joinAsFollower(ClassicGroup group, GroupMember member) {
        return join(group, member).setMembers(new ArrayList<>());
    }

    static JoinGroupResponseData joinError(Errors error, String memberId) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(-1)
                .setProtocolName(null)
                .setLeader("")
                .setMemberId(memberId);
    }

    static SyncGroupResponseData sync(ClassicGroup group, GroupMember member) {
        return new SyncGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setAssignment(member.assignment());
    }

    static CompletableFuture<JoinGroupResponseData> failedJoin(Errors error, String memberId) {
        return CompletableFuture.completedFuture(joinError(error, memberId));
    }

    static CompletableFuture<SyncGroupResponseData> failedSync(Errors error) {
        return CompletableFuture.completedFuture(new SyncGroupResponseData()
                .setErrorCode(error.code()).setAssignment(new byte[0]));
    }

    /** Answers the member's pending JoinGroup and SyncGroup, if any, with {@code error}. */
    static void failAwaiting(GroupMember member, Errors error) {
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(joinError(error, member.memberId()));
            member.awaitingJoin = null;
        }
        if (member.awaitingSync != null) {
            member.awaitingSync.complete(new SyncGroupResponseData().setErrorCode(error.code())
                    .setAssignment(new byte[0]));
            member.awaitingSync = null;
        }
    }
}
