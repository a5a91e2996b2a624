package io.skiff.compat.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Checks that an external client is installed before a test uses it, so that a missing client fails
 * the test with a message naming what to install instead of an obscure error (or a silent skip). A
 * check that passed is remembered for the rest of the JVM. Thread-safe.
 */
final class Installed {
    private static final long CHECK_TIMEOUT_SECONDS = 30;
    private static final Set<String> PASSED = ConcurrentHashMap.newKeySet();

    private Installed() {}

    /** Runs {@code check}; unless it exits 0, fails with {@code installHint}. */
    static void require(String client, List<String> check, Map<String, String> env, String installHint) {
        if (PASSED.contains(client)) {
            return;
        }
        String problem;
        try {
            ProcessBuilder builder = new ProcessBuilder(check).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process p = builder.start();
            try {
                boolean done = p.waitFor(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (done && p.exitValue() == 0) {
                    PASSED.add(client);
                    return;
                }
                problem = done ? "`" + String.join(" ", check) + "` failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                        : "`" + String.join(" ", check) + "` did not finish";
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        throw new AssertionError(client + " is not usable on this machine: " + problem + "\nInstall: " + installHint);
    }
}
