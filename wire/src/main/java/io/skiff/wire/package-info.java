/**
 * The Kafka wire protocol: generated message classes, framing, record batches and compression. Knows nothing of files, sockets or brokers.
 */
package io.skiff.wire;
