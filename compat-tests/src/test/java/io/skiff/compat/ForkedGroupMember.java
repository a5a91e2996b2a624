package io.skiff.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A group member in its own JVM, so that a test can crash it for real: SIGKILL, no LeaveGroup, no commit on
 * the way out; the coordinator must notice by the session timeout. The child runs a {@link GroupWorker} and
 * prints every event as one flushed line on stdout ({@code RECORD p offset value}, {@code ASSIGNED gen
 * p,p committed p=o,p=o}, {@code REVOKED gen p,p}, {@code LOST p,p}, {@code COMMITTED p=o,p=o}); the line
 * {@code STOP_COMMITTING} on its stdin turns its commits off. The parent side ({@link #start}) replays those
 * lines into a {@link GroupLedger} as the member's events.
 */
final class ForkedGroupMember implements AutoCloseable {
    private final Process process;
    private final Thread pump;
    private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

    private ForkedGroupMember(Process process, GroupWorker.Events events) {
        this.process = process;
        this.pump = new Thread(() -> pump(events), "forked-member-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Child entry point: {@code bootstrap group topic clientId [assignor class]}. */
    public static void main(String[] args) throws Exception {
        Properties p = GroupWorker.properties(args[0], args[1], args[3]);
        if (args.length > 4) {
            p.put("partition.assignment.strategy", args[4]);
        }
        PrintStream out = System.out; // shared with the client's log lines, which println keeps whole
        GroupWorker worker = new GroupWorker(args[3], args[2], p, new Printer(out)).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("STOP_COMMITTING")) {
                    worker.stopCommitting();
                    out.println("STOPPED");
                    out.flush();
                }
            }
        }
        worker.stop(); // stdin closed: the parent wants a clean exit
    }

    /** Starts a member in a child JVM on this test's classpath; its events go to {@code events}. */
    static ForkedGroupMember start(String bootstrap, String group, String topic, String clientId, String assignor,
                                   GroupWorker.Events events) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ForkedGroupMember.class.getName(), bootstrap, group, topic, clientId));
        if (assignor != null) {
            command.add(assignor);
        }
        return new ForkedGroupMember(new ProcessBuilder(command).redirectErrorStream(true).start(), events);
    }

    void stopCommitting() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("STOP_COMMITTING\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    boolean printed(String prefix) {
        synchronized (output) {
            return output.stream().anyMatch(l -> l.startsWith(prefix));
        }
    }

    /** SIGKILL: the member vanishes mid-work. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        pump.join(10_000);
    }

    String recentOutput() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 50), output.size()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void pump(GroupWorker.Events events) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                replay(line, events);
            }
        } catch (IOException e) {
            output.add("pump failed: " + e);
        }
    }

    private static void replay(String line, GroupWorker.Events events) {
        String[] f = line.split(" ", 4);
        switch (f[0]) {
            case "RECORD" -> events.record(Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3]);
            case "ASSIGNED" -> events.assigned(Integer.parseInt(f[1]), set(f[2]), map(f[3]));
            case "REVOKED" -> events.revoked(Integer.parseInt(f[1]), set(f[2]));
            case "LOST" -> events.lost(set(f[1]));
            case "COMMITTED" -> events.committed(map(f[1]));
            default -> { } // the client's own log lines
        }
    }

    private static Set<Integer> set(String s) {
        Set<Integer> set = new TreeSet<>();
        if (!s.equals("-")) {
            for (String p : s.split(",")) {
                set.add(Integer.parseInt(p));
            }
        }
        return set;
    }

    private static Map<Integer, Long> map(String s) {
        Map<Integer, Long> map = new HashMap<>();
        if (!s.equals("-")) {
            for (String e : s.split(",")) {
                String[] kv = e.split("=");
                map.put(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
            }
        }
        return map;
    }

    /** The child's side: each event as one line. */
    private record Printer(PrintStream out) implements GroupWorker.Events {
        @Override
        public void record(int partition, long offset, String value) {
            print("RECORD " + partition + " " + offset + " " + value);
        }

        @Override
        public void assigned(int generation, Set<Integer> assignment, Map<Integer, Long> committedForAdded) {
            print("ASSIGNED " + generation + " " + join(assignment) + " " + join(committedForAdded));
        }

        @Override
        public void revoked(int generation, Set<Integer> revoked) {
            print("REVOKED " + generation + " " + join(revoked));
        }

        @Override
        public void lost(Set<Integer> lost) {
            print("LOST " + join(lost));
        }

        @Override
        public void committed(Map<Integer, Long> offsets) {
            print("COMMITTED " + join(offsets));
        }

        private void print(String line) {
            out.println(line);
            out.flush(); // each event reaches the parent before the next step, so a kill loses none printed
        }

        private static String join(Set<Integer> s) {
            return s.isEmpty() ? "-" : s.stream().map(String::valueOf).collect(Collectors.joining(","));
        }

        private static String join(Map<Integer, Long> m) {
            return m.isEmpty() ? "-" : m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }
    }
}
