/**
 * Partition replica state, follower fetchers, delayed operations, and the controller and metadata store on ZooKeeper.
 */
package io.skiff.replication;
