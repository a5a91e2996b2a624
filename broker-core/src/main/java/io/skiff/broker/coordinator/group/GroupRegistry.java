package io.skiff.broker.coordinator.group;

import io.skiff.wire.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * The groups this broker coordinates, and which {@code __consumer_offsets} partitions it owns. A group
 * is served only while its partition is owned and loaded: an unowned partition answers NOT_COORDINATOR,
 * one being loaded COORDINATOR_LOAD_IN_PROGRESS.
 *
 * <p>Thread-safe: the maps are concurrent; a group's contents are guarded by the group's own monitor.
 */
public final class GroupRegistry {
    private enum Load { LOADING, LOADED }

    private final GroupConfig config;
    private final IntPredicate electedHere;
    private final LongSupplier wallClockMs;
    private final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();
    private final Map<Integer, Load> partitions = new ConcurrentHashMap<>();

    /**
     * @param electedHere whether the latest cluster metadata names this broker leader of a
     *     {@code __consumer_offsets} partition: such a partition not yet being loaded is about to be, so
     *     it answers COORDINATOR_LOAD_IN_PROGRESS rather than sending the client to look elsewhere
     * @param wallClockMs the wall clock of commit and state timestamps (what {@code __consumer_offsets} stores)
     */
    public GroupRegistry(GroupConfig config, IntPredicate electedHere, LongSupplier wallClockMs) {
        this.config = config;
        this.electedHere = electedHere;
        this.wallClockMs = wallClockMs;
    }

    public GroupConfig config() {
        return config;
    }

    /** The wall clock (ms) of stored timestamps. */
    long wallClockMs() {
        return wallClockMs.getAsLong();
    }

    /** Whether some partition this broker owns is still being loaded (ListGroups cannot answer for it). */
    public boolean anyLoading() {
        return partitions.containsValue(Load.LOADING);
    }

    /** NONE when this broker serves {@code groupId} now, otherwise the error to answer. */
    public Errors status(String groupId) {
        int partition = config.partitionFor(groupId);
        Load load = partitions.get(partition);
        if (load == null) {
            return electedHere.test(partition) ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NOT_COORDINATOR;
        }
        return load == Load.LOADING ? Errors.COORDINATOR_LOAD_IN_PROGRESS : Errors.NONE;
    }

    /** INVALID_GROUP_ID for a null or empty id (as Kafka, for every group API), else {@link #status}. */
    public Errors validate(String groupId) {
        return groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID : status(groupId);
    }

    public boolean owns(int partition) {
        return partitions.containsKey(partition);
    }

    /** The partition's leadership arrived: its groups are being read back. */
    public void beginLoading(int partition) {
        partitions.put(partition, Load.LOADING);
    }

    /** Loading finished: the partition's groups are served from now on. */
    public void completeLoading(int partition) {
        partitions.replace(partition, Load.LOADING, Load.LOADED);
    }

    /** Whether the partition is owned and still being loaded. */
    public boolean isLoading(int partition) {
        return partitions.get(partition) == Load.LOADING;
    }

    /**
     * The partition's leadership left: its groups are dropped (each is marked DEAD and handed to
     * {@code onRemoved} under its lock, to fail what it still awaits).
     */
    public void unload(int partition, Consumer<ClassicGroup> onRemoved) {
        partitions.remove(partition);
        discardGroups(partition, onRemoved);
    }

    /**
     * Drops the partition's groups but keeps its load state: a failed load discards what it had read before
     * it starts again from the log start.
     */
    public void discardGroups(int partition, Consumer<ClassicGroup> onRemoved) {
        for (ClassicGroup group : List.copyOf(groups.values())) {
            if (config.partitionFor(group.groupId()) == partition) {
                groups.remove(group.groupId(), group);
                synchronized (group) {
                    onRemoved.accept(group);
                    group.transitionTo(GroupState.DEAD);
                }
            }
        }
    }

    ClassicGroup get(String groupId) {
        return groups.get(groupId);
    }

    ClassicGroup getOrCreate(String groupId) {
        return groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, wallClockMs));
    }

    /** Removes {@code group} if it is still the registered one (a deleted group is replaced by a new one). */
    void remove(ClassicGroup group) {
        groups.remove(group.groupId(), group);
    }

    List<ClassicGroup> all() {
        return new ArrayList<>(groups.values());
    }
}
