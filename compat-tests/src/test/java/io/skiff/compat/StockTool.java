package io.skiff.compat;

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
import java.util.concurrent.TimeUnit;

/**
 * A stock Kafka command-line tool run as its own JVM from its main class on this test's classpath (exactly
 * what {@code kafka-topics.sh}, {@code kafka-console-producer.sh} ... run), with stdin piped in; its exit
 * code, its stdout alone, and all it wrote ({@code output}: stdout, then stderr) are returned.
 */
record StockTool(int exitCode, String stdout, String output) {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /**
     * The JVM command line that runs {@code mainClass} with {@code args}. The tool logs to stderr (as the
     * scripts' log4j setup does), so its stdout is its output alone and can feed a pipe.
     */
    static List<String> command(String mainClass, String... args) {
        java.net.URL logConfig = StockTool.class.getResource("/logback-tools.xml");
        if (logConfig == null) {
            throw new IllegalStateException("logback-tools.xml missing from the test classpath");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dlogback.configurationFile=" + logConfig, "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code mainClass} with {@code stdin} piped in; fails the test if it does not finish in time. */
    static StockTool run(String mainClass, String stdin, String... args) throws Exception {
        return run(command(mainClass, args), stdin);
    }

    /** Runs {@code command} (a tool, or a shell pipeline of tools) with {@code stdin} piped in. */
    static StockTool run(List<String> command, String stdin) throws Exception {
        Process process = new ProcessBuilder(command).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread outPump = new Thread(() -> copy(process.getInputStream(), out));
            Thread errPump = new Thread(() -> copy(process.getErrorStream(), err));
            outPump.start();
            errPump.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within " + TIMEOUT + ":\n" + out + err);
            }
            outPump.join(10_000);
            errPump.join(10_000);
            String stdout = out.toString(StandardCharsets.UTF_8);
            return new StockTool(process.exitValue(), stdout, stdout + err.toString(StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        try {
            from.transferTo(to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
