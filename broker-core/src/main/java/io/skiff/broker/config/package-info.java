/**
 * Broker configuration: Kafka's key names and defaults, parsing, validation and the immutable
 * {@link io.skiff.broker.config.BrokerConfig} the rest of the broker reads.
 */
package io.skiff.broker.config;
