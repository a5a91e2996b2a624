package io.skiff.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The side-by-side benchmark: stock Apache Kafka and Skiff on this machine, each started fresh per round with
 * the defaults a user runs, driven alternately (kafka, skiff, kafka, skiff, ...) with Kafka's own load tools;
 * prints the median of every figure per broker and the ratio skiff/kafka, and writes the same to a Markdown file.
 * Run through {@code bench/compare/run [options]}; options (all optional):
 * <pre>
 *   --rounds N            rounds per broker (3)
 *   --records N           records per producer run, 1 KiB each (1000000)
 *   --e2e-rate N          records/s of the fixed-rate latency run (5000)
 *   --e2e-seconds N       measured seconds of it (20; 5 more of warm-up)
 *   --ping-pong N         records of kafka-e2e-latency's one-at-a-time run (3000)
 *   --only kafka|skiff    run one broker only (profiling)
 *   --skiff-jvm-opts S    extra JVM flags for Skiff (SKIFF_JVM_OPTS), e.g. a JFR recording
 *   --kafka-jvm-opts S    extra JVM flags for Kafka
 *   --loads false         measure startup and idle RSS only (no load tools)
 *   --out FILE            results file (bench/compare/results-DATE.md)
 * </pre>
 * Every process started is stopped before the next contender starts; data lives in a temp dir deleted after
 * each round. The load tools run on the same two cores as the broker (the same for both brokers).
 */
public final class Compare {
    private static final int RECORD_SIZE = 1024;
    private static final int PARTITIONS = 8;
    private static final long SETTLE_MS = 5000;

    private final Map<String, String> opts;
    private final Path repo;
    private final String kafkaClasspath;
    private final Report report = new Report();
    /** Per round and broker, where the CPU of the producer runs went (thread groups), for the results file. */
    private final StringBuilder cpuByThread = new StringBuilder();

    private final Report.Figure produceAcks1;
    private final Report.Figure produceAcksAll;
    private final Report.Figure produceLz4;
    private final Report.Figure consume;
    private final Report.Figure consumeCpu;
    private final Report.Figure consumeToolCpu;
    private final Report.Figure e2eP50;
    private final Report.Figure e2eP99;
    private final Report.Figure e2eP999;
    private final Report.Figure cpuPerGb;
    private final Report.Figure cpuPerGbNoJit;
    private final Report.Figure toolCpuPerGb;
    private final Report.Figure startup;
    private final Report.Figure startupCpu;
    private final Report.Figure rssIdle;
    private final Report.Figure rssLoad;
    private final Report.Figure pingP99;

    private Compare(Map<String, String> opts) throws IOException {
        this.opts = opts;
        this.repo = Path.of(opts.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        this.kafkaClasspath = Files.readString(repo.resolve(
                opts.getOrDefault("kafka-classpath", "bench/compare/target/kafka.classpath"))).trim();
        double nan = Double.NaN;
        produceAcks1 = report.define("producer acks=1", "MiB/s", 1.5, true);
        produceAcksAll = report.define("producer acks=all", "MiB/s", 1.5, true);
        produceLz4 = report.define("producer lz4 acks=1", "MiB/s", 1.5, true);
        consume = report.define("consumer, from the start", "MiB/s", 1.3, true);
        consumeCpu = report.define("  broker CPU per GiB consumed", "s", nan, false);
        consumeToolCpu = report.define("  consumer tool's CPU per GiB read (same machine)", "s", nan, false);
        e2eP50 = report.define("e2e latency p50 @" + rate() + "/s", "ms", nan, false);
        e2eP99 = report.define("e2e latency p99 @" + rate() + "/s", "ms", 0.5, false);
        e2eP999 = report.define("e2e latency p99.9 @" + rate() + "/s", "ms", nan, false);
        cpuPerGb = report.define("broker CPU per GiB produced", "s", 0.5, false);
        cpuPerGbNoJit = report.define("  same without JIT compiler threads", "s", nan, false);
        toolCpuPerGb = report.define("producer tool's CPU per GiB sent (same machine)", "s", nan, false);
        startup = report.define("startup to first Metadata", "ms", 0.25, false);
        startupCpu = report.define("CPU used until then", "s", nan, false);
        rssIdle = report.define("RSS idle", "MiB", 0.3, false);
        rssLoad = report.define("RSS under load (max)", "MiB", nan, false);
        // kafka-e2e-latency prints whole milliseconds: its p50 is 0 for both, so only its p99 is a figure.
        pingP99 = report.define("kafka-e2e-latency p99 (one at a time, whole ms)", "ms", nan, false);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("Option " + args[args.length - 1] + " has no value");
        }
        new Compare(opts).run();
    }

    private int rate() {
        return Integer.parseInt(opts.getOrDefault("e2e-rate", "5000"));
    }

    private void run() throws Exception {
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        String only = opts.getOrDefault("only", "");
        List<Contender> contenders = new ArrayList<>();
        if (!only.equals("skiff")) {
            contenders.add(new KafkaContender(kafkaClasspath, splitFlags(opts.getOrDefault("kafka-jvm-opts", ""))));
        }
        if (!only.equals("kafka")) {
            contenders.add(new SkiffContender(repo, opts.getOrDefault("skiff-jvm-opts", "")));
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        ZonedDateTime started = ZonedDateTime.now();
        Path work = Files.createTempDirectory("skiff-compare-");
        try {
            for (int round = 1; round <= rounds; round++) {
                for (Contender c : contenders) {
                    runRound(c, round, work);
                }
            }
        } finally {
            deleteTree(work);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        String table = report.table("kafka", "skiff");
        System.out.println();
        System.out.println(table);
        Path out = repo.resolve(opts.getOrDefault("out", "bench/compare/results-" + LocalDate.now() + ".md"));
        Files.writeString(out, resultsFile(started, rounds, contenders, loadBefore, loadAfter, table));
        System.out.println("Results written to " + out);
    }

    private void runRound(Contender c, int round, Path work) throws Exception {
        String name = c.name();
        Path dir = Files.createDirectory(work.resolve(name + "-round" + round));
        Path logs = Files.createDirectory(work.resolve(name + "-round" + round + "-tools"));
        // The tools' JVMs get this driver's classpath: Kafka's jars plus LatencyAtRate.
        LoadTools tools = new LoadTools(System.getProperty("java.class.path"), logs);
        long records = Long.parseLong(opts.getOrDefault("records", "1000000"));
        progress(round, name, "starting");
        try {
            double startupMs = c.start(dir);
            long pid = c.pid();
            double startupCpuSeconds = Proc.cpuSeconds(pid);
            report.add(startup, name, startupMs);
            report.add(startupCpu, name, startupCpuSeconds);
            Thread.sleep(SETTLE_MS);
            report.add(rssIdle, name, Proc.rssBytes(pid) / 1048576.0);
            progress(round, name, String.format("serving after %.0f ms (%.2f CPU s), idle RSS %.0f MiB", startupMs,
                    startupCpuSeconds, Proc.rssBytes(pid) / 1048576.0));
            if (!Boolean.parseBoolean(opts.getOrDefault("loads", "true"))) {
                return;
            }
            createTopics(c.bootstrap());
            String acks1 = "acks=1";
            // Every mode for half a run, so that each broker's per-request code has run the ~10k times the JIT
            // wants before it compiles it with C2 (at ~1,000 requests/s that alone takes 10 s) and has seen
            // every mode's profile.
            long warm = Math.max(1, records / 2);
            tools.produce("warmup-acks1", c.bootstrap(), "warmup", warm, RECORD_SIZE, acks1);
            tools.produce("warmup-acksall", c.bootstrap(), "warmup", warm, RECORD_SIZE, "acks=all");
            tools.produce("warmup-lz4", c.bootstrap(), "warmup", warm, RECORD_SIZE, acks1, "compression.type=lz4");

            double cpuBefore = Proc.cpuSeconds(pid);
            double[] userSysBefore = Proc.userAndSystemSeconds(pid);
            Map<String, Double> threadsBefore = Proc.threadGroupCpu(pid);
            double cpuLz4Before;
            double toolCpu = 0;
            try (Proc.RssSampler sampler = new Proc.RssSampler(pid, 100)) {
                produced(round, name, produceAcks1, tools.produce("produce-acks1", c.bootstrap(), "perf-acks1",
                        records, RECORD_SIZE, acks1), tools.lastToolCpuSeconds());
                toolCpu += tools.lastToolCpuSeconds();
                produced(round, name, produceAcksAll, tools.produce("produce-acksall", c.bootstrap(), "perf-acksall",
                        records, RECORD_SIZE, "acks=all"), tools.lastToolCpuSeconds());
                toolCpu += tools.lastToolCpuSeconds();
                cpuLz4Before = Proc.cpuSeconds(pid);
                produced(round, name, produceLz4, tools.produce("produce-lz4", c.bootstrap(), "perf-lz4",
                        records, RECORD_SIZE, acks1, "compression.type=lz4"), tools.lastToolCpuSeconds());
                toolCpu += tools.lastToolCpuSeconds();
                double cpu = Proc.cpuSeconds(pid) - cpuBefore;
                double gib = 3.0 * records * RECORD_SIZE / (1L << 30);
                report.add(cpuPerGb, name, cpu / gib);
                report.add(toolCpuPerGb, name, toolCpu / gib);
                report.add(rssLoad, name, Math.max(sampler.max(), Proc.rssBytes(pid)) / 1048576.0);
                double[] userSys = Proc.userAndSystemSeconds(pid);
                progress(round, name, String.format("CPU %.1f s (user %.1f, system %.1f) for %.2f GiB produced "
                        + "(%.1f s/GiB, lz4 run %.1f s); max RSS %.0f MiB, VmHWM %.0f MiB", cpu,
                        userSys[0] - userSysBefore[0], userSys[1] - userSysBefore[1], gib, cpu / gib,
                        Proc.cpuSeconds(pid) - cpuLz4Before, sampler.max() / 1048576.0,
                        Proc.peakRssBytes(pid) / 1048576.0));
                Map<String, Double> threadsAfter = Proc.threadGroupCpu(pid);
                double jit = 0;
                for (String compiler : List.of("C1 CompilerThre", "C2 CompilerThre")) {
                    jit += threadsAfter.getOrDefault(compiler, 0.0) - threadsBefore.getOrDefault(compiler, 0.0);
                }
                report.add(cpuPerGbNoJit, name, (cpu - jit) / gib);
                String where = Proc.cpuDelta(threadsBefore, threadsAfter, 8);
                progress(round, name, "CPU by thread: " + where);
                cpuByThread.append("- round ").append(round).append(' ').append(name).append(": ").append(where)
                        .append('\n');
            }

            // Both uncompressed topics (2 x records): a fetch phase of a few seconds rather than one.
            double cpuBeforeConsume = Proc.cpuSeconds(pid);
            LoadTools.ConsumerRun cr = tools.consume("consume", c.bootstrap(), "perf-acks(1|all)", 2 * records);
            double consumedGib = cr.mb() / 1024;
            report.add(consume, name, cr.fetchMbPerSec());
            report.add(consumeCpu, name, (Proc.cpuSeconds(pid) - cpuBeforeConsume) / consumedGib);
            report.add(consumeToolCpu, name, tools.lastToolCpuSeconds() / consumedGib);
            progress(round, name, String.format("consumer %.1f MiB/s in the fetch phase (%.1f MiB/s overall, "
                    + "group join %d ms); consumer tool CPU %.1f s", cr.fetchMbPerSec(), cr.mbPerSec(),
                    cr.rebalanceMs(), tools.lastToolCpuSeconds()));

            int seconds = Integer.parseInt(opts.getOrDefault("e2e-seconds", "20"));
            LoadTools.Latency l = tools.atRate("e2e-at-rate", c.bootstrap(), "e2e", rate(), seconds, 5, RECORD_SIZE);
            report.add(e2eP50, name, l.p50());
            report.add(e2eP99, name, l.p99());
            report.add(e2eP999, name, l.p999());
            progress(round, name, String.format("e2e at %.0f/s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms",
                    l.rate(), l.p50(), l.p99(), l.p999(), l.max()));

            int pings = Integer.parseInt(opts.getOrDefault("ping-pong", "3000"));
            LoadTools.Latency pp = tools.pingPong("e2e-ping-pong", c.bootstrap(), "e2e-ping", pings, RECORD_SIZE);
            report.add(pingP99, name, pp.p99());
            progress(round, name, String.format("kafka-e2e-latency: p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms",
                    pp.p50(), pp.p99(), pp.p999()));
            if (!c.alive()) {
                throw new IOException(name + " died during round " + round);
            }
        } catch (Exception e) {
            Path out = dir.resolve("broker.out");
            if (Files.exists(out)) {
                List<String> lines = Files.readAllLines(out);
                System.err.println("Last lines of " + name + "'s output:");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            }
            throw e;
        } finally {
            c.stop();
            deleteTree(dir);
        }
    }

    private void produced(int round, String name, Report.Figure figure, LoadTools.ProducerRun r, double toolCpu) {
        report.add(figure, name, r.mbPerSec());
        progress(round, name, String.format("%s: %.1f MiB/s (%.0f records/s, avg latency %.0f ms); producer tool "
                + "CPU %.1f s", figure.name(), r.mbPerSec(), r.recordsPerSec(), r.avgLatencyMs(), toolCpu));
    }

    private static void createTopics(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            short rf = 1;
            admin.createTopics(List.of(
                    new NewTopic("warmup", PARTITIONS, rf),
                    new NewTopic("perf-acks1", PARTITIONS, rf),
                    new NewTopic("perf-acksall", PARTITIONS, rf),
                    new NewTopic("perf-lz4", PARTITIONS, rf),
                    new NewTopic("e2e", 1, rf),
                    new NewTopic("e2e-ping", 1, rf))).all().get();
        }
    }

    private static void progress(int round, String name, String what) {
        System.out.printf("[round %d %-5s] %s%n", round, name, what);
        System.out.flush();
    }

    private String resultsFile(ZonedDateTime started, int rounds, List<Contender> contenders, String loadBefore,
                               String loadAfter, String table) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# Skiff vs Apache Kafka, side by side\n\n");
        s.append("Run ").append(started).append(" with `bench/compare/run");
        opts.forEach((k, v) -> s.append(" --").append(k).append(' ').append(v.contains(" ") ? "'" + v + "'" : v));
        s.append("`.\n\n");
        s.append("- Machine: ").append(machine()).append('\n');
        s.append("- Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append('\n');
        s.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n');
        for (Contender c : contenders) {
            s.append("- ").append(c.name()).append(" JVM: `").append(c.jvmSummary()).append("`\n");
        }
        s.append("- ").append(rounds).append(" rounds, brokers alternating, each started fresh on a new temp dir per "
                + "round. Producer runs: kafka-producer-perf-test, 1 KiB records, 8 partitions, unthrottled, "
                + opts.getOrDefault("records", "1000000") + " records each, after warm-up runs of half that in each "
                + "mode. Consumer: kafka-consumer-perf-test reading both uncompressed topics from the start "
                + "(2 x records; MiB/s of its fetch phase, i.e. without the group join). e2e: LatencyAtRate (this module; kafka-e2e-latency cannot "
                + "throttle) at a fixed rate, 1 KiB records, 1 partition, linger.ms=0, acks=1. CPU: utime+stime of the "
                + "broker process over the three producer runs. RSS from /proc/<pid>/status: idle 5 s after the first "
                + "served Metadata, under load the largest VmRSS sampled every 100 ms during the producer runs.\n");
        s.append("- The load tools run as separate JVMs (-Xmx512M) on the same 2 cores as the broker, for both.\n\n");
        s.append(table).append("\n## Every round\n\n").append(report.rounds())
                .append("\n## Broker CPU during the producer runs, by thread\n\n").append(cpuByThread);
        return s.toString();
    }

    static String machine() throws IOException {
        String model = "";
        int cores = 0;
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                model = line.substring(line.indexOf(':') + 1).trim();
                cores++;
            }
        }
        String mem = "";
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                mem = String.format("%.1f GiB", kb / 1048576.0);
            }
        }
        return cores + " cores (" + model + "), " + mem + " memory (/proc/cpuinfo, /proc/meminfo)";
    }

    private static List<String> splitFlags(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
