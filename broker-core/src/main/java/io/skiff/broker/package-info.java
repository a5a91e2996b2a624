/**
 * The broker process: Netty server, request handlers (one per API key), coordinators, configs and main.
 */
package io.skiff.broker;
