package io.skiff.broker;

import io.skiff.broker.admin.TopicConfigs;
import io.skiff.broker.config.BrokerConfig;
import io.skiff.log.LogManager;
import io.skiff.log.Scheduler;
import io.skiff.log.Time;
import io.skiff.replication.delayed.Timer;
import io.skiff.replication.zk.ClusterSnapshot;
import io.skiff.replication.zk.ZkMetadataStore;
import io.skiff.replication.zk.ZkMetadataWatcher;
import java.util.concurrent.ExecutorService;

/**
 * The long-lived parts of a running broker that request handlers are built from. Created by
 * {@link Broker} in dependency order and closed by it in reverse; handlers never close them.
 *
 * @param config validated static configuration ({@code server.properties}); the dynamic view is
 *     {@code topicConfigs().broker().current()}
 * @param brokerId this broker's id (resolved: never -1)
 * @param clusterId the cluster id from ZooKeeper
 * @param time the clock (injected: tests substitute their own)
 * @param store cluster metadata in ZooKeeper (asynchronous calls)
 * @param metadata the live view of brokers, topics and partition states
 * @param logManager every partition log on this broker's disks
 * @param timer the timer wheel behind every delayed operation
 * @param scheduler periodic background work
 * @param ioPool threads for work that must not run on an event loop (fsync, blocking I/O)
 * @param topicConfigs every topic's configuration and the dynamic broker configuration behind it
 */
public record BrokerServices(
        BrokerConfig config,
        int brokerId,
        String clusterId,
        Time time,
        ZkMetadataStore store,
        ZkMetadataWatcher metadata,
        LogManager logManager,
        Timer timer,
        Scheduler scheduler,
        ExecutorService ioPool,
        TopicConfigs topicConfigs) {

    /** The latest cluster view. */
    public ClusterSnapshot cluster() {
        return metadata.snapshot();
    }
}
