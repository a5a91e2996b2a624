package io.skiff.compat.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One run of a non-Java client (a driver script or kcat) as a child process, with its stdout and
 * stderr captured in full while it runs.
 *
 * <p>Drivers print JSON lines; {@link #events()} parses each stdout line that is a JSON object and
 * {@link #awaitEvent} waits for one. {@link #close()} kills the process and every descendant, so no
 * client outlives its test, whatever the test's outcome. Capture buffers are guarded by their own
 * monitors: pump threads append, the test thread reads.
 */
public final class ClientProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    private ClientProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.outPump = pump(process.getInputStream(), stdout, name + "-stdout");
        this.errPump = pump(process.getErrorStream(), stderr, name + "-stderr");
    }

    /** Starts {@code command} with {@code env} added to this JVM's environment; stdin stays open. */
    public static ClientProcess start(String name, List<String> command, Map<String, String> env, Path workDir)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        return new ClientProcess(name, builder.start());
    }

    /** Writes to the process's stdin (and flushes). */
    public void write(byte[] bytes) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(bytes);
        in.flush();
    }

    public void writeLine(String line) throws IOException {
        write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for the process to exit (failing the test with its output if it does not) and returns its code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not finish within " + timeout + "\n" + transcript());
        }
        outPump.join(10_000);
        errPump.join(10_000);
        return process.exitValue();
    }

    /** Closes stdin, waits, and fails the test with the transcript unless the exit code is 0. */
    public ClientProcess succeed(Duration timeout) throws IOException, InterruptedException {
        closeStdin();
        int code = waitFor(timeout);
        if (code != 0) {
            throw new AssertionError(name + " exited with " + code + "\n" + transcript());
        }
        return this;
    }

    public byte[] stdoutBytes() {
        synchronized (stdout) {
            return stdout.toByteArray();
        }
    }

    public String stdout() {
        return new String(stdoutBytes(), StandardCharsets.UTF_8);
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    public String transcript() {
        return "--- " + name + " stdout ---\n" + stdout() + "\n--- " + name + " stderr ---\n" + stderr();
    }

    /** The JSON objects printed so far, in order (other lines are ignored). */
    public List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (String line : stdout().split("\n")) {
            if (line.startsWith("{") && line.endsWith("}")) {
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError(name + " printed a line that is not JSON: " + line, e);
                }
            }
        }
        return events;
    }

    public List<JsonNode> events(String event) {
        return events().stream().filter(e -> event.equals(e.path("event").asText())).toList();
    }

    /** Waits until an event matching {@code condition} has been printed; fails if the process exits first. */
    public JsonNode awaitEvent(String what, Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode e : events()) {
                if (condition.test(e)) {
                    return e;
                }
            }
            if (!process.isAlive()) {
                outPump.join(10_000);
                if (events().stream().anyMatch(condition)) {
                    continue;
                }
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before " + what + "\n"
                        + transcript());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + "\n" + transcript());
            }
            Thread.sleep(50);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL for the process and its descendants (a crash: no close, no LeaveGroup). */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            kill();
        }
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to, String threadName) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    synchronized (to) {
                        to.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
