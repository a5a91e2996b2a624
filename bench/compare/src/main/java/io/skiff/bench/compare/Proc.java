package io.skiff.bench.compare;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * What Linux's {@code /proc/<pid>} says about a broker process: CPU time used ({@code utime + stime} of
 * {@code stat}, all threads) and resident memory ({@code VmRSS}, {@code VmHWM} of {@code status}).
 * Stateless apart from the clock-tick rate read once; thread-safe.
 */
final class Proc {
    /** {@code sysconf(_SC_CLK_TCK)}: the unit of utime and stime. 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS = clockTicks();

    private Proc() {}

    /** CPU seconds the process has used so far, user plus system, over all its threads. */
    static double cpuSeconds(long pid) throws IOException {
        double[] us = userAndSystemSeconds(pid);
        return us[0] + us[1];
    }

    /** User and system CPU seconds of the process so far (utime, stime). */
    static double[] userAndSystemSeconds(long pid) throws IOException {
        String[] f = statFields(Path.of("/proc", Long.toString(pid), "stat"));
        return new double[] {Long.parseLong(f[14 - 3]) / (double) CLOCK_TICKS,
                Long.parseLong(f[15 - 3]) / (double) CLOCK_TICKS};
    }

    /**
     * CPU seconds per thread group: threads named alike but for a trailing number ({@code skiff-io-3},
     * {@code data-plane-kafka-request-handler-5}, {@code C2 CompilerThread1}) summed together. A thread that
     * ended is missing, so compare two snapshots with {@link #cpuDelta}.
     */
    static Map<String, Double> threadGroupCpu(long pid) throws IOException {
        Map<String, Double> groups = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double seconds = (Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3])) / (double) CLOCK_TICKS;
                groups.merge(name.replaceAll("[-#]?\\d+$", ""), seconds, Double::sum);
            }
        }
        return groups;
    }

    /** {@code after - before} per group, largest first, groups below 0.05 s left out. */
    static String cpuDelta(Map<String, Double> before, Map<String, Double> after, int top) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** Fields 3.. of a stat file: the command name (field 2) is in parentheses and may contain spaces. */
    private static String[] statFields(Path stat) throws IOException {
        String s = Files.readString(stat);
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    /** Resident set size now, in bytes. */
    static long rssBytes(long pid) throws IOException {
        return statusKb(pid, "VmRSS:") * 1024;
    }

    /** Peak resident set size since the process started, in bytes. */
    static long peakRssBytes(long pid) throws IOException {
        return statusKb(pid, "VmHWM:") * 1024;
    }

    private static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("No " + key + " in /proc/" + pid + "/status");
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /**
     * Samples a process's VmRSS every {@code periodMs} on a daemon thread and keeps the largest value: the
     * RSS under load. Start and stop from one thread; {@link #max()} is safe from any thread.
     */
    static final class RssSampler implements AutoCloseable {
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        RssSampler(long pid, long periodMs) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        max.accumulateAndGet(rssBytes(pid), Math::max);
                        Thread.sleep(periodMs);
                    } catch (IOException e) {
                        return; // the process is gone; the caller notices on its own
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler-" + pid);
            thread.setDaemon(true);
            thread.start();
        }

        long max() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}
