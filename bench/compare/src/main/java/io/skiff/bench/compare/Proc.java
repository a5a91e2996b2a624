package io.skiff.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

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
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may contain spaces: count from the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[14 - 3]);
        long stime = Long.parseLong(fields[15 - 3]);
        return (utime + stime) / (double) CLOCK_TICKS;
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
