package io.skiff.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reads this test JVM's own /proc entries (Linux only, as the benchmark). */
class ProcTest {
    private final long self = ProcessHandle.current().pid();

    @Test
    void cpuTimeOfARunningJvmIsPositiveAndNeverDecreases() throws IOException {
        double before = Proc.cpuSeconds(self);
        long sink = 0;
        for (int i = 0; i < 50_000_000; i++) {
            sink += i ^ (sink >>> 3);
        }
        assertThat(sink).isNotZero();
        assertThat(before).isPositive();
        assertThat(Proc.cpuSeconds(self)).isGreaterThanOrEqualTo(before);
    }

    @Test
    void residentSetIsBelowItsPeak() throws IOException {
        long rss = Proc.rssBytes(self);

        assertThat(rss).isPositive();
        assertThat(Proc.peakRssBytes(self)).isGreaterThanOrEqualTo(rss);
    }

    @Test
    void threadsNamedAlikeButForANumberAreOneGroup() throws Exception {
        Thread a = new Thread(ProcTest::spin, "bench-worker-1");
        Thread b = new Thread(ProcTest::spin, "bench-worker-2");
        java.util.Map<String, Double> before = Proc.threadGroupCpu(self);
        a.start();
        b.start();
        java.util.Map<String, Double> during = Proc.threadGroupCpu(self);
        a.join();
        b.join();

        assertThat(during).containsKey("bench-worker").doesNotContainKey("bench-worker-1");
        assertThat(Proc.cpuDelta(before, during, 50)).doesNotContain("bench-worker-2");
    }

    private static void spin() {
        long end = System.nanoTime() + 300_000_000L;
        long sink = 0;
        while (System.nanoTime() < end) {
            sink++;
        }
        if (sink == 42) {
            System.out.println(sink);
        }
    }
}
