package io.skiff.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadPoolsTest {
    @Test
    void growingThenShrinkingRunsThatManyTasksAtOnce() throws Exception {
        ThreadPoolExecutor pool = ThreadPools.fixed(2, Executors.defaultThreadFactory());
        try {
            ThreadPools.resize(pool, 4);
            assertThat(pool.getCorePoolSize()).isEqualTo(4);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
            CountDownLatch running = new CountDownLatch(4);
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).as("four tasks run at once on four threads").isTrue();
            release.countDown();

            ThreadPools.resize(pool, 1);
            assertThat(pool.getCorePoolSize()).isEqualTo(1);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(1);
            CountDownLatch done = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                pool.execute(done::countDown);
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).as("queued tasks still run after a shrink").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
