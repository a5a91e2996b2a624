/**
 * The classic consumer-group coordinator: the group state machine ({@link io.skiff.broker.coordinator.group.ClassicGroup}),
 * the join/sync/heartbeat/leave protocol ({@link io.skiff.broker.coordinator.group.GroupCoordinator}) with its join
 * barrier, sessions and sync deadlines on the broker's timer wheel ({@link io.skiff.broker.coordinator.group.Rebalancer}),
 * committed offsets and their expiry ({@link io.skiff.broker.coordinator.group.OffsetManager}), the administrative APIs
 * ({@link io.skiff.broker.coordinator.group.GroupAdmin}), all persisted as Kafka-format records in
 * {@code __consumer_offsets} ({@link io.skiff.broker.coordinator.group.OffsetRecords},
 * {@link io.skiff.broker.coordinator.group.GroupMetadataRecords}) and read back when that topic's leadership arrives
 * ({@link io.skiff.broker.coordinator.group.CoordinatorLoader}).
 */
package io.skiff.broker.coordinator.group;
