package io.skiff.replication.zk;

/**
 * Proof of controllership for fenced writes: the controller epoch this broker won and the data version
 * {@code /controller_epoch} had right after it won. A write fenced with it is applied only while that znode is still
 * at that version, i.e. while no newer controller has been elected, so a deposed controller that has not yet
 * noticed cannot overwrite its successor's decisions.
 */
public record ControllerFence(int controllerEpoch, int epochZkVersion) {}
