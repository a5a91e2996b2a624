package io.skiff.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Kafka's stock load tools (and {@link LatencyAtRate}) each in its own JVM, as their {@code bin/} scripts do
 * ({@code KAFKA_HEAP_OPTS=-Xmx512M} of {@code kafka-producer-perf-test.sh}), and reads their summary lines. Every
 * tool's output is kept in the run directory. Not thread-safe (it keeps the last tool's CPU time); one per
 * driver thread.
 */
final class LoadTools {
    /** The last "N records sent, R records/sec (M MB/sec), ..." line of kafka-producer-perf-test. */
    private static final Pattern PRODUCER_SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency");
    /** kafka-e2e-latency's "Percentiles: 50th = 1, 99th = 3, 99.9th = 7". */
    private static final Pattern PING_PONG = Pattern.compile(
            "Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");
    private static final Pattern AT_RATE = Pattern.compile(
            "RESULT sent=(\\d+) received=(\\d+) rate=([\\d.]+) p50=([\\d.]+) p99=([\\d.]+) p999=([\\d.]+) max=([\\d.]+)");

    private final String classpath;
    private final Path logDir;
    private double lastToolCpuSeconds;

    LoadTools(String classpath, Path logDir) {
        this.classpath = classpath;
        this.logDir = logDir;
    }

    /** A kafka-producer-perf-test summary: throughput in MiB/s (the tool's "MB") and its latency. */
    record ProducerRun(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs) {}

    /** A kafka-consumer-perf-test row: overall MiB/s and MiB/s of the fetch phase (after the group join). */
    record ConsumerRun(double mb, double mbPerSec, double fetchMbPerSec, long rebalanceMs) {}

    /** Latency percentiles in milliseconds. */
    record Latency(double p50, double p99, double p999, double max, double rate) {}

    ProducerRun produce(String label, String bootstrap, String topic, long records, int recordSize, String... props)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("org.apache.kafka.tools.ProducerPerformance",
                "--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordSize), "--throughput", "-1"));
        if (props.length > 0) {
            args.add("--command-property");
            args.addAll(List.of(props));
        }
        return parseProducer(label, run(label, args, 600), records);
    }

    /** The last summary line of kafka-producer-perf-test, which must count all {@code records}. */
    static ProducerRun parseProducer(String label, String out, long records) throws IOException {
        Matcher m = PRODUCER_SUMMARY.matcher(out);
        ProducerRun last = null;
        while (m.find()) {
            last = new ProducerRun(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)));
        }
        if (last == null || last.records() != records) {
            throw new IOException(label + ": no summary for " + records + " records in\n" + tail(out));
        }
        return last;
    }

    /** kafka-consumer-perf-test over every topic matching {@code topicRegex}, reading {@code records} from the start. */
    ConsumerRun consume(String label, String bootstrap, String topicRegex, long records)
            throws IOException, InterruptedException {
        String out = run(label, List.of("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--include", topicRegex, "--num-records", Long.toString(records), "--timeout", "60000",
                "--group", "perf-consumer-" + System.nanoTime()), 600);
        return parseConsumer(label, out, records);
    }

    /** kafka-consumer-perf-test's result row, which must count at least {@code records}. */
    static ConsumerRun parseConsumer(String label, String out, long records) throws IOException {
        // Header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
        // rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec", then one row.
        String[] lines = out.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String[] cols = lines[i].split(",\\s*");
            if (cols.length >= 10 && cols[4].trim().matches("\\d+")) {
                long consumed = Long.parseLong(cols[4].trim());
                if (consumed < records) {
                    throw new IOException(label + ": consumed only " + consumed + " of " + records + " records");
                }
                return new ConsumerRun(Double.parseDouble(cols[2]), Double.parseDouble(cols[3]),
                        Double.parseDouble(cols[8]), Long.parseLong(cols[6].trim()));
            }
        }
        throw new IOException(label + ": no result row in\n" + tail(out));
    }

    /** kafka-e2e-latency: one record at a time, sent synchronously and polled back (whole milliseconds). */
    Latency pingPong(String label, String bootstrap, String topic, int records, int recordSize)
            throws IOException, InterruptedException {
        String out = run(label, List.of("org.apache.kafka.tools.EndToEndLatency", "--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", Integer.toString(records), "--producer-acks", "1",
                "--record-size", Integer.toString(recordSize)), 600);
        return parsePingPong(label, out);
    }

    static Latency parsePingPong(String label, String out) throws IOException {
        Matcher m = PING_PONG.matcher(out);
        if (!m.find()) {
            throw new IOException(label + ": no percentiles in\n" + tail(out));
        }
        return new Latency(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.NaN, Double.NaN);
    }

    /** {@link LatencyAtRate}: records sent at a fixed rate, latency from send to receipt. */
    Latency atRate(String label, String bootstrap, String topic, int rate, int seconds, int warmupSeconds,
                   int recordSize) throws IOException, InterruptedException {
        String out = run(label, List.of(LatencyAtRate.class.getName(), bootstrap, topic, Integer.toString(rate),
                Integer.toString(seconds), Integer.toString(warmupSeconds), Integer.toString(recordSize)), 600);
        return parseAtRate(label, out);
    }

    /** {@link LatencyAtRate}'s RESULT line; every record sent must have been received. */
    static Latency parseAtRate(String label, String out) throws IOException {
        Matcher m = AT_RATE.matcher(out);
        if (!m.find()) {
            throw new IOException(label + ": no result in\n" + tail(out));
        }
        if (!m.group(1).equals(m.group(2))) {
            throw new IOException(label + ": sent " + m.group(1) + " but received " + m.group(2));
        }
        return new Latency(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                Double.parseDouble(m.group(6)), Double.parseDouble(m.group(7)), Double.parseDouble(m.group(3)));
    }

    /**
     * CPU seconds (user + system) the last tool JVM used, sampled every 100 ms while it ran (so up to 100 ms
     * short): the load generator's share of the two cores.
     */
    double lastToolCpuSeconds() {
        return lastToolCpuSeconds;
    }

    private String run(String label, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(KafkaContender.java(), "-Xmx512M", "-XX:+UseG1GC",
                "-cp", classpath));
        cmd.addAll(args);
        Path log = logDir.resolve(label + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        double cpu = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(label + " did not finish within " + timeoutSeconds + " s");
            }
            try {
                cpu = Proc.cpuSeconds(p.pid());
            } catch (IOException e) {
                // exited between the wait and the read: keep the last sample
            }
        }
        lastToolCpuSeconds = cpu;
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new IOException(label + " exited with " + p.exitValue() + ":\n" + tail(out));
        }
        return out;
    }

    private static String tail(String out) {
        return out.length() <= 4000 ? out : out.substring(out.length() - 4000);
    }
}
