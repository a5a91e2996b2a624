/**
 * Topic administration and producer-id allocation shared by the admin request handlers: topic name
 * rules ({@link io.skiff.broker.admin.TopicNames}), topic config validation
 * ({@link io.skiff.broker.admin.TopicConfigValidator}), creation and deletion against the metadata
 * store ({@link io.skiff.broker.admin.TopicCreator}, through {@link io.skiff.broker.admin.AdminStore}), partition
 * increases ({@link io.skiff.broker.admin.PartitionCreator}), views of the
 * cluster for clients ({@link io.skiff.broker.admin.ClusterView}),
 * waiting for the cluster view to catch up ({@link io.skiff.broker.admin.SnapshotWaiter}) and
 * producer ids handed out one at a time from ZooKeeper blocks
 * ({@link io.skiff.broker.admin.ProducerIdManager}).
 *
 * <p>Nothing here touches the network: handlers in {@code io.skiff.broker.handler} translate
 * requests into these calls and results into responses. Failures are
 * {@link io.skiff.wire.protocol.ApiException}s carrying the Kafka error a client should see.
 */
package io.skiff.broker.admin;
