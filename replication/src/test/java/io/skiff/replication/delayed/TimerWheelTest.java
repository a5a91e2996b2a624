package io.skiff.replication.delayed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

    private static final class Task extends TimerTask {
        Task(long deadlineMs) {
            super(deadlineMs);
        }

        @Override
        public void run() {}
    }

    @Test
    void taskFiresInTheTickThatReachesItsDeadlineNeverEarlier() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        long start = 1_000_003L;
        TimerWheel wheel = new TimerWheel(1, start);
        Map<TimerTask, Long> deadlines = new HashMap<>();
        // Deadlines spread over every level, with a bias to the cascade boundaries 64^n.
        for (int i = 0; i < 5_000; i++) {
            long delay = switch (random.nextInt(4)) {
                case 0 -> 1 + random.nextInt(64);
                case 1 -> 1 + random.nextInt(4096 * 2);
                case 2 -> (1L << (6 * (1 + random.nextInt(2)))) + random.nextInt(3) - 1;
                default -> 1 + random.nextInt(300_000);
            };
            Task t = new Task(start + delay);
            assertThat(wheel.schedule(t)).as("seed %d", seed).isTrue();
            deadlines.put(t, t.deadlineMs());
        }
        long now = start;
        while (!deadlines.isEmpty()) {
            now += 1 + random.nextInt(50);
            for (TimerTask t : wheel.advance(now)) {
                long deadline = deadlines.remove(t);
                assertThat(deadline).as("seed %d: fired early", seed).isLessThanOrEqualTo(now);
            }
            // Nothing that is due may still be waiting.
            long current = now;
            assertThat(deadlines.values()).as("seed %d: overdue at %d", seed, now).allMatch(d -> d > current);
        }
        assertThat(wheel.size()).isZero();
    }

    @Test
    void cancelledTaskNeverFires() {
        TimerWheel wheel = new TimerWheel(1, 0);
        Task keep = new Task(10_000);
        Task drop = new Task(10_000);
        wheel.schedule(keep);
        wheel.schedule(drop);
        assertThat(wheel.cancel(drop)).isTrue();
        assertThat(wheel.cancel(drop)).isFalse();
        assertThat(wheel.advance(20_000)).containsExactly(keep);
    }

    @Test
    void pastDeadlineIsRefusedForTheCallerToRun() {
        TimerWheel wheel = new TimerWheel(10, 1_000);
        assertThat(wheel.schedule(new Task(1_000))).isFalse();
        assertThat(wheel.schedule(new Task(999))).isFalse();
        assertThat(wheel.size()).isZero();
    }

    @Test
    void coarseTickFiresWithinOneTickAfterTheDeadline() {
        TimerWheel wheel = new TimerWheel(10, 0);
        Task t = new Task(25);
        wheel.schedule(t);
        assertThat(wheel.advance(29)).isEmpty();
        assertThat(wheel.advance(30)).containsExactly(t);
    }

    @Test
    void farDeadlinesStayScheduled() {
        TimerWheel wheel = new TimerWheel(1, 0);
        Task forever = new Task(Long.MAX_VALUE);
        wheel.schedule(forever);
        List<TimerTask> fired = new ArrayList<>();
        for (long now = 0; now <= 10_000_000L; now += 99_991) {
            fired.addAll(wheel.advance(now));
        }
        assertThat(fired).isEmpty();
        assertThat(wheel.size()).isEqualTo(1);
    }
}
