package io.skiff.compat.clients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * kcat (librdkafka's command-line client) run directly, no driver script.
 *
 * <p>Producing: each record is one {@code kcat -P -l FILE} run, the file holding key, key delimiter
 * and value (any bytes but the two-byte delimiters); its headers go on the command line, built by
 * {@code printf} from {@code \xHH} escapes so non-UTF-8 bytes survive whatever this JVM's locale is.
 * So a key cannot be null, a value cannot be empty ({@code -Z} makes an empty value null), and a
 * header value cannot contain NUL or end in a newline. Consuming prints each record as {@code R partition offset keylen
 * valuelen\n}, the raw key and value, then {@code H name=value,...\n}, so header values read back
 * must not contain ',' or '=' or a newline. kcat has no admin API. Immutable.
 */
public final class KcatClient implements KafkaClient {
    private static final String KEY_DELIMITER = "\\x1f\\x1f";
    private static final String MESSAGE_DELIMITER = "\\x1e\\x1e";
    private static final String FORMAT = "R %p %o %K %S\\n%k%s\\nH %h\\n";

    @Override
    public String name() {
        return "kcat";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void requireInstalled() {
        Installed.require(name(), List.of("kcat", "-V"), Map.of(), "apt-get install kcat (.ci/run installs it)");
    }

    @Override
    public List<String> codecs() {
        return List.of("none", "gzip", "snappy", "lz4", "zstd");
    }

    @Override
    public boolean hasAdmin() {
        return false;
    }

    @Override
    public void createTopic(String bootstrap, String topic, int partitions) {
        throw new UnsupportedOperationException("kcat has no admin API");
    }

    @Override
    public void produce(String bootstrap, String topic, int partition, String codec, List<ClientRecord> records)
            throws Exception {
        for (ClientRecord r : records) {
            if (r.key() == null || (r.value() != null && r.value().isEmpty())) {
                throw new IllegalArgumentException("kcat needs a key, and a value that is null or not empty: " + r);
            }
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            message.write(r.keyBytes());
            message.write(new byte[] {0x1f, 0x1f});
            if (r.value() != null) {
                message.write(r.valueBytes());
            }
            Path file = Files.createTempFile("kcat-record", ".bin");
            try {
                Files.write(file, message.toByteArray());
                StringBuilder script = new StringBuilder("exec kcat -q -b ").append(bootstrap)
                        .append(" -P -t ").append(topic).append(" -p ").append(partition).append(" -z ").append(codec)
                        .append(" -Z -X enable.idempotence=true -K '").append(KEY_DELIMITER).append("' -D '")
                        .append(MESSAGE_DELIMITER).append("' -l '").append(file).append('\'');
                for (ClientRecord.Header h : r.headers()) {
                    byte[] header = (h.name() + "=").getBytes(StandardCharsets.UTF_8);
                    byte[] value = ClientRecord.bytes(h.value());
                    byte[] arg = Arrays.copyOf(header, header.length + value.length);
                    System.arraycopy(value, 0, arg, header.length, value.length);
                    script.append(" -H \"$(printf '").append(escaped(arg)).append("')\"");
                }
                run(script.toString()).close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public List<ClientRecord> consume(String bootstrap, String topic, List<Integer> partitions, int count)
            throws Exception {
        String partition = partitions.size() == 1 ? " -p " + partitions.get(0) : "";
        try (ClientProcess p = run("exec kcat -q -b " + bootstrap + " -C -t " + topic + partition
                + " -o beginning -c " + count + " -f '" + FORMAT + "'")) {
            return parse(p.stdoutBytes());
        }
    }

    /** {@code kcat -G}: auto-commit on, so the offsets of the records it printed are committed when it closes. */
    @Override
    public GroupRun groupConsume(String bootstrap, String topic, String group, int count) throws Exception {
        try (ClientProcess p = run("exec kcat -q -b " + bootstrap + " -G " + group + " -X auto.offset.reset=earliest"
                + " -c " + count + " -f '" + FORMAT + "' " + topic)) {
            return new GroupRun(parse(p.stdoutBytes()), Map.of());
        }
    }

    private ClientProcess run(String script) throws IOException, InterruptedException {
        requireInstalled();
        ClientProcess p = ClientProcess.start("kcat", List.of("bash", "-c", script), Map.of(), null);
        try {
            return p.succeed(RUN_TIMEOUT);
        } catch (IOException | InterruptedException | AssertionError e) {
            p.close();
            throw e;
        }
    }

    private static String escaped(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("\\x%02x", b & 0xff));
        }
        return s.toString();
    }

    /** Parses {@link #FORMAT} output. */
    static List<ClientRecord> parse(byte[] out) {
        List<ClientRecord> records = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < out.length) {
            String[] head = line(out, pos).split(" ");
            if (head.length != 5 || !head[0].equals("R")) {
                throw new AssertionError("unexpected kcat output at byte " + pos[0] + ": " + String.join(" ", head));
            }
            byte[] key = take(out, pos, Integer.parseInt(head[3]));
            byte[] value = take(out, pos, Integer.parseInt(head[4]));
            if (out[pos[0]++] != '\n') {
                throw new AssertionError("kcat record not followed by a newline");
            }
            byte[] headerLine = lineBytes(out, pos);
            List<ClientRecord.Header> headers = new ArrayList<>();
            if (headerLine.length > 2) {
                int start = 2;
                for (int i = 2; i <= headerLine.length; i++) {
                    if (i == headerLine.length || headerLine[i] == ',') {
                        byte[] h = Arrays.copyOfRange(headerLine, start, i);
                        int eq = indexOf(h, (byte) '=');
                        headers.add(ClientRecord.Header.of(new String(h, 0, eq, StandardCharsets.UTF_8),
                                Arrays.copyOfRange(h, eq + 1, h.length)));
                        start = i + 1;
                    }
                }
            }
            records.add(new ClientRecord(Integer.parseInt(head[1]), Long.parseLong(head[2]), ClientRecord.hex(key),
                    ClientRecord.hex(value), headers));
        }
        return records;
    }

    private static byte[] take(byte[] out, int[] pos, int length) {
        if (length < 0) {
            return null;
        }
        byte[] b = Arrays.copyOfRange(out, pos[0], pos[0] + length);
        pos[0] += length;
        return b;
    }

    private static String line(byte[] out, int[] pos) {
        return new String(lineBytes(out, pos), StandardCharsets.UTF_8);
    }

    private static byte[] lineBytes(byte[] out, int[] pos) {
        int end = pos[0];
        while (end < out.length && out[end] != '\n') {
            end++;
        }
        byte[] line = Arrays.copyOfRange(out, pos[0], end);
        pos[0] = end + 1;
        return line;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("kcat header without '=': " + new String(bytes, StandardCharsets.UTF_8));
    }
}
