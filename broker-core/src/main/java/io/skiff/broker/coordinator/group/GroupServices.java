package io.skiff.broker.coordinator.group;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.replication.partition.ReplicaManager;
import java.security.SecureRandom;

/**
 * The group coordinator's parts wired together for a running broker: the registry, the membership
 * protocol, committed offsets over {@code __consumer_offsets}, and the loader that follows that topic's
 * leadership (registered as a metadata listener here, so it must be built before the watcher starts).
 */
public record GroupServices(GroupConfig config, GroupRegistry registry, GroupCoordinator coordinator,
                            OffsetManager offsets, GroupAdmin admin) {
    /** How long an offset commit waits for replication before COORDINATOR_NOT_AVAILABLE (Kafka's default). */
    private static final long COMMIT_TIMEOUT_MS = 5000L;

    public static GroupServices start(BrokerServices services, ReplicaManager replicaManager) {
        GroupConfig config = GroupConfig.from(services.config());
        GroupRegistry registry = new GroupRegistry(config, partition -> services.cluster()
                .state(ReplicatedOffsetLog.TOPIC, partition)
                .map(state -> state.leader() == services.brokerId())
                .orElse(false), services.time()::milliseconds);
        OffsetLog log = new ReplicatedOffsetLog(replicaManager, COMMIT_TIMEOUT_MS, services.time()::milliseconds);
        GroupCoordinator coordinator = new GroupCoordinator(registry, services.timer(), new SecureRandom(), log);
        OffsetManager offsets = new OffsetManager(registry, coordinator, log);
        long retentionMs = services.config().get(BrokerConfigs.OFFSETS_RETENTION_MINUTES) * 60_000L;
        long checkMs = services.config().get(BrokerConfigs.OFFSETS_RETENTION_CHECK_INTERVAL_MS);
        services.scheduler().schedulePeriodically("group-offset-expiry", () -> offsets.expireOffsets(retentionMs),
                checkMs, checkMs);
        services.metadata().addListener(new TopicDeletions(offsets));
        services.metadata().addListener(
                new CoordinatorLoader(registry, coordinator, offsets, replicaManager, services.ioPool(),
                        services.timer()));
        return new GroupServices(config, registry, coordinator, offsets, new GroupAdmin(registry, log));
    }
}
