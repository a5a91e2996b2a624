package io.skiff.replication.delayed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DelayedOperationPurgatoryTest {

    /** Completes when {@code ready} is set, like a fetch waiting for bytes. */
    private static final class Waiter extends DelayedOperation {
        final AtomicBoolean ready;
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger expirations = new AtomicInteger();

        Waiter(long deadlineMs, AtomicBoolean ready) {
            super(deadlineMs);
            this.ready = ready;
        }

        @Override
        protected boolean tryComplete() {
            return ready.get() && forceComplete();
        }

        @Override
        protected void onComplete() {
            completions.incrementAndGet();
        }

        @Override
        protected void onExpiration() {
            expirations.incrementAndGet();
        }
    }

    @Test
    void operationWhoseConditionHoldsCompletesWithoutWatching() {
        ManualTimer timer = new ManualTimer(0);
        DelayedOperationPurgatory<String, Waiter> purgatory = new DelayedOperationPurgatory<>("fetch", timer, 100);
        Waiter w = new Waiter(500, new AtomicBoolean(true));
        assertThat(purgatory.tryCompleteElseWatch(w, List.of("t-0"))).isTrue();
        assertThat(w.completions).hasValue(1);
        assertThat(purgatory.watchedKeys()).isZero();
        assertThat(timer.size()).isZero();
    }

    @Test
    void eventCompletesWaitingOperationAndCancelsItsTimeout() {
        ManualTimer timer = new ManualTimer(0);
        DelayedOperationPurgatory<String, Waiter> purgatory = new DelayedOperationPurgatory<>("fetch", timer, 100);
        AtomicBoolean ready = new AtomicBoolean();
        Waiter w = new Waiter(500, ready);
        assertThat(purgatory.tryCompleteElseWatch(w, List.of("t-0", "t-1"))).isFalse();
        assertThat(purgatory.checkAndComplete("t-0")).isZero();
        ready.set(true);
        assertThat(purgatory.checkAndComplete("t-1")).isEqualTo(1);
        assertThat(timer.size()).isZero();
        timer.advance(1_000);
        assertThat(w.completions).hasValue(1);
        assertThat(w.expirations).hasValue(0);
        purgatory.purgeCompleted();
        assertThat(purgatory.watchedKeys()).isZero();
    }

    @Test
    void deadlineCompletesOperationOnce() {
        ManualTimer timer = new ManualTimer(0);
        DelayedOperationPurgatory<String, Waiter> purgatory = new DelayedOperationPurgatory<>("fetch", timer, 100);
        AtomicBoolean ready = new AtomicBoolean();
        Waiter w = new Waiter(500, ready);
        purgatory.tryCompleteElseWatch(w, List.of("t-0"));
        timer.advance(499);
        assertThat(w.completions).hasValue(0);
        timer.advance(1);
        assertThat(w.completions).hasValue(1);
        assertThat(w.expirations).hasValue(1);
        ready.set(true);
        assertThat(purgatory.checkAndComplete("t-0")).isZero();
        assertThat(w.completions).hasValue(1);
    }

    @Test
    void racingEventsAndDeadlinesCompleteEachOperationExactlyOnce() throws Exception {
        try (SystemTimer timer = new SystemTimer("test-timer", 1)) {
            DelayedOperationPurgatory<Integer, Waiter> purgatory = new DelayedOperationPurgatory<>("race", timer, 50);
            AtomicBoolean ready = new AtomicBoolean();
            int n = 2_000;
            Waiter[] ops = new Waiter[n];
            CountDownLatch go = new CountDownLatch(1);
            Thread events = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int round = 0; round < 200; round++) {
                    if (round == 100) {
                        ready.set(true);
                    }
                    for (int key = 0; key < 8; key++) {
                        purgatory.checkAndComplete(key);
                    }
                }
            });
            events.start();
            go.countDown();
            for (int i = 0; i < n; i++) {
                ops[i] = new Waiter(timer.nowMs() + (i % 7), ready);
                purgatory.tryCompleteElseWatch(ops[i], List.of(i % 8, (i + 1) % 8));
            }
            events.join();
            ready.set(true);
            for (int key = 0; key < 8; key++) {
                purgatory.checkAndComplete(key);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (timer.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            for (Waiter op : ops) {
                assertThat(op.completions).hasValue(1);
                assertThat(op.expirations.get()).isLessThanOrEqualTo(1);
            }
        }
    }
}
