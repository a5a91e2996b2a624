package io.skiff.replication.zk;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;

/**
 * The partition-state part of {@link ZkMetadataStore}: reads, watches, and the versioned (optionally
 * controller-fenced) writes of {@code /brokers/topics/<t>/partitions/<p>/state}. Thread-safe; see the store for the
 * threading and failure rules.
 */
final class ZkPartitionStates {
    private final ZkSession session;

    ZkPartitionStates(ZkSession session) {
        this.session = session;
    }

    /**
     * Writes a partition's first state. {@link CasResult.Outcome#VERSION_CONFLICT} means a state already exists (it is
     * left unchanged); on success the new zkVersion is 0.
     */
    CompletableFuture<CasResult> createPartitionState(String topic, int partition, PartitionState state) {
        return session.run(() -> {
            try {
                session.client.create().creatingParentsIfNeeded()
                        .forPath(ZNodes.partitionState(topic, partition), ZkJson.partitionState(state));
                return new CasResult(CasResult.Outcome.UPDATED, 0);
            } catch (KeeperException.NodeExistsException e) {
                return new CasResult(CasResult.Outcome.VERSION_CONFLICT, PartitionState.UNKNOWN_ZK_VERSION);
            }
        });
    }

    /**
     * As {@link #createPartitionState(String, int, PartitionState)}, but only while {@code fence} is current;
     * otherwise {@link CasResult.Outcome#CONTROLLER_MOVED}.
     */
    CompletableFuture<CasResult> createPartitionState(
            String topic, int partition, PartitionState state, ControllerFence fence) {
        return session.run(() -> {
            String path = ZNodes.partitionState(topic, partition);
            session.createIfAbsent(path.substring(0, path.lastIndexOf('/')));
            return fencedWrite(fence,
                    session.client.transactionOp().create().forPath(path, ZkJson.partitionState(state)),
                    KeeperException.Code.NODEEXISTS);
        });
    }

    /**
     * As {@link #compareAndSetPartitionState(String, int, PartitionState, int)}, but only while {@code fence} is
     * current; otherwise {@link CasResult.Outcome#CONTROLLER_MOVED}.
     */
    CompletableFuture<CasResult> compareAndSetPartitionState(
            String topic, int partition, PartitionState newState, int expectedZkVersion, ControllerFence fence) {
        return session.run(() -> fencedWrite(fence,
                session.client.transactionOp().setData().withVersion(expectedZkVersion)
                        .forPath(ZNodes.partitionState(topic, partition), ZkJson.partitionState(newState)),
                KeeperException.Code.BADVERSION));
    }

    /**
     * Runs {@code write} in one transaction after a version check of {@code /controller_epoch}. The failing
     * operation's code tells a moved controller from a lost race ({@code conflictCode}) or a missing node.
     */
    private CasResult fencedWrite(ControllerFence fence, CuratorOp write, KeeperException.Code conflictCode)
            throws Exception {
        CuratorOp check = session.client.transactionOp().check().withVersion(fence.epochZkVersion())
                .forPath(ZNodes.CONTROLLER_EPOCH);
        try {
            List<CuratorTransactionResult> results =
                    session.client.transaction().forOperations(check, write);
            Stat stat = results.get(1).getResultStat();
            return new CasResult(CasResult.Outcome.UPDATED, stat == null ? 0 : stat.getVersion());
        } catch (KeeperException e) {
            List<OpResult> results = e.getResults();
            if (results != null && results.size() == 2
                    && results.get(0) instanceof OpResult.ErrorResult first
                    && first.getErr() != KeeperException.Code.OK.intValue()
                    && first.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return new CasResult(CasResult.Outcome.CONTROLLER_MOVED, PartitionState.UNKNOWN_ZK_VERSION);
            }
            if (e.code() == conflictCode) {
                return new CasResult(CasResult.Outcome.VERSION_CONFLICT, PartitionState.UNKNOWN_ZK_VERSION);
            }
            if (e.code() == KeeperException.Code.NONODE) {
                return new CasResult(CasResult.Outcome.NO_NODE, PartitionState.UNKNOWN_ZK_VERSION);
            }
            throw e;
        }
    }

    /** The partition's state with its current zkVersion, or empty if it has none yet. */
    CompletableFuture<Optional<PartitionState>> getPartitionState(String topic, int partition) {
        return session.run(() -> readPartitionState(topic, partition));
    }

    /** Every partition state of a topic, by partition id; partitions without a state are absent. */
    CompletableFuture<Map<Integer, PartitionState>> getPartitionStates(String topic) {
        return session.run(() -> {
            Map<Integer, PartitionState> states = new TreeMap<>();
            List<String> partitions;
            try {
                partitions = session.client.getChildren().forPath(ZNodes.partitions(topic));
            } catch (KeeperException.NoNodeException e) {
                return states;
            }
            for (String p : partitions) {
                int partition = Integer.parseInt(p);
                readPartitionState(topic, partition).ifPresent(s -> states.put(partition, s));
            }
            return states;
        });
    }

    /**
     * Calls the listener with the partition's state (with its zkVersion), or empty while it has none, now and after
     * each change, until the handle closes: how a broker learns that it leads or follows. A state that cannot be
     * parsed is logged and skipped.
     */
    AutoCloseable watchPartitionState(
            String topic, int partition, Consumer<Optional<PartitionState>> listener) {
        return session.watchData(ZNodes.partitionState(topic, partition), node -> node.map(
                v -> ZkJson.decodePartitionState(v.data(), v.version())), listener);
    }

    private Optional<PartitionState> readPartitionState(String topic, int partition) throws Exception {
        Stat stat = new Stat();
        return session.readIfExists(ZNodes.partitionState(topic, partition), stat)
                .map(data -> ZkJson.decodePartitionState(data, stat.getVersion()));
    }

    /**
     * Replaces a partition's state only if its znode is still at {@code expectedZkVersion} (the version the caller
     * read). A stale writer gets {@link CasResult.Outcome#VERSION_CONFLICT} and the stored state is unchanged.
     */
    CompletableFuture<CasResult> compareAndSetPartitionState(
            String topic, int partition, PartitionState newState, int expectedZkVersion) {
        return session.run(() -> {
            try {
                Stat stat = session.client.setData()
                        .withVersion(expectedZkVersion)
                        .forPath(ZNodes.partitionState(topic, partition), ZkJson.partitionState(newState));
                return new CasResult(CasResult.Outcome.UPDATED, stat.getVersion());
            } catch (KeeperException.BadVersionException e) {
                return new CasResult(CasResult.Outcome.VERSION_CONFLICT, PartitionState.UNKNOWN_ZK_VERSION);
            } catch (KeeperException.NoNodeException e) {
                return new CasResult(CasResult.Outcome.NO_NODE, PartitionState.UNKNOWN_ZK_VERSION);
            }
        });
    }
}
