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
 * A stock Kafka command-line tool run as its own JVM from its main class on this test's classpath
 * (exactly what {@code kafka-topics.sh}, {@code kafka-configs.sh}, ... run), with stdin piped in; the
 * result holds the exit code and the merged stdout and stderr.
 */
record StockTool(int exitCode, String output) {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    static StockTool run(String mainClass, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> copy(process.getInputStream(), output));
            pump.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(mainClass + " did not finish within " + TIMEOUT + ":\n" + output);
            }
            pump.join(10_000);
            return new StockTool(process.exitValue(), output.toString(StandardCharsets.UTF_8));
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
