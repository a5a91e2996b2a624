/**
 * Cluster metadata in Apache ZooKeeper, in Kafka's historical (pre-KRaft) znode layout and JSON payloads, so an
 * operator who knows Kafka on ZooKeeper recognises every path.
 *
 * <ul>
 *   <li>{@link io.skiff.replication.zk.EmbeddedZooKeeper}: the in-process single-node server used when
 *       {@code zookeeper.connect} is not configured.</li>
 *   <li>{@link io.skiff.replication.zk.ZNodes} (paths) and {@link io.skiff.replication.zk.ZkJson} (payloads): the
 *       layout, in one place.</li>
 *   <li>{@link io.skiff.replication.zk.ZkMetadataStore}: every read and write the broker and controller make, each
 *       returning a {@link java.util.concurrent.CompletableFuture} completed off the caller's thread.</li>
 *   <li>{@link io.skiff.replication.zk.ControllerElection}: Kafka's election on the ephemeral {@code /controller}
 *       znode with a fenced {@code /controller_epoch}.</li>
 * </ul>
 */
package io.skiff.replication.zk;
