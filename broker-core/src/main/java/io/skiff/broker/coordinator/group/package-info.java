/**
 * The classic consumer-group coordinator: the group state machine ({@link io.skiff.broker.coordinator.group.ClassicGroup}),
 * the join/sync/heartbeat/leave protocol and session expiry on the broker's timer wheel
 * ({@link io.skiff.broker.coordinator.group.GroupCoordinator}), and committed offsets persisted as Kafka-format
 * records in {@code __consumer_offsets} ({@link io.skiff.broker.coordinator.group.OffsetStore},
 * {@link io.skiff.broker.coordinator.group.OffsetRecords}).
 */
package io.skiff.broker.coordinator.group;
