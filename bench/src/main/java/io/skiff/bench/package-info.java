/**
 * JMH micro-benchmarks. Not run by the build: package the module and run the shaded jar, as each
 * benchmark's class comment shows.
 */
package io.skiff.bench;
