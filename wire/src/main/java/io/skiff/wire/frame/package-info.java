/**
 * Kafka's framing: every request and response is an int32 big-endian size followed by that many
 * bytes. {@link io.skiff.wire.frame.KafkaFrameDecoder} cuts an inbound byte stream into frames,
 * refusing an absurd size before buffering any of its body.
 */
package io.skiff.wire.frame;
