/**
 * Delayed operations: a hierarchical timer wheel and the purgatory where requests wait for an event
 * or a deadline (long-poll fetch, acks=all produce, group join barriers). Time is always supplied by
 * the owner of a {@link io.skiff.replication.delayed.Timer}, never read from the wall clock.
 */
package io.skiff.replication.delayed;
