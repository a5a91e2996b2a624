package io.skiff.broker;

import org.slf4j.LoggerFactory;

/**
 * Initialises, on a second core, the classes the start-up path will need a few hundred milliseconds later,
 * so that their (single-threaded, one-time) static initialisation overlaps with the work before it instead of
 * adding to it: the JDK's TLS stack, which the ZooKeeper client initialises even for plaintext connections
 * (~100 ms, 400 classes), Curator, Jackson (ZooKeeper's JSON znodes), Netty's transport and allocator, and
 * Caffeine. It only loads and initialises classes; nothing it does is observable by the broker except that
 * those classes are ready sooner. A class that fails here is logged at debug level and simply initialises
 * when first used, where a real failure is reported as usual.
 */
final class StartupWarmup {
    private static final String[] CLASSES = {
        "org.apache.curator.framework.imps.CuratorFrameworkImpl",
        "org.apache.zookeeper.ClientCnxn",
        "io.skiff.replication.zk.ZkJson",
        "io.netty.channel.epoll.Epoll",
        "io.netty.channel.epoll.EpollServerSocketChannel",
        "io.netty.buffer.PooledByteBufAllocator",
        "io.skiff.broker.handler.Handlers",
    };

    private StartupWarmup() {}

    /** Starts the warm-up on a daemon thread and returns at once. */
    static void start() {
        Thread thread = new Thread(StartupWarmup::run, "skiff-startup-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    private static void run() {
        try {
            javax.net.ssl.SSLContext.getDefault();
        } catch (Exception | LinkageError e) {
            failed("the TLS stack", e);
        }
        ClassLoader loader = StartupWarmup.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (Exception | LinkageError e) {
                failed(name, e);
            }
        }
        try {
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1).build();
        } catch (Exception | LinkageError e) {
            failed("Caffeine", e);
        }
    }

    private static void failed(String what, Throwable e) {
        LoggerFactory.getLogger(StartupWarmup.class)
                .debug("Start-up warm-up of {} failed; it initialises when first used instead", what, e);
    }
}
