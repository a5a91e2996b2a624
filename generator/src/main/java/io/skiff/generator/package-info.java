/**
 * The build-time code generator: reads Kafka's JSON message schemas and writes the Java message classes of the wire module.
 */
package io.skiff.generator;
