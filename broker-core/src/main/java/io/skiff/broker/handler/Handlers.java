package io.skiff.broker.handler;

import io.skiff.broker.BrokerServices;
import io.skiff.broker.admin.AdminStore;
import io.skiff.broker.admin.ConfigAlterer;
import io.skiff.broker.admin.ConfigStore;
import io.skiff.broker.config.BrokerConfigs;
import io.skiff.broker.coordinator.group.GroupServices;
import io.skiff.broker.network.HandlerRegistry;
import io.skiff.replication.partition.ReplicaManager;
import java.security.SecureRandom;

/**
 * The one place where request handlers are registered: what is listed here is exactly what the
 * broker implements and advertises in ApiVersions.
 */
public final class Handlers {
    private Handlers() {}

    /**
     * @param elector the controller's leader election (ElectLeaders); the controller need not be started yet
     */
    public static HandlerRegistry install(BrokerServices services, ReplicaManager replicaManager,
                                          ElectLeadersHandler.Elector elector) {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(new ApiVersionsHandler(registry));
        registry.register(new ProduceHandler(replicaManager, services.ioPool()));
        registry.register(new FetchHandler(replicaManager, new FetchSessionCache(
                services.config().get(BrokerConfigs.MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS), new SecureRandom()),
                services.ioPool()));
        registry.register(new ListOffsetsHandler(replicaManager, services.ioPool()));
        registry.register(new OffsetForLeaderEpochHandler(replicaManager));
        registry.register(new MetadataHandler(services));
        registry.register(new CreateTopicsHandler(services));
        registry.register(new DeleteTopicsHandler(services));
        registry.register(new InitProducerIdHandler(services));
        registry.register(new DescribeClusterHandler(services));
        registry.register(new DescribeConfigsHandler(services));
        ConfigAlterer alterer = new ConfigAlterer(services.topicConfigs(), ConfigStore.of(services.store()),
                services::cluster, services.brokerId());
        registry.register(new AlterConfigsHandler(alterer, services.ioPool()));
        registry.register(new IncrementalAlterConfigsHandler(alterer, services.ioPool()));
        AdminStore admin = AdminStore.of(services.store(), services.metadata());
        registry.register(new CreatePartitionsHandler(services));
        registry.register(new DeleteRecordsHandler(replicaManager, services.logManager()::checkpointLogOffsets,
                services.ioPool()));
        registry.register(new DescribeLogDirsHandler(services.config().logDirs(), services.logManager(),
                replicaManager, services.ioPool()));
        registry.register(new DescribeTopicPartitionsHandler(admin,
                services.config().get(BrokerConfigs.MAX_REQUEST_PARTITION_SIZE_LIMIT)));
        registry.register(new ElectLeadersHandler(elector));
        registry.register(new ListPartitionReassignmentsHandler(admin));
        registry.register(new AlterPartitionReassignmentsHandler(admin));
        GroupServices groups = GroupServices.start(services, replicaManager);
        registry.register(FindCoordinatorHandler.create(services, groups.config()));
        registry.register(new JoinGroupHandler(groups.coordinator()));
        registry.register(new SyncGroupHandler(groups.coordinator()));
        registry.register(new HeartbeatHandler(groups.coordinator()));
        registry.register(new LeaveGroupHandler(groups.coordinator()));
        TopicIdLookup topicIds = TopicIdLookup.of(replicaManager);
        registry.register(new OffsetCommitHandler(groups.offsets(), topicIds));
        registry.register(new OffsetFetchHandler(groups.offsets(), topicIds));
        registry.register(new OffsetDeleteHandler(groups.offsets()));
        registry.register(new ListGroupsHandler(groups.admin()));
        registry.register(new DescribeGroupsHandler(groups.admin()));
        registry.register(new DeleteGroupsHandler(groups.admin()));
        return registry;
    }
}
