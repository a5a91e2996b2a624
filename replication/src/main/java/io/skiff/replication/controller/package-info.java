/**
 * The controller role: a pure state machine ({@link io.skiff.replication.controller.ControllerStateMachine}) fed
 * events and answering with commands, the replica assignment algorithm
 * ({@link io.skiff.replication.controller.ReplicaAssignor}), the rules of administrator-requested leader elections
 * ({@link io.skiff.replication.controller.LeaderElection}, carried out by
 * {@link io.skiff.replication.controller.ZkLeaderElector}), and the adapter that connects them to ZooKeeper
 * ({@link io.skiff.replication.controller.ZkControllerAdapter}). Nothing in the state machine does I/O or reads a
 * clock, so it can be driven by a seeded deterministic simulation.
 */
package io.skiff.replication.controller;
