/**
 * One partition's on-disk log, in Apache Kafka's own file formats. Knows nothing of the network or ZooKeeper.
 */
package io.skiff.log;
