package io.skiff.broker.coordinator.group;

import io.skiff.log.TopicPartition;
import io.skiff.wire.message.DescribeGroupsResponseData.DescribedGroup;
import io.skiff.wire.message.DescribeGroupsResponseData.DescribedGroupMember;
import io.skiff.wire.message.ListGroupsResponseData.ListedGroup;
import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The administrative group APIs: ListGroups (state and type filters), DescribeGroups and DeleteGroups.
 * Deleting a group writes a tombstone for its metadata and each committed offset as the group disappears; only an
 * EMPTY group (no members) can be deleted, as in Kafka. Thread-safe (each group under its own monitor).
 */
public final class GroupAdmin {
    /** The type every group of this coordinator has (KIP-848 "consumer" groups do not exist yet). */
    public static final String CLASSIC = "classic";

    private final GroupRegistry registry;
    private final OffsetLog log;

    public GroupAdmin(GroupRegistry registry, OffsetLog log) {
        this.registry = registry;
        this.log = log;
    }

    /**
     * Whether ListGroups can answer now: Kafka fails the whole listing with COORDINATOR_LOAD_IN_PROGRESS while
     * one of the coordinator's partitions is loading, rather than list only some groups.
     */
    public Errors listStatus() {
        return registry.anyLoading() ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NONE;
    }

    /** The groups whose state and type pass the (case-insensitive, empty = all) filters, by group id. */
    public List<ListedGroup> list(List<String> statesFilter, List<String> typesFilter) {
        Set<String> states = lower(statesFilter);
        Set<String> types = lower(typesFilter);
        List<ListedGroup> result = new ArrayList<>();
        if (!types.isEmpty() && !types.contains(CLASSIC)) {
            return result;
        }
        for (ClassicGroup group : registry.all()) {
            if (registry.status(group.groupId()) != Errors.NONE) {
                continue;
            }
            synchronized (group) {
                if (group.is(GroupState.DEAD)) {
                    continue;
                }
                String state = group.state().wireName();
                if (!states.isEmpty() && !states.contains(state.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                result.add(new ListedGroup().setGroupId(group.groupId())
                        .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                        .setGroupState(state).setGroupType(CLASSIC));
            }
        }
        result.sort(Comparator.comparing(ListedGroup::groupId));
        return result;
    }

    private static Set<String> lower(List<String> values) {
        return values == null ? Set.of()
                : values.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /**
     * One group's description. Metadata and assignments are shown only when the group is STABLE (they
     * are in flux otherwise). An unknown group is "Dead" with no error before v6, GROUP_ID_NOT_FOUND from v6.
     */
    public DescribedGroup describe(String groupId, boolean unknownIsError) {
        DescribedGroup described = new DescribedGroup().setGroupId(groupId).setProtocolType("").setProtocolData("");
        Errors status = registry.validate(groupId);
        if (status != Errors.NONE) {
            return described.setErrorCode(status.code()).setGroupState(""); // Kafka's groupError: unknown state
        }
        ClassicGroup group = registry.get(groupId);
        if (group == null) {
            described.setGroupState(GroupState.DEAD.wireName());
            if (unknownIsError) {
                described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                        .setErrorMessage("Group " + groupId + " not found.");
            }
            return described;
        }
        synchronized (group) {
            boolean stable = group.is(GroupState.STABLE);
            described.setGroupState(group.state().wireName())
                    .setProtocolType(group.protocolType() == null ? "" : group.protocolType())
                    .setProtocolData(stable ? group.protocolName() : "");
            for (GroupMember m : group.allMembers()) {
                byte[] metadata = stable ? m.protocols().get(group.protocolName()) : null;
                described.members().add(new DescribedGroupMember()
                        .setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId())
                        .setClientId(m.clientId() == null ? "" : m.clientId())
                        .setClientHost(m.clientHost())
                        .setMemberMetadata(metadata == null ? new byte[0] : metadata)
                        .setMemberAssignment(stable ? m.assignment() : new byte[0]));
            }
        }
        return described;
    }

    /** Deletes an empty group and its committed offsets; completes with the group's error. */
    public CompletableFuture<Errors> delete(String groupId) {
        Errors status = registry.validate(groupId);
        if (status != Errors.NONE) {
            return CompletableFuture.completedFuture(status);
        }
        ClassicGroup group = registry.get(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        List<OffsetLog.Entry> tombstones = new ArrayList<>();
        synchronized (group) {
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
            }
            if (!group.is(GroupState.EMPTY)) {
                return CompletableFuture.completedFuture(Errors.NON_EMPTY_GROUP);
            }
            for (TopicPartition tp : group.offsets.keySet()) {
                tombstones.add(new OffsetLog.Entry(OffsetRecords.offsetKey(groupId, tp.topic(), tp.partition()), null));
            }
            tombstones.add(new OffsetLog.Entry(GroupMetadataRecords.key(groupId), null));
            group.transitionTo(GroupState.DEAD);
            registry.remove(group);
        }
        return log.append(registry.config().partitionFor(groupId), tombstones).toCompletableFuture()
                .exceptionally(Errors::forException);
    }
}
