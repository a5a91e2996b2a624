package io.skiff.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {
    @Test
    void periodicTaskKeepsRunningAfterAFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        CountDownLatch once = new CountDownLatch(1);
        try (ExecutorScheduler s = new ExecutorScheduler("test-sched", 2)) {
            s.schedulePeriodically("flaky", () -> {
                runs.incrementAndGet();
                third.countDown();
                throw new IllegalStateException("boom");
            }, 0, 1);
            s.schedule("once", once::countDown, 0);
            assertThat(third.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(once.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    }
}
