/**
 * The network layer: Netty listeners, the per-connection pipeline (frames, request parsing, ordered
 * responses, back-pressure) and the registry of API handlers.
 */
package io.skiff.broker.network;
