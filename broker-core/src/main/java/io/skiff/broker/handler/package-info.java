/**
 * Request handlers, one class per Kafka API key, registered in {@link io.skiff.broker.handler.Handlers}.
 * Each translates between the wire messages and the broker's services; none does I/O on an event loop.
 */
package io.skiff.broker.handler;
