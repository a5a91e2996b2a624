package io.skiff.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real broker in its own JVM, started the way {@code bin/broker} starts it, for end-to-end tests.
 *
 * <p>Its classpath is broker-core's runtime classpath as Maven resolved it (the file named by the
 * system property {@code skiff.broker.classpath.file}), so the stock Kafka jars the tests use are
 * never visible to the broker. It listens on an ephemeral loopback port, read back from the startup
 * line ({@code ... listening on PLAINTEXT://127.0.0.1:PORT ...}), and keeps its data in a directory
 * the test owns, so {@link #restart()} after {@link #kill()} exercises recovery. Output goes to
 * {@code broker.log} in that directory and, on failure, into the exception message.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on PLAINTEXT://([^:\\s,]+):(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final Map<String, String> overrides;
    /** Launched through {@code bin/broker} with the shipped {@code config/server.properties}, not {@code Main}. */
    private final boolean viaScript;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    private Process process;
    private Thread pump;
    private int port;

    private BrokerProcess(Path dataDir, Map<String, String> overrides, boolean viaScript) {
        this.dataDir = dataDir;
        this.overrides = overrides;
        this.viaScript = viaScript;
    }

    /** Starts a broker on an ephemeral loopback port with data under {@code dataDir}. */
    public static BrokerProcess start(Path dataDir, Map<String, String> overrides) throws IOException {
        BrokerProcess broker = new BrokerProcess(dataDir, testDefaults(dataDir, overrides), false);
        broker.launch();
        return broker;
    }

    /**
     * Starts a broker the way the README tells a newcomer to: {@code bin/broker}, which reads the shipped
     * {@code config/server.properties}; only the listener (an ephemeral port) and {@code log.dirs} (under
     * {@code dataDir}) are overridden, with {@code overrides} on top.
     */
    public static BrokerProcess startWithScript(Path dataDir, Map<String, String> overrides) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("listeners", "PLAINTEXT://127.0.0.1:0");
        all.put("log.dirs", dataDir.resolve("kafka-logs").toString());
        all.putAll(overrides);
        BrokerProcess broker = new BrokerProcess(dataDir, all, true);
        broker.launch();
        return broker;
    }

    /**
     * Runs {@code Main} with the test defaults and {@code overrides} and waits for it to exit, for
     * configurations that must stop startup. Fails if it is still running after the timeout.
     */
    public static Exit runToExit(Path dataDir, Map<String, String> overrides, Duration timeout)
            throws IOException, InterruptedException {
        BrokerProcess broker = new BrokerProcess(dataDir, testDefaults(dataDir, overrides), false);
        broker.process = broker.processBuilder().start();
        String output;
        try (var in = broker.process.getInputStream()) {
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!broker.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                broker.process.destroyForcibly();
                throw new IllegalStateException("Broker still running after " + timeout + " (expected it to exit)");
            }
            try {
                output = read.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("Could not read the broker's output", e);
            }
        }
        return new Exit(broker.process.exitValue(), output);
    }

    /** How a process run by {@link #runToExit} ended. */
    public record Exit(int code, String output) {}

    private static Map<String, String> testDefaults(Path dataDir, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("broker.id", "0");
        all.put("listeners", "PLAINTEXT://127.0.0.1:0");
        all.put("log.dirs", dataDir.resolve("kafka-logs").toString());
        all.put("offsets.topic.replication.factor", "1");
        all.put("transaction.state.log.replication.factor", "1");
        all.put("transaction.state.log.min.isr", "1");
        all.put("group.initial.rebalance.delay.ms", "0");
        all.putAll(overrides);
        return all;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no clean-shutdown marker; data as the OS page cache has it. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        pump.join(10_000);
    }

    /** SIGTERM, then waits for the clean shutdown to finish; returns the exit code. */
    public int stop() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of the output pipe and
        // lose the shutdown log.
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Broker did not stop within 60 s after SIGTERM\n" + recentOutput());
        }
        pump.join(10_000); // the last lines (shutdown log) are read before this returns
        return process.exitValue();
    }

    /** Starts the broker again on the same data directory (a new ephemeral port). */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("Broker still running");
        }
        output.clear();
        launch();
    }

    /** Every line the broker has printed since it was last (re)started. */
    public List<String> outputLines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** The lines the broker logged at ERROR over its whole life (all runs on this data directory). */
    public List<String> loggedErrors() throws IOException {
        Path log = dataDir.resolve("broker.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(" ERROR ")).toList() : List.of();
    }

    public String recentOutput() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 200), output.size()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private ProcessBuilder processBuilder() throws IOException {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (viaScript) {
            command.add(repoRoot().resolve("bin").resolve("broker").toString());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("SKIFF_HEAP_OPTS", "-Xmx512m");
            builder.environment().put("SKIFF_JVM_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            command.add("-Dio.netty.leakDetection.level=paranoid");
            command.add("-cp");
            command.add(brokerClasspath());
            command.add("io.skiff.broker.Main");
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            command.add("--override");
            command.add(e.getKey() + "=" + e.getValue());
        }
        builder.directory(dataDir.toFile());
        return builder;
    }

    private void launch() throws IOException {
        process = processBuilder().start();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Path logFile = dataDir.resolve("broker.log");
        pump = new Thread(() -> pump(logFile, ready), "broker-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            port = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("Broker did not become ready: " + e.getMessage() + "\n" + recentOutput(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while waiting for the broker", e);
        }
    }

    private void pump(Path logFile, CompletableFuture<Integer> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                log.write(line);
                log.newLine();
                log.flush();
                Matcher m = READY.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(Integer.parseInt(m.group(2)));
                }
            }
            ready.completeExceptionally(new IllegalStateException("broker exited before it was ready"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    /** The checkout this test runs from (compat-tests' parent), where {@code bin/} and {@code config/} live. */
    public static Path repoRoot() {
        String dir = System.getProperty("skiff.repo.root");
        if (dir == null) {
            throw new IllegalStateException("System property skiff.repo.root is not set (run through Maven)");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    private static String brokerClasspath() throws IOException {
        String file = System.getProperty("skiff.broker.classpath.file");
        if (file == null) {
            throw new IllegalStateException("System property skiff.broker.classpath.file is not set (run through Maven)");
        }
        String classpath = Files.readString(Path.of(file)).trim();
        // The reactor's broker-core may resolve to its classes directory or its jar; both work.
        return classpath;
    }
}
