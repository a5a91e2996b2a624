package io.skiff.replication.controller;

import io.skiff.replication.zk.ErrorCodes;
import io.skiff.replication.zk.MetadataStoreException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kafka's rack-unaware replica assignment, so a topic created here is laid out as Kafka would lay it out.
 *
 * <p>Brokers are taken in ascending id order. Partition {@code p}'s first replica (its preferred leader) is broker
 * {@code (p + startIndex) mod n}, so leaders go round-robin and every broker leads either {@code floor} or
 * {@code ceil} of {@code partitions / n}. The remaining replicas follow the first at a distance
 * {@code 1 + (shift + j) mod (n - 1)} (for the j-th follower), which is never 0 or n, so a partition's replicas are
 * distinct; the shift grows by one after each full round of n partitions, so followers spread too.
 *
 * <p>Deterministic given (startIndex, replicaShift); the {@link Random} overload draws both, as Kafka does when no
 * fixed start index is given. Stateless and thread-safe.
 */
public final class ReplicaAssignor {
    private ReplicaAssignor() {}

    /** Assignment with start index and shift drawn from {@code random} (seed it for reproducibility). */
    public static Map<Integer, List<Integer>> assign(
            int partitions, int replicationFactor, Collection<Integer> brokers, Random random) {
        validate(partitions, replicationFactor, brokers);
        return assign(partitions, replicationFactor, brokers, random.nextInt(brokers.size()),
                random.nextInt(brokers.size()));
    }

    /**
     * @param partitions number of partitions, ids 0 .. partitions-1
     * @param brokers the live broker ids (any order, no duplicates)
     * @throws MetadataStoreException with {@link ErrorCodes#INVALID_PARTITIONS} if partitions is not positive, or
     *     {@link ErrorCodes#INVALID_REPLICATION_FACTOR} if the factor is not positive or exceeds the broker count
     */
    public static Map<Integer, List<Integer>> assign(
            int partitions, int replicationFactor, Collection<Integer> brokers, int startIndex, int replicaShift) {
        return assign(partitions, replicationFactor, brokers, startIndex, replicaShift, 0);
    }

    /**
     * Assignment of partitions {@code firstPartition .. firstPartition + partitions - 1}, as Kafka lays out the
     * partitions a partition increase adds: the shift starts at {@code replicaShift} at the first new partition and
     * grows at each later multiple of the broker count.
     */
    public static Map<Integer, List<Integer>> assign(int partitions, int replicationFactor, Collection<Integer> brokers,
                                                     int startIndex, int replicaShift, int firstPartition) {
        validate(partitions, replicationFactor, brokers);
        List<Integer> ids = new ArrayList<>(new TreeSet<>(brokers));
        int n = ids.size();
        int start = Math.floorMod(startIndex, n);
        int shift = Math.floorMod(replicaShift, n);
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int partition = firstPartition; partition < firstPartition + partitions; partition++) {
            if (partition > 0 && partition % n == 0) {
                shift++;
            }
            int first = (partition + start) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(ids.get(first));
            for (int j = 0; j < replicationFactor - 1; j++) {
                int distance = 1 + (shift + j) % (n - 1);
                replicas.add(ids.get((first + distance) % n));
            }
            assignment.put(partition, List.copyOf(replicas));
        }
        return assignment;
    }

    private static void validate(int partitions, int replicationFactor, Collection<Integer> brokers) {
        if (partitions <= 0) {
            throw new MetadataStoreException(
                    ErrorCodes.INVALID_PARTITIONS, "Number of partitions must be larger than 0, got " + partitions);
        }
        if (replicationFactor <= 0) {
            throw new MetadataStoreException(ErrorCodes.INVALID_REPLICATION_FACTOR,
                    "Replication factor must be larger than 0, got " + replicationFactor);
        }
        int live = new TreeSet<>(brokers).size();
        if (replicationFactor > live) {
            throw new MetadataStoreException(ErrorCodes.INVALID_REPLICATION_FACTOR,
                    "Replication factor: " + replicationFactor + " larger than available brokers: " + live);
        }
    }
}
