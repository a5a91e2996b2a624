package io.skiff.log;

/**
 * Holds a process to a rate ({@code log.cleaner.io.max.bytes.per.second} for the cleaner's reads and writes), in
 * the manner of Kafka's {@code Throttler}: the caller reports each chunk of work with {@link #maybeThrottle}, and at
 * every check (once {@code checkIntervalMs} have passed, or once the chunks since the last check already exceed
 * what the rate allows in that interval) the throttler sleeps for as long as the work done since the last check is
 * ahead of the rate. Sleeps are taken in steps of at most {@value #MAX_SLEEP_STEP_MS} ms, re-reading the clock after
 * each, so a wait ends promptly when the thread is interrupted (shutdown) and oversleeping is never compounded.
 *
 * <p>Over a run the elapsed time is therefore at least {@code (work - ratePerSec * checkInterval) / ratePerSec}: the
 * only unthrottled work is what is still below one check when the run ends. Time is injected, so tests observe the
 * rate on a fake clock. A rate of {@code Double.MAX_VALUE} (Kafka's default) disables throttling.
 *
 * <p>Thread-safety: synchronized; one cleaner thread uses it at a time.
 */
final class Throttler {
    /** Kafka's cleaner checks its rate every 300 ms. */
    static final long DEFAULT_CHECK_INTERVAL_MS = 300;
    static final long MAX_SLEEP_STEP_MS = 100;

    private double ratePerSec;
    private final long checkIntervalNs;
    private final Time time;
    private long periodStartNs;
    private double observedSinceCheck;
    private long sleptMs;

    Throttler(double ratePerSec, long checkIntervalMs, Time time) {
        checkRate(ratePerSec);
        this.ratePerSec = ratePerSec;
        this.checkIntervalNs = checkIntervalMs * 1_000_000L;
        this.time = time;
        this.periodStartNs = time.nanoseconds();
    }

    private static void checkRate(double ratePerSec) {
        if (!(ratePerSec > 0)) {
            throw new LogConfig.InvalidConfigException("log.cleaner.io.max.bytes.per.second", ratePerSec,
                    "must be positive");
        }
    }

    /** A new rate (a dynamic {@code log.cleaner.io.max.bytes.per.second}), in force from the next check. */
    synchronized void setRate(double ratePerSec) {
        checkRate(ratePerSec);
        this.ratePerSec = ratePerSec;
    }

    synchronized boolean unthrottled() {
        return ratePerSec >= Double.MAX_VALUE;
    }

    /** Reports {@code amount} units of work just done; sleeps if the work is ahead of the rate. */
    synchronized void maybeThrottle(double amount) {
        if (unthrottled()) {
            return;
        }
        observedSinceCheck += amount;
        long elapsedNs = time.nanoseconds() - periodStartNs;
        double allowedPerInterval = ratePerSec * checkIntervalNs / 1e9;
        if (elapsedNs < checkIntervalNs && observedSinceCheck < allowedPerInterval) {
            return;
        }
        double dueNs = observedSinceCheck / ratePerSec * 1e9;
        while (!Thread.currentThread().isInterrupted()) {
            long aheadMs = (long) Math.ceil((dueNs - (time.nanoseconds() - periodStartNs)) / 1e6);
            if (aheadMs <= 0) {
                break;
            }
            long step = Math.min(aheadMs, MAX_SLEEP_STEP_MS);
            time.sleep(step);
            sleptMs += step;
        }
        periodStartNs = time.nanoseconds();
        observedSinceCheck = 0;
    }

    /** Milliseconds spent sleeping so far (metrics, tests). */
    synchronized long sleptMs() {
        return sleptMs;
    }
}
