package io.skiff.replication.delayed;

import java.util.Collection;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link DelayedOperation}s wait, each watched under one or more keys (a partition, a group).
 * An event on a key calls {@link #checkAndComplete}; the timer completes the rest at their deadlines.
 *
 * <p>No event is lost: an operation is first tried, then watched, then tried again, so an event that
 * fires between the first try and the watch is seen by the second try. Watching and the removal of
 * an empty key happen inside {@code ConcurrentHashMap.compute} on the same key, so an operation is
 * never added to a list that has just been dropped.
 *
 * <p>Completed operations still listed under other keys are swept every {@code purgeInterval}
 * watches, bounding memory when an operation watches many keys but completes through one.
 * Thread-safe.
 *
 * @param <K> watch key type
 * @param <T> operation type
 */
public final class DelayedOperationPurgatory<K, T extends DelayedOperation> {
    private final String name;
    private final Timer timer;
    private final int purgeInterval;
    private final ConcurrentHashMap<K, Queue<T>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger watchesSincePurge = new AtomicInteger();

    public DelayedOperationPurgatory(String name, Timer timer, int purgeInterval) {
        if (purgeInterval <= 0) {
            throw new IllegalArgumentException("purgeInterval must be positive: " + purgeInterval);
        }
        this.name = name;
        this.timer = timer;
        this.purgeInterval = purgeInterval;
    }

    /**
     * Completes {@code operation} now if it can, otherwise watches it under {@code keys} and starts
     * its timeout. Returns whether it completed during this call.
     */
    public boolean tryCompleteElseWatch(T operation, Collection<K> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("An operation must be watched under at least one key");
        }
        if (operation.safeTryComplete()) {
            return true;
        }
        for (K key : keys) {
            if (operation.isCompleted()) {
                break;
            }
            watchers.compute(key, (k, queue) -> {
                Queue<T> q = queue != null ? queue : new ConcurrentLinkedQueue<>();
                q.add(operation);
                return q;
            });
        }
        if (operation.safeTryComplete()) {
            return true;
        }
        if (!operation.isCompleted()) {
            operation.scheduleOn(timer);
            if (operation.isCompleted()) {
                // Completed by an event between the check and the scheduling: drop the timeout.
                timer.cancel(operation);
            }
        }
        if (watchesSincePurge.incrementAndGet() >= purgeInterval) {
            watchesSincePurge.set(0);
            purgeCompleted();
        }
        return false;
    }

    /** Tries every operation watched under {@code key}; returns how many completed. */
    public int checkAndComplete(K key) {
        Queue<T> queue = watchers.get(key);
        if (queue == null) {
            return 0;
        }
        int completed = 0;
        for (Iterator<T> it = queue.iterator(); it.hasNext(); ) {
            T op = it.next();
            if (op.isCompleted()) {
                it.remove();
            } else if (op.safeTryComplete()) {
                it.remove();
                completed++;
            }
        }
        watchers.computeIfPresent(key, (k, q) -> q.isEmpty() ? null : q);
        return completed;
    }

    /** Operations watched under {@code key}, completed ones not yet swept included. */
    public int watched(K key) {
        Queue<T> queue = watchers.get(key);
        return queue == null ? 0 : queue.size();
    }

    /** Number of keys with watchers. */
    public int watchedKeys() {
        return watchers.size();
    }

    /** Removes completed operations from every key's list and drops keys left empty. */
    public void purgeCompleted() {
        for (K key : watchers.keySet()) {
            Queue<T> queue = watchers.get(key);
            if (queue != null) {
                queue.removeIf(DelayedOperation::isCompleted);
                watchers.computeIfPresent(key, (k, q) -> q.isEmpty() ? null : q);
            }
        }
    }

    @Override
    public String toString() {
        return "DelayedOperationPurgatory(" + name + ", keys=" + watchers.size() + ")";
    }
}
