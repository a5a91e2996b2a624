package io.skiff.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The tools' summary lines as Kafka 4.3.1's tools print them (copied from real runs). */
class LoadToolsTest {
    @Test
    void producerSummaryIsTheLastLineThatCountsEveryRecord() throws IOException {
        String out = "262144 records sent, 52428.8 records/sec (51.20 MB/sec), 401.3 ms avg latency, 700.0 ms max latency.\n"
                + "1000000 records sent, 129988.301053 records/sec (126.94 MB/sec), 89.20 ms avg latency, 530.00 ms max "
                + "latency, 23 ms 50th, 334 ms 95th, 503 ms 99th, 519 ms 99.9th.\n";

        LoadTools.ProducerRun run = LoadTools.parseProducer("p", out, 1_000_000);

        assertThat(run.mbPerSec()).isEqualTo(126.94);
        assertThat(run.recordsPerSec()).isEqualTo(129988.301053);
        assertThat(run.avgLatencyMs()).isEqualTo(89.20);
    }

    @Test
    void aProducerRunThatStoppedShortIsAnError() {
        String out = "262144 records sent, 52428.8 records/sec (51.20 MB/sec), 401.3 ms avg latency, 700.0 ms max latency.\n";

        assertThatThrownBy(() -> LoadTools.parseProducer("p", out, 1_000_000)).isInstanceOf(IOException.class)
                .hasMessageContaining("no summary for 1000000 records");
    }

    @Test
    void consumerRowGivesOverallAndFetchPhaseThroughput() throws IOException {
        String out = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
                + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n"
                + "2026-12-02 06:24:06:519, 2026-12-02 06:24:14:592, 977.0146, 121.0225, 1000463, 123927.0408, 4926, "
                + "3147, 310.4591, 317910.0731\n";

        LoadTools.ConsumerRun run = LoadTools.parseConsumer("c", out, 1_000_000);

        assertThat(run.mbPerSec()).isEqualTo(121.0225);
        assertThat(run.fetchMbPerSec()).isEqualTo(310.4591);
        assertThat(run.rebalanceMs()).isEqualTo(4926);
    }

    @Test
    void aConsumerThatReadLessThanAskedIsAnError() {
        String out = "2026-12-02 06:24:06:519, 2026-12-02 06:24:14:592, 9.7, 1.2, 10000, 1239.0, 4926, 3147, 3.1, 3179.0\n";

        assertThatThrownBy(() -> LoadTools.parseConsumer("c", out, 1_000_000)).isInstanceOf(IOException.class)
                .hasMessageContaining("consumed only 10000");
    }

    @Test
    void pingPongPercentilesAreWholeMilliseconds() throws IOException {
        String out = "0\t41.2\n1000\t1.1\nAvg latency: 1.4571 ms\nPercentiles: 50th = 1, 99th = 7, 99.9th = 69\n";

        LoadTools.Latency l = LoadTools.parsePingPong("e", out);

        assertThat(l.p50()).isEqualTo(1);
        assertThat(l.p99()).isEqualTo(7);
        assertThat(l.p999()).isEqualTo(69);
    }

    @Test
    void atRateResultMustHaveReceivedEverySentRecord() throws IOException {
        String ok = "RESULT sent=125000 received=125000 rate=4999.6 p50=0.519 p99=6.730 p999=10.800 max=16.100\n";
        String lost = "RESULT sent=125000 received=124990 rate=4999.6 p50=0.519 p99=6.730 p999=10.800 max=16.100\n";

        LoadTools.Latency l = LoadTools.parseAtRate("r", ok);

        assertThat(l.p99()).isEqualTo(6.73);
        assertThat(l.rate()).isEqualTo(4999.6);
        assertThatThrownBy(() -> LoadTools.parseAtRate("r", lost)).hasMessageContaining("received 124990");
    }
}
