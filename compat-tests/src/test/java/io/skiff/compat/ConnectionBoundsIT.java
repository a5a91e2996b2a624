package io.skiff.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays bounded with many idle connections: 1,000 clients that each made one request and
 * then went quiet cost the broker only their socket and channel objects (no read or write buffer
 * is held for an idle connection), and everyone keeps being served.
 *
 * <p>The measure is the broker's live heap after a full GC ({@code jcmd GC.run} then
 * {@code GC.heap_info}), which is what the connections retain; RSS is printed for the record but
 * not asserted, since the JVM grows and keeps heap for its own reasons.
 */
class ConnectionBoundsIT {
    private static final int CONNECTIONS = 1_000;
    /** Generous: a Netty channel with its pipeline is a few KiB; a leaked 64 KiB buffer each would fail. */
    private static final long MAX_RETAINED_PER_CONNECTION = 16 * 1024;
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    @Test
    void thousandIdleConnectionsRetainLittleAndEveryoneIsStillServed(@TempDir Path dir) throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dir, Map.of());
                Admin admin = AdminIT.adminFor(broker)) {
            admin.createTopics(List.of(new NewTopic("bounds", 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            long heapBefore = liveHeapBytes(broker.pid());
            long rssBefore = rssBytes(broker.pid());

            List<BadInputIT.Raw> idle = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    BadInputIT.Raw raw = new BadInputIT.Raw(broker.port());
                    idle.add(raw);
                    ApiVersionsResponse response = raw.call(new ApiVersionsRequest.Builder(), (short) 3);
                    assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
                }
                long heapAfter = liveHeapBytes(broker.pid());
                long rssAfter = rssBytes(broker.pid());
                long perConnection = (heapAfter - heapBefore) / CONNECTIONS;
                System.out.printf("%d idle connections: live heap %d -> %d KiB (%d B each), RSS %d -> %d MiB%n",
                        CONNECTIONS, heapBefore / 1024, heapAfter / 1024, perConnection,
                        rssBefore >> 20, rssAfter >> 20);
                assertThat(perConnection).as("live heap retained per idle connection, bytes")
                        .isLessThan(MAX_RETAINED_PER_CONNECTION);

                // With all of them open, a stock client is served, and so is each idle one when it wakes.
                assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).contains("bounds");
                for (BadInputIT.Raw raw : List.of(idle.get(0), idle.get(CONNECTIONS / 2), idle.get(CONNECTIONS - 1))) {
                    ApiVersionsResponse response = raw.call(new ApiVersionsRequest.Builder(), (short) 3);
                    assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
                }
            } finally {
                for (BadInputIT.Raw raw : idle) {
                    raw.close();
                }
            }
        }
    }

    private static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        assertThat(m.find()).as("heap info: %s", info).isTrue();
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jcmd %s", command).isTrue();
        assertThat(p.exitValue()).as("jcmd %s: %s", command, out).isZero();
        return out;
    }
}
