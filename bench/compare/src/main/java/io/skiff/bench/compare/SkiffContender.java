package io.skiff.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This broker as a user starts it: {@code bin/broker} with the repository's {@code config/server.properties}
 * (embedded ZooKeeper, Kafka's defaults for everything not set there), only the listener port and
 * {@code log.dirs} overridden. {@code bin/broker}'s JVM flags are {@code -Xms16m -Xmx1g -XX:+UseSerialGC}
 * with its class-data archive ({@code SKIFF_HEAP_OPTS}, {@code SKIFF_GC_OPTS} unset); {@code SKIFF_JVM_OPTS}
 * carries the profiling flags when asked for.
 */
final class SkiffContender extends Contender {
    private final Path repoRoot;
    private final String extraJvmOpts;

    SkiffContender(Path repoRoot, String extraJvmOpts) {
        this.repoRoot = repoRoot;
        this.extraJvmOpts = extraJvmOpts;
    }

    @Override
    String name() {
        return "skiff";
    }

    @Override
    String jvmSummary() {
        return "-Xms16m -Xmx1g -XX:+UseSerialGC, AppCDS archive (bin/broker defaults)";
    }

    @Override
    void prepare(Path dir, int port) {
        // Nothing to format: the first start creates meta.properties and the embedded ZooKeeper's data.
    }

    @Override
    List<String> command(Path dir, int port) {
        return new ArrayList<>(List.of(repoRoot.resolve("bin/broker").toString(),
                repoRoot.resolve("config/server.properties").toString(),
                "--override", "listeners=PLAINTEXT://localhost:" + port,
                "--override", "log.dirs=" + dir.resolve("kafka-logs")));
    }

    /** The environment bin/broker runs with: the caller's, plus profiling flags if any. */
    @Override
    void configure(ProcessBuilder builder) {
        builder.environment().remove("SKIFF_HEAP_OPTS");
        if (!extraJvmOpts.isEmpty()) {
            builder.environment().put("SKIFF_JVM_OPTS", extraJvmOpts);
        } else {
            builder.environment().remove("SKIFF_JVM_OPTS");
        }
    }
}
