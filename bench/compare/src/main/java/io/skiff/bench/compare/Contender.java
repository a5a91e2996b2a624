package io.skiff.bench.compare;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One broker under test, run as its own OS process with the defaults a user gets, its data in a fresh
 * directory per start. Subclasses say how to prepare the directory and which command starts the broker.
 * Not thread-safe: the driver starts, measures and stops one contender at a time.
 */
abstract class Contender {
    private Process process;
    private int port;

    /** Short name in tables: "kafka" or "skiff". */
    abstract String name();

    /** How the JVM was started (heap and GC flags), for the report. */
    abstract String jvmSummary();

    /** Writes configs into {@code dir} and does whatever must precede the start (Kafka: format the storage). */
    abstract void prepare(Path dir, int port) throws IOException, InterruptedException;

    /** The command that starts the broker, run in {@code dir}. */
    abstract List<String> command(Path dir, int port);

    /** Adjusts the start command's environment (default: inherited unchanged). */
    void configure(ProcessBuilder builder) {
    }

    /** The started process (for /proc). */
    final long pid() {
        return process.pid();
    }

    final int port() {
        return port;
    }

    final String bootstrap() {
        return "localhost:" + port;
    }

    /**
     * Prepares {@code dir}, starts the broker and returns the milliseconds from the process start until a
     * Metadata request is served.
     */
    final double start(Path dir) throws IOException, InterruptedException {
        port = freePort();
        prepare(dir, port);
        ProcessBuilder builder = new ProcessBuilder(command(dir, port))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.out").toFile());
        configure(builder);
        long started = System.nanoTime();
        process = builder.start();
        MetadataProbe.awaitServed(port, 5, 180_000, process::isAlive);
        return (System.nanoTime() - started) / 1e6;
    }

    /** Whether the process is still running (a broker that died fails the run). */
    final boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, as an operator stops a broker; SIGKILL after a minute. */
    final void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
