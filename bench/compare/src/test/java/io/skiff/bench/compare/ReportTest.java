package io.skiff.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void medianOfOddAndEvenCounts() {
        Report r = new Report();
        Report.Figure f = r.define("x", "ms", Double.NaN, false);
        r.add(f, "a", 3);
        r.add(f, "a", 1);
        r.add(f, "a", 2);
        r.add(f, "b", 4);
        r.add(f, "b", 1);

        assertThat(r.median(f, "a")).isEqualTo(2);
        assertThat(r.median(f, "b")).isEqualTo(2.5);
        assertThat(r.median(f, "c")).isNaN();
    }

    @Test
    void targetsAreFloorsForThroughputAndCeilingsForCosts() {
        Report r = new Report();
        Report.Figure throughput = r.define("producer", "MiB/s", 1.5, true);
        Report.Figure latency = r.define("p99", "ms", 0.5, false);
        r.add(throughput, "kafka", 100);
        r.add(throughput, "skiff", 149);
        r.add(latency, "kafka", 10);
        r.add(latency, "skiff", 5);

        String table = r.table("kafka", "skiff");

        assertThat(table).contains("| producer (MiB/s) | 100 | 149 | 1.49 | >= 1.50x | **no** |");
        assertThat(table).contains("| p99 (ms) | 10.0 | 5.00 | 0.500 | <= 0.500x | yes |");
    }
}
