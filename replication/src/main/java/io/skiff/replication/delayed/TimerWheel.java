package io.skiff.replication.delayed;

import java.util.ArrayList;
import java.util.List;

/**
 * A hierarchical timing wheel: O(1) schedule and cancel for very many short-lived timeouts (every
 * long-poll fetch, every {@code acks=all} produce, every group member's session), where nearly all
 * are cancelled long before they fire.
 *
 * <p>Level 0 has {@link #SLOTS} buckets of {@code tickMs} each; level {@code n} buckets span
 * {@code tickMs * SLOTS^n}. A task goes to the lowest level whose span covers its remaining delay
 * and cascades down as time approaches its deadline, so each task is touched at most once per level.
 * Resolution is {@code tickMs}: a task fires no earlier than its deadline and at most one tick after
 * the {@link #advance} call that passes it.
 *
 * <p>The wheel never reads a clock: its owner passes the current time to {@link #advance}, which is
 * what makes timeouts deterministic under test. Not thread-safe; {@link SystemTimer} and
 * {@link ManualTimer} serialise access.
 */
public final class TimerWheel {
    static final int SLOTS = 64;
    private static final int LEVELS = 6; // 64^6 ticks: beyond any timeout Kafka configures

    private final long tickMs;
    private final Bucket[][] wheels = new Bucket[LEVELS][SLOTS];
    private long currentTick;
    private int size;

    /** A bucket: a sentinel-headed circular list of tasks. */
    static final class Bucket {
        final TimerTask head = new TimerTask(Long.MIN_VALUE) {
            @Override
            public void run() {}
        };

        Bucket() {
            head.prev = head;
            head.next = head;
        }

        void add(TimerTask task) {
            task.prev = head.prev;
            task.next = head;
            head.prev.next = task;
            head.prev = task;
            task.bucket = this;
        }

        static void unlink(TimerTask task) {
            task.prev.next = task.next;
            task.next.prev = task.prev;
            task.prev = null;
            task.next = null;
            task.bucket = null;
        }

        /** Detaches and returns every task of this bucket. */
        List<TimerTask> drain() {
            List<TimerTask> tasks = new ArrayList<>();
            for (TimerTask t = head.next; t != head; ) {
                TimerTask next = t.next;
                unlink(t);
                tasks.add(t);
                t = next;
            }
            return tasks;
        }
    }

    public TimerWheel(long tickMs, long startMs) {
        if (tickMs <= 0) {
            throw new IllegalArgumentException("tickMs must be positive: " + tickMs);
        }
        this.tickMs = tickMs;
        this.currentTick = Math.floorDiv(startMs, tickMs);
        for (Bucket[] level : wheels) {
            for (int i = 0; i < SLOTS; i++) {
                level[i] = new Bucket();
            }
        }
    }

    /** Number of scheduled tasks. */
    public int size() {
        return size;
    }

    /**
     * Schedules {@code task}. Returns false, scheduling nothing, when its deadline has already
     * passed: the caller runs it at once.
     */
    public boolean schedule(TimerTask task) {
        if (task.bucket != null) {
            throw new IllegalStateException("Task already scheduled");
        }
        long tick = tickOf(task.deadlineMs());
        if (tick <= currentTick) {
            return false;
        }
        place(task, tick);
        size++;
        return true;
    }

    /** Removes {@code task} if it is scheduled; returns whether it was. */
    public boolean cancel(TimerTask task) {
        if (task.bucket == null) {
            return false;
        }
        Bucket.unlink(task);
        size--;
        return true;
    }

    /**
     * Moves time forward to {@code nowMs} and returns the tasks now due, in no particular order, for
     * the caller to run outside any lock.
     */
    public List<TimerTask> advance(long nowMs) {
        long target = Math.floorDiv(nowMs, tickMs);
        List<TimerTask> due = new ArrayList<>();
        if (size == 0) {
            currentTick = Math.max(currentTick, target);
            return due;
        }
        while (currentTick < target) {
            currentTick++;
            cascade(currentTick);
            for (TimerTask t : wheels[0][(int) (currentTick & (SLOTS - 1))].drain()) {
                size--;
                due.add(t);
            }
            if (size == 0) {
                currentTick = target;
            }
        }
        return due;
    }

    /** Milliseconds from {@code nowMs} until the next tick boundary; a timer thread sleeps this long. */
    public long millisToNextTick(long nowMs) {
        return tickMs - Math.floorMod(nowMs, tickMs);
    }

    /**
     * When a higher level's slot comes round, re-place its tasks closer to the ground. Levels are
     * cascaded top-down so that tasks falling from level n into level n-1 land before that level's
     * own slot for this tick is cascaded in turn.
     */
    private void cascade(long tick) {
        int top = 0;
        while (top < LEVELS - 1 && (tick & ((1L << (6 * (top + 1))) - 1)) == 0) {
            top++;
        }
        for (int level = top; level >= 1; level--) {
            int slot = (int) ((tick >>> (6 * level)) & (SLOTS - 1));
            for (TimerTask t : wheels[level][slot].drain()) {
                place(t, Math.max(tickOf(t.deadlineMs()), tick));
            }
        }
    }

    /** The first tick at or after {@code deadlineMs}: rounding up is what keeps tasks from firing early. */
    private long tickOf(long deadlineMs) {
        return -Math.floorDiv(-deadlineMs, tickMs);
    }

    private void place(TimerTask task, long tick) {
        long delta = tick - currentTick;
        int level = 0;
        while (level < LEVELS - 1 && delta >= (1L << (6 * (level + 1)))) {
            level++;
        }
        long clamped = level == LEVELS - 1 ? Math.min(tick, currentTick + (1L << (6 * LEVELS)) - 1) : tick;
        int slot = (int) ((clamped >>> (6 * level)) & (SLOTS - 1));
        wheels[level][slot].add(task);
    }
}
