package io.skiff.broker;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The broker's fixed-size pools, resizable at runtime (Kafka's dynamic {@code num.io.threads}). */
final class ThreadPools {
    private ThreadPools() {}

    /** A pool of exactly {@code threads} threads over an unbounded queue, as {@code Executors.newFixedThreadPool}. */
    static ThreadPoolExecutor fixed(int threads, ThreadFactory factory) {
        return new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /**
     * Makes {@code pool} a pool of exactly {@code threads} threads. Queued and running tasks are unaffected;
     * when shrinking, surplus threads end as they finish their current task.
     */
    static void resize(ThreadPoolExecutor pool, int threads) {
        // The core size may never exceed the maximum: grow the maximum first, shrink it last.
        if (threads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
        } else {
            pool.setCorePoolSize(threads);
            pool.setMaximumPoolSize(threads);
        }
    }
}
