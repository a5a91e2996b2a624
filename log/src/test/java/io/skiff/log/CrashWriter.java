package io.skiff.log;

import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@link CrashRecoveryIT}: appends numbered batches with {@code flush.messages=1} and prints
 * {@code ACK <offset> <value>} only after each append (and its fsync) returned. Exits when its stdin closes, so an
 * orphan never outlives the test.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // keep reading until the parent goes away
                }
            } catch (java.io.IOException ignored) {
                // parent gone either way
            }
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        LogConfig config = LogConfig.from(Map.of(LogConfigs.FLUSH_MESSAGES, 1, LogConfigs.SEGMENT_BYTES, 64 * 1024,
                LogConfigs.INDEX_INTERVAL_BYTES, 512));
        PartitionLog log = PartitionLog.open(dir, CrashRecoveryIT.TP, config, 0, 0, false, Time.SYSTEM,
                Scheduler.IMMEDIATE);
        System.out.println("READY");
        System.out.flush();
        for (int i = 0; i < 10_000_000; i++) {
            String value = "value-" + i + "-" + "p".repeat(i % 300);
            AppendInfo info = log.appendAsLeader(TestBatches.batch(System.currentTimeMillis(), value), 0);
            System.out.println("ACK " + info.firstOffset() + " " + value);
            System.out.flush();
        }
    }
}
